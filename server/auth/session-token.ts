import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { epochSeconds } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { ServerSigningKey } from '../keys/server-signing-key.ts';

/**
 * Human sessions: a short-lived JWT the server signs with its own Ed25519 key. The distinct `typ` and
 * `aud` keep it from being confused with anything else that key signs (the revocation list). `gen` is the
 * user's session generation when it was issued: the request compares it with the user it loads anyway, so
 * ending every session of a user is one counter, with no list of sessions to keep. `sid` names the session
 * and `auth_time` its sign-in: a renewal keeps both, so signing out ends every token of the session (a row of
 * ended sessions, looked up by `sid`), and renewals stop at a limit counted from the sign-in.
 */
export const SESSION_TYP = 'mic-session+jwt';
export const SESSION_AUDIENCE = 'member-card-console';
/** How long one token lasts: a console left alone this long asks for the password again. */
export const SESSION_SECONDS = 30 * 60;
/**
 * How far renewals take a session from its sign-in. Twelve hours hold a long working day on one sign-in (a branch
 * secretary's meetings and the paperwork after them, from morning to evening), while a console left open overnight
 * asks for the password in the morning, and a token copied from a shared computer or a log is of no use the next
 * day however it was renewed.
 */
export const SESSION_LIMIT_SECONDS = 12 * 60 * 60;

const SessionClaimsSchema = z.object({
  sub: z.string().regex(/^\d+$/),
  gen: z.number().int().nonnegative(),
  sid: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  auth_time: z.number().int(),
  iat: z.number().int(),
  exp: z.number().int(),
});

export interface SessionClaims {
  userId: number;
  /** the user's session generation the token was issued under */
  generation: number;
  /** the session's id, the same in every renewal of it */
  sessionId: string;
  /** when the session was signed in to */
  startedAt: Date;
}

export interface SessionToken {
  token: string;
  expiresAt: Date;
  /** the latest a renewal can take the session to: its limit from the sign-in */
  renewableUntil: Date;
}

export const sessionLimitOf = (session: Pick<SessionClaims, 'startedAt'>): Date => new Date((epochSeconds(session.startedAt) + SESSION_LIMIT_SECONDS) * 1000);

/** A token of the session for the next SESSION_SECONDS, never past the session's limit. */
export async function issueSessionToken(key: ServerSigningKey, session: SessionClaims, now: Date): Promise<SessionToken> {
  const iat = epochSeconds(now);
  const limit = sessionLimitOf(session);
  const exp = Math.min(iat + SESSION_SECONDS, epochSeconds(limit));
  const token = await new SignJWT({ gen: session.generation, sid: session.sessionId, auth_time: epochSeconds(session.startedAt) })
    .setProtectedHeader({ alg: 'EdDSA', typ: SESSION_TYP, kid: key.kid })
    .setSubject(String(session.userId))
    .setAudience(SESSION_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey);
  return { token, expiresAt: new Date(exp * 1000), renewableUntil: limit };
}

/** The session a valid session token names; ERR_SESSION_EXPIRED or ERR_SESSION_INVALID otherwise. */
export async function verifySessionToken(key: ServerSigningKey, token: string, now: Date): Promise<SessionClaims> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['EdDSA'],
      typ: SESSION_TYP,
      audience: SESSION_AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'gen', 'sid', 'auth_time', 'iat', 'exp'],
    });
    const claims = SessionClaimsSchema.parse(payload);
    return { userId: Number(claims.sub), generation: claims.gen, sessionId: claims.sid, startedAt: new Date(claims.auth_time * 1000) };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new ApiError('ERR_SESSION_EXPIRED', 'the session has expired; sign in again');
    throw new ApiError('ERR_SESSION_INVALID', 'the session token is not valid', undefined, { cause: error });
  }
}
