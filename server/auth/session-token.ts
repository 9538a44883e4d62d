import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { epochSeconds } from '../clock.ts';
import { ApiError } from '../errors.ts';
import type { ServerSigningKey } from '../keys/server-signing-key.ts';

/**
 * Human sessions: a short-lived JWT the server signs with its own Ed25519 key. The distinct `typ` and
 * `aud` keep it from being confused with anything else that key signs (the revocation list).
 */
export const SESSION_TYP = 'mic-session+jwt';
export const SESSION_AUDIENCE = 'member-card-console';
export const SESSION_SECONDS = 30 * 60;

const SessionClaimsSchema = z.object({ sub: z.string().regex(/^\d+$/), iat: z.number().int(), exp: z.number().int() });

export async function issueSessionToken(key: ServerSigningKey, userId: number, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const iat = epochSeconds(now);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: SESSION_TYP, kid: key.kid })
    .setSubject(String(userId))
    .setAudience(SESSION_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + SESSION_SECONDS)
    .sign(key.privateKey);
  return { token, expiresAt: new Date((iat + SESSION_SECONDS) * 1000) };
}

/** The user id a valid session token names; ERR_SESSION_EXPIRED or ERR_SESSION_INVALID otherwise. */
export async function verifySessionToken(key: ServerSigningKey, token: string, now: Date): Promise<number> {
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['EdDSA'],
      typ: SESSION_TYP,
      audience: SESSION_AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'iat', 'exp'],
    });
    return Number(SessionClaimsSchema.parse(payload).sub);
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new ApiError('ERR_SESSION_EXPIRED', 'the session has expired; sign in again');
    throw new ApiError('ERR_SESSION_INVALID', 'the session token is not valid', undefined, { cause: error });
  }
}
