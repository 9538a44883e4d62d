import { login, startSession } from '../../domain/sessions.ts';
import { changeOwnPassword } from '../../domain/users.ts';
import { ApiError } from '../../errors.ts';
import { ChangePasswordBodySchema, LoginBodySchema, LoginResultSchema, UserSchema } from '../../schemas/users.ts';
import { publicRoute, userRoute } from '../route.ts';
import { userView } from '../views.ts';

export const authRoutes = [
  publicRoute({
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with username and password; returns a session token',
    tags: ['auth'],
    body: { schema: LoginBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'signed in', schema: LoginResultSchema }],
    async handle({ ctx, body }) {
      const session = await login(ctx, body);
      return { status: 200, body: { token: session.token, expiresAt: session.expiresAt.toISOString(), user: userView(session.user) } };
    },
  }),
  userRoute({
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in user',
    tags: ['auth'],
    action: 'session.read',
    responses: [{ status: 200, description: 'the user', schema: UserSchema }],
    async handle({ ctx, principal }) {
      // The principal was loaded for this request; a user deleted in between is a stale session.
      const user = principal.kind === 'user' ? await ctx.read.users.byId(principal.user.id) : undefined;
      if (!user) throw new ApiError('ERR_SESSION_INVALID', 'the account behind this session no longer exists');
      return { status: 200, body: userView(user) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/auth/password',
    summary: 'Change your own password (the current one is required); returns a fresh session',
    description:
      'Every role may. Every session of the account ends, the one in use too, so one left open elsewhere stops working; the reply carries a new session token to go on with.',
    tags: ['auth'],
    action: 'password.change',
    body: { schema: ChangePasswordBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'changed; a fresh session', schema: LoginResultSchema }],
    async handle({ ctx, principal, body }) {
      const session = await startSession(ctx, await changeOwnPassword(ctx, principal, body));
      return { status: 200, body: { token: session.token, expiresAt: session.expiresAt.toISOString(), user: userView(session.user) } };
    },
  }),
];
