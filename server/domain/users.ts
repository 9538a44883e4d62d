import { assertCanGrant, authorize, authorizeAccount, listScope } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { hashPassword, verifyPassword } from '../crypto/password-hash.ts';
import { ApiError } from '../errors.ts';
import type { Role } from '../schemas/common.ts';
import type { ChangePasswordBody, ChangeRoleBody, CreateUserBody, LinkMemberBody, RenameUserBody, ResetPasswordBody } from '../schemas/users.ts';
import type { User } from '../store/repositories/users.ts';
import { requireMember, requireOrg } from './lookups.ts';
import { authorizeMemberAccess } from './members.ts';

/** The member a user is linked to, which the principal must be able to see. */
async function linkableMember(ctx: ReadContext, principal: Principal, memberNumber: string): Promise<number> {
  const member = await requireMember(ctx.read, memberNumber);
  await authorizeMemberAccess(ctx, principal, 'member.read', member);
  return member.id;
}

export const MIN_PASSWORD_LENGTH = 10;

function assertStrongEnough(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new ApiError('ERR_PASSWORD_TOO_WEAK', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`, { minLength: MIN_PASSWORD_LENGTH });
  }
}

/** The organisation a role needs (none for an admin, one for everyone else), checked against the principal's reach. */
async function orgForRole(ctx: ReadContext, principal: Principal, action: 'user.create' | 'user.role.change', body: { role: Role; org?: string }): Promise<number | null> {
  if (body.role === 'admin') {
    if (body.org !== undefined) throw new ApiError('ERR_VALIDATION', 'an admin has no organisation; leave org out', { field: 'org' });
    authorize(principal, action, null);
    return null;
  }
  if (body.org === undefined) throw new ApiError('ERR_VALIDATION', `a ${body.role} needs an organisation (org)`, { field: 'org' });
  const org = await requireOrg(ctx.read, body.org);
  authorize(principal, action, org);
  return org.id;
}

export async function createUser(ctx: WriteContext, principal: Principal, body: CreateUserBody): Promise<User> {
  assertCanGrant(principal, body.role);
  const orgId = await orgForRole(ctx, principal, 'user.create', body);
  assertStrongEnough(body.password);
  const memberId = body.member === undefined ? null : await linkableMember(ctx, principal, body.member);
  return ctx.write.users.create(
    { username: body.username, displayName: body.displayName ?? null, passwordHash: await hashPassword(body.password), role: body.role, orgId, memberId },
    isoTimestamp(ctx.clock.now()),
    auditActorOf(principal),
  );
}

/** The first admin, created by the operator with the admin command; refused once one exists. */
export async function initialiseFirstAdmin(ctx: WriteContext, operator: Principal, username: string, password: string): Promise<User> {
  assertStrongEnough(password);
  return ctx.write.users.createFirstAdmin(
    { username, passwordHash: await hashPassword(password), role: 'admin', orgId: null },
    isoTimestamp(ctx.clock.now()),
    auditActorOf(operator),
  );
}

export async function listUsers(ctx: ReadContext, principal: Principal, org?: string): Promise<User[]> {
  const requested = org === undefined ? undefined : await requireOrg(ctx.read, org);
  return ctx.read.users.list(listScope(principal, 'user.read', requested));
}

async function requireUser(ctx: ReadContext, userId: number): Promise<User> {
  const user = await ctx.read.users.byId(userId);
  if (!user) throw new ApiError('ERR_USER_NOT_FOUND', `no user has id ${userId}`, { user: userId });
  return user;
}

/** For the admin command, which names users as people do. */
export async function requireUsername(ctx: ReadContext, username: string): Promise<User> {
  const found = await ctx.read.users.credentials(username);
  if (!found) throw new ApiError('ERR_USER_NOT_FOUND', `no user is called ${username}; usernames are case-sensitive`, { username });
  return found.user;
}

const userOrg = (user: User): { path: string } | null => (user.orgPath === null ? null : { path: user.orgPath });

/** Links a user to the member they are (or unlinks): who may change the user, for a member they may see. */
export async function linkUserMember(ctx: WriteContext, principal: Principal, userId: number, body: LinkMemberBody): Promise<User> {
  const user = await requireUser(ctx, userId);
  authorize(principal, 'user.update', userOrg(user));
  const memberId = body.member === null ? null : await linkableMember(ctx, principal, body.member);
  return ctx.write.users.linkMember(user.id, memberId, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
}

/**
 * Another display name for a user (or none): a misspelt name put right by who looks after the account, or by the
 * person themselves. Sessions go on: the name decides nothing.
 */
export async function renameUser(ctx: WriteContext, principal: Principal, userId: number, body: RenameUserBody): Promise<User> {
  const user = await requireUser(ctx, userId);
  authorizeAccount(principal, 'user.display-name', { id: user.id, orgPath: user.orgPath });
  return ctx.write.users.setDisplayName(user.id, body.displayName, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
}

/**
 * A disabled user cannot sign in, and their sessions stop at their next request (each request loads the user
 * afresh); a disabled secretary no longer confirms acceptances at the kiosk. Nobody disables their own account,
 * so the last admin cannot lock everyone out by a slip.
 */
export async function setUserDisabled(ctx: WriteContext, principal: Principal, userId: number, disabled: boolean): Promise<User> {
  const user = await requireUser(ctx, userId);
  authorize(principal, 'user.disable', userOrg(user));
  if (disabled && principal.kind === 'user' && principal.user.id === user.id) {
    throw new ApiError('ERR_USER_DISABLE_SELF', 'you cannot disable your own account; ask another administrator or organiser');
  }
  return ctx.write.users.setDisabled(user.id, disabled, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
}

/**
 * The signed-in user's own password, after the current one is proven; the new one is held to the same length rule.
 * Every session of the user ends, the one in use too: the caller starts a fresh one for the user it returns.
 */
export async function changeOwnPassword(ctx: WriteContext, principal: Principal, body: ChangePasswordBody): Promise<User> {
  if (principal.kind !== 'user') throw new ApiError('ERR_FORBIDDEN', 'only a signed-in user changes their own password');
  const found = await ctx.read.users.credentials(principal.user.username);
  if (!found || !(await verifyPassword(body.currentPassword, found.passwordHash))) {
    throw new ApiError('ERR_PASSWORD_WRONG', 'the current password is not right; type it again, minding upper and lower case');
  }
  assertStrongEnough(body.newPassword);
  // The session checked again as the write takes its turn: a second click of the same change, decided while the
  // first was hashing, finds the session the first one ended (as a click after it would).
  return ctx.write.users.setPasswordHash(found.user.id, await hashPassword(body.newPassword), 'changed', isoTimestamp(ctx.clock.now()), auditActorOf(principal));
}

/**
 * Someone else's forgotten password, set by who may disable them; every session of the user ends. A signed-in
 * user changes their own with the current one instead, so a session left open cannot take over the account.
 */
export async function resetPassword(ctx: WriteContext, principal: Principal, userId: number, body: ResetPasswordBody): Promise<User> {
  const user = await requireUser(ctx, userId);
  authorize(principal, 'user.password.reset', userOrg(user));
  if (principal.kind === 'user' && principal.user.id === user.id) {
    throw new ApiError('ERR_PASSWORD_RESET_SELF', 'to change your own password, use POST /auth/password with your current one');
  }
  assertStrongEnough(body.newPassword);
  return ctx.write.users.setPasswordHash(user.id, await hashPassword(body.newPassword), 'reset', isoTimestamp(ctx.clock.now()), auditActorOf(principal));
}

/** Another role or organisation for a user (admins only); every session of the user ends, and the last admin stays one. */
export async function changeUserRole(ctx: WriteContext, principal: Principal, userId: number, body: ChangeRoleBody): Promise<User> {
  const user = await requireUser(ctx, userId);
  const orgId = await orgForRole(ctx, principal, 'user.role.change', body);
  return ctx.write.users.changeRole(user.id, body.role, orgId, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
}
