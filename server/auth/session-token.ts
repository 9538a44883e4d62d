import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { epochSeconds } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { ServerSigningKey } from '../keys/server-signing-key.ts';

/**
 * Human sessions: a short-lived JWT the server signs with its own Ed25519 key. The distinct `typ` and
 * `aud` keep it from being confused with anything else that key signs (the revocation list). `gen` is the
 * user's session generation when it was issued: the request compares it with the user it loads anyway, so
 * ending every session of a user is one counter, with no list of sessions to keep.
 */
export const SESSION_TYP = 'mic-session+jwt';
export const SESSION_AUDIENCE = 'member-card-console';
export const SESSION_SECONDS = 30 * 60;

const SessionClaimsSchema = z.object({ sub: z.string().regex(/^\d+$/), gen: z.number().int().nonnegative(), iat: z.number().int(), exp: z.number().int() });

export interface SessionClaims {
  userId: number;
  /** the user's session generation the token was issued under */
  generation: number;
}

export async function issueSessionToken(key: ServerSigningKey, session: SessionClaims, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const iat = epochSeconds(now);
  const token = await new SignJWT({ gen: session.generation })
    .setProtectedHeader({ alg: 'EdDSA', typ: SESSION_TYP, kid: key.kid })
    .setSubject(String(session.userId))
    .setAudience(SESSION_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + SESSION_SECONDS)
    .sign(key.privateKey);
  return { token, expiresAt: new Date((iat + SESSION_SECONDS) * 1000) };
}

/** The user and generation a valid session token names; ERR_SESSION_EXPIRED or ERR_SESSION_INVALID otherwise. */
export async function verifySessionToken(key: ServerSigningKey, token: string, now: Date): Promise<SessionClaims> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['EdDSA'],
      typ: SESSION_TYP,
      audience: SESSION_AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'gen', 'iat', 'exp'],
    });
    const claims = SessionClaimsSchema.parse(payload);
    return { userId: Number(claims.sub), generation: claims.gen };
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new ApiError('ERR_SESSION_EXPIRED', 'the session has expired; sign in again');
    throw new ApiError('ERR_SESSION_INVALID', 'the session token is not valid', undefined, { cause: error });
  }
}
