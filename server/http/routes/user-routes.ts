import { changeUserRole, createUser, linkUserMember, listUsers, renameUser, resetPassword, setUserDisabled } from '../../domain/users.ts';
import {
  ChangeRoleBodySchema,
  CreateUserBodySchema,
  LinkMemberBodySchema,
  RenameUserBodySchema,
  ResetPasswordBodySchema,
  UserListQuerySchema,
  UserListSchema,
  UserParamsSchema,
  UserSchema,
} from '../../schemas/users.ts';
import { userRoute } from '../route.ts';
import { userView } from '../views.ts';

export const userRoutes = [
  userRoute({
    method: 'post',
    path: '/users',
    summary: 'Create a user (organisers: non-admin roles inside their subtree)',
    tags: ['users'],
    action: 'user.create',
    body: { schema: CreateUserBodySchema, limit: '16kb' },
    responses: [{ status: 201, description: 'created', schema: UserSchema }],
    async handle({ ctx, principal, body }) {
      return { status: 201, body: userView(await createUser(ctx, principal, body)) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/users',
    summary: 'Users within reach',
    tags: ['users'],
    action: 'user.read',
    query: UserListQuerySchema,
    responses: [{ status: 200, description: 'the users', schema: UserListSchema }],
    async handle({ ctx, principal, query }) {
      return { status: 200, body: { users: (await listUsers(ctx, principal, query.org)).map(userView) } };
    },
  }),
  userRoute({
    method: 'post',
    path: '/users/:id/member',
    summary: 'Link a user to the member they are (or unlink with null)',
    description: 'A member linked to a secretary of organisation X counts as a secretary of X: their card confirms transfer acceptances at X’s kiosks, and the kiosk roster marks them.',
    tags: ['users'],
    action: 'user.update',
    params: UserParamsSchema,
    body: { schema: LinkMemberBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the user', schema: UserSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: userView(await linkUserMember(ctx, principal, params.id, body)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/users/:id/display-name',
    summary: 'Give a user another display name, or none with null (organisers: inside their subtree, never an admin; everyone: their own)',
    description: 'Spaces around the name are dropped; 1–64 characters remain. The same name again changes nothing and leaves no audit row. Sessions go on.',
    tags: ['users'],
    action: 'user.display-name',
    params: UserParamsSchema,
    body: { schema: RenameUserBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the user, with the new name', schema: UserSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: userView(await renameUser(ctx, principal, params.id, body)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/users/:id/disable',
    summary: 'Disable a user: sign-in is refused and their sessions end at once (organisers: inside their subtree)',
    description: 'Nobody disables their own account. The user stays on record and can be enabled again; sessions from before the disable stay ended.',
    tags: ['users'],
    action: 'user.disable',
    params: UserParamsSchema,
    responses: [{ status: 200, description: 'the user, disabled', schema: UserSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: userView(await setUserDisabled(ctx, principal, params.id, true)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/users/:id/enable',
    summary: 'Enable a disabled user again (organisers: inside their subtree)',
    tags: ['users'],
    action: 'user.disable',
    params: UserParamsSchema,
    responses: [{ status: 200, description: 'the user, enabled', schema: UserSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: userView(await setUserDisabled(ctx, principal, params.id, false)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/users/:id/password',
    summary: 'Set a new password for a user who forgot theirs; every session of the user ends (organisers: inside their subtree, never an admin)',
    description:
      'For someone else: your own password is changed with POST /auth/password and the current one. The audit row holds neither password nor hash. When the only admin forgot theirs: npm run admin -- user:reset-password.',
    tags: ['users'],
    action: 'user.password.reset',
    params: UserParamsSchema,
    body: { schema: ResetPasswordBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the user, whose sessions have ended', schema: UserSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: userView(await resetPassword(ctx, principal, params.id, body)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/users/:id/role',
    summary: 'Give a user another role or organisation (admins only); every session of the user ends',
    description: 'An admin has no organisation; every other role needs one. The last enabled admin cannot be given another role.',
    tags: ['users'],
    action: 'user.role.change',
    params: UserParamsSchema,
    body: { schema: ChangeRoleBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the user, with the new role', schema: UserSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: userView(await changeUserRole(ctx, principal, params.id, body)) };
    },
  }),
];
