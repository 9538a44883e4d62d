import { bearerToken } from '../auth/bearer-token.ts';
import type { Principal, SessionUser } from '../auth/principal.ts';
import { assertSessionGoesOn } from '../auth/session-standing.ts';
import { issueSessionToken, verifySessionToken } from '../auth/session-token.ts';
import type { ReadContext } from '../context.ts';
import { decoyPasswordHash, verifyPassword } from '../crypto/password-hash.ts';
import { ApiError } from '../errors.ts';
import type { ServerSigningKey } from '../keys/server-signing-key.ts';
import type { LoginBody } from '../schemas/users.ts';
import type { User } from '../store/repositories/users.ts';

type SessionContext = ReadContext & { signingKey: ServerSigningKey };

const sessionUser = (user: User): SessionUser => ({
  id: user.id,
  username: user.username,
  role: user.role,
  orgId: user.orgId,
  orgCode: user.orgCode,
  orgPath: user.orgPath,
  sessionGeneration: user.sessionGeneration,
});

export interface Session {
  token: string;
  expiresAt: Date;
  user: User;
}

/** A new session for the user as stored now: it outlives nothing that ends the user's sessions before it. */
export async function startSession(ctx: SessionContext, user: User): Promise<Session> {
  return { ...(await issueSessionToken(ctx.signingKey, { userId: user.id, generation: user.sessionGeneration }, ctx.clock.now())), user };
}

/**
 * Unknown user, wrong password and disabled account all answer the same code after the same amount of
 * work, so the answer does not tell which usernames exist.
 */
export async function login(ctx: SessionContext, body: LoginBody): Promise<Session> {
  const found = await ctx.read.users.credentials(body.username);
  const valid = await verifyPassword(body.password, found?.passwordHash ?? (await decoyPasswordHash()));
  if (!found || !valid || found.user.disabled) throw new ApiError('ERR_LOGIN_FAILED', 'the username or password is wrong');
  return startSession(ctx, found.user);
}

/**
 * The principal behind a session token, loaded fresh so a disabled account stops at once, and a session from
 * before a change of password, role or organisation (or before a disable) is refused.
 */
export async function principalForSession(ctx: SessionContext, authorization: string | undefined): Promise<Principal> {
  const token = bearerToken(authorization);
  if (!token) throw new ApiError('ERR_AUTH_REQUIRED', 'sign in first: send Authorization: Bearer <session token>');
  const session = await verifySessionToken(ctx.signingKey, token, ctx.clock.now());
  const user = await ctx.read.users.byId(session.userId);
  assertSessionGoesOn(user, session.generation);
  return { kind: 'user', user: sessionUser(user) };
}
