import { randomBytes } from 'node:crypto';
import { bearerToken } from '../auth/bearer-token.ts';
import { auditActorOf, type Principal, type SessionInUse, type SessionUser } from '../auth/principal.ts';
import { assertSessionGoesOn } from '../auth/session-standing.ts';
import { issueSessionToken, sessionLimitOf, verifySessionToken, type SessionToken } from '../auth/session-token.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { decoyPasswordHash, verifyPassword } from '../crypto/password-hash.ts';
import { ApiError } from '../errors.ts';
import type { ServerSigningKey } from '../keys/server-signing-key.ts';
import type { LoginBody } from '../schemas/users.ts';
import type { PersonActor } from '../store/repositories/audit.ts';
import type { Credentials, User } from '../store/repositories/users.ts';

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

export interface Session extends SessionToken {
  user: User;
}

/** 128 random bits: a session id nobody guesses, the same in every renewal of the session. */
const newSessionId = (): string => randomBytes(16).toString('base64url');

/** A new session for the user as stored now: it outlives nothing that ends the user's sessions before it. */
export async function startSession(ctx: SessionContext, user: User): Promise<Session> {
  const now = ctx.clock.now();
  const session = { userId: user.id, generation: user.sessionGeneration, sessionId: newSessionId(), startedAt: now };
  return { ...(await issueSessionToken(ctx.signingKey, session, now)), user };
}

/**
 * The password against the credentials stored for `body.username` (read by the caller). Unknown user, wrong password
 * and disabled account all answer the same code after the same amount of work, so the answer does not tell which
 * usernames exist.
 */
export async function login(ctx: SessionContext, body: LoginBody, found: Credentials | undefined): Promise<Session> {
  const valid = await verifyPassword(body.password, found?.passwordHash ?? (await decoyPasswordHash()));
  if (!found || !valid || found.user.disabled) throw new ApiError('ERR_LOGIN_FAILED', 'the username or password is wrong');
  return startSession(ctx, found.user);
}

function personOf(principal: Principal): { user: SessionUser; session: SessionInUse; actor: PersonActor } {
  const actor = auditActorOf(principal);
  if (principal.kind !== 'user' || actor.userId === null) throw new ApiError('ERR_FORBIDDEN', 'only a signed-in person has a session');
  return { user: principal.user, session: principal.session, actor };
}

/** The account of the signed-in person, all of it, as stored now. */
export async function sessionAccount(ctx: ReadContext, principal: Principal): Promise<User> {
  const account = await ctx.read.users.byId(personOf(principal).user.id);
  // The principal was loaded for this request; a user deleted in between is a stale session.
  if (!account) throw new ApiError('ERR_SESSION_INVALID', 'the account behind this session no longer exists');
  return account;
}

/**
 * A fresh token of the session in use, checked as every request is (so never for a session that ended), for
 * SESSION_SECONDS more but never past the session's limit from its sign-in: past it the token has expired and the
 * password is asked again.
 */
export async function renewSession(ctx: SessionContext, principal: Principal): Promise<Session> {
  const { user, session } = personOf(principal);
  const account = await sessionAccount(ctx, principal);
  const claims = { userId: user.id, generation: user.sessionGeneration, sessionId: session.id, startedAt: session.startedAt };
  return { ...(await issueSessionToken(ctx.signingKey, claims, ctx.clock.now())), user: account };
}

/** Signs the session in use out: its token, and every renewal of it, is refused from then on. */
export async function endSession(ctx: WriteContext, principal: Principal): Promise<void> {
  const { session, actor } = personOf(principal);
  await ctx.write.sessions.end(isoTimestamp(sessionLimitOf(session)), isoTimestamp(ctx.clock.now()), actor);
}

/**
 * The principal behind a session token, loaded fresh so a disabled account stops at once, and a session from
 * before a change of password, role or organisation (or before a disable), or one signed out, is refused.
 */
export async function principalForSession(ctx: SessionContext, authorization: string | undefined): Promise<Principal> {
  const token = bearerToken(authorization);
  if (!token) throw new ApiError('ERR_AUTH_REQUIRED', 'sign in first: send Authorization: Bearer <session token>');
  const session = await verifySessionToken(ctx.signingKey, token, ctx.clock.now());
  const [user, signedOut] = await Promise.all([ctx.read.users.byId(session.userId), ctx.read.sessions.wasSignedOut(session.sessionId)]);
  assertSessionGoesOn(user, { generation: session.generation, signedOut });
  return { kind: 'user', user: sessionUser(user), session: { id: session.sessionId, startedAt: session.startedAt } };
}
