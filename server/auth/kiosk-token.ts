import { compactVerify, decodeProtectedHeader, importJWK, type CryptoKey } from 'jose';
import { z } from 'zod';
import { ApiError, type ApiErrorCode } from '../errors.ts';
import type { Kiosk } from '../store/repositories/kiosks.ts';
import { bearerToken } from './bearer-token.ts';
import type { KioskTokenIds } from './kiosk-token-ids.ts';

/** The kiosk bearer token (DESIGN appendix): header { alg: EdDSA, typ, kid }, claims { iss: kid, aud, iat, exp ≤ iat + 60, jti }. */
export const KIOSK_TOKEN_TYP = 'mic-kiosk+jwt';
export const KIOSK_TOKEN_AUDIENCE = 'member-card';
export const KIOSK_TOKEN_MAX_LIFETIME_SECONDS = 60;
/** tolerated difference between a kiosk clock and the server's, for iat and exp */
export const KIOSK_CLOCK_LEEWAY_SECONDS = 30;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const ClaimsSchema = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(1).max(200),
});

const fail = (code: ApiErrorCode, message: string): never => {
  throw new ApiError(code, message);
};

export interface KioskTokenDeps {
  kioskByKid(kid: string): Promise<Kiosk | undefined>;
  tokenIds: KioskTokenIds;
  /** imported public keys by kid: a kiosk key never changes, so each is imported once */
  keys: Map<string, Promise<CryptoKey>>;
}

/**
 * Checks a kiosk bearer token field by field before and after the signature, each failure with its own
 * code. The jti is remembered only once everything else has passed, so garbage cannot fill the table.
 */
export async function verifyKioskToken(deps: KioskTokenDeps, authorization: string | undefined, now: Date): Promise<Kiosk> {
  const token = bearerToken(authorization);
  if (!token) return fail('ERR_KIOSK_TOKEN_MISSING', 'send the kiosk token as Authorization: Bearer <jwt>');
  if (!COMPACT_JWS.test(token)) return fail('ERR_KIOSK_TOKEN_MALFORMED', 'the kiosk token is not a compact JWS');

  let header: { alg?: unknown; typ?: unknown; kid?: unknown };
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return fail('ERR_KIOSK_TOKEN_MALFORMED', 'the kiosk token header is not valid JSON');
  }
  if (header.alg !== 'EdDSA') fail('ERR_KIOSK_TOKEN_MALFORMED', `kiosk tokens are EdDSA, not ${String(header.alg)}`);
  if (header.typ !== KIOSK_TOKEN_TYP) fail('ERR_KIOSK_TOKEN_MALFORMED', `the token type is ${String(header.typ)}, not ${KIOSK_TOKEN_TYP}`);
  if (typeof header.kid !== 'string') return fail('ERR_KIOSK_TOKEN_MALFORMED', 'the kiosk token names no key (kid)');
  const kid = header.kid;

  const kiosk = await deps.kioskByKid(kid);
  if (!kiosk) return fail('ERR_KIOSK_UNKNOWN', 'no kiosk is enrolled with this key');
  if (kiosk.disabledAt !== null) return fail('ERR_KIOSK_DISABLED', 'this kiosk has been disabled');

  let key = deps.keys.get(kid);
  if (!key) {
    key = importJWK(kiosk.jwk, 'EdDSA') as Promise<CryptoKey>;
    deps.keys.set(kid, key);
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, await key, { algorithms: ['EdDSA'] }));
  } catch {
    return fail('ERR_KIOSK_TOKEN_SIGNATURE_INVALID', 'the kiosk token signature does not verify with the enrolled key');
  }

  let claims: z.infer<typeof ClaimsSchema>;
  try {
    claims = ClaimsSchema.parse(JSON.parse(new TextDecoder().decode(payload)));
  } catch {
    return fail('ERR_KIOSK_TOKEN_MALFORMED', 'the kiosk token claims need iss, aud, iat, exp and jti');
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(KIOSK_TOKEN_AUDIENCE)) fail('ERR_KIOSK_TOKEN_AUDIENCE_INVALID', `the token is for ${audiences.join(', ')}, not ${KIOSK_TOKEN_AUDIENCE}`);
  if (claims.iss !== kid) fail('ERR_KIOSK_TOKEN_ISSUER_INVALID', 'the token issuer is not the kiosk that signed it');
  if (claims.exp - claims.iat > KIOSK_TOKEN_MAX_LIFETIME_SECONDS) {
    fail('ERR_KIOSK_TOKEN_LIFETIME_TOO_LONG', `a kiosk token may live at most ${KIOSK_TOKEN_MAX_LIFETIME_SECONDS} s`);
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (claims.exp <= nowSeconds - KIOSK_CLOCK_LEEWAY_SECONDS) fail('ERR_KIOSK_TOKEN_EXPIRED', 'the kiosk token has expired');
  if (claims.iat > nowSeconds + KIOSK_CLOCK_LEEWAY_SECONDS) fail('ERR_KIOSK_TOKEN_NOT_YET_VALID', 'the kiosk token was issued in the future; check the kiosk clock');
  if (!(await deps.tokenIds.remember(kid, claims.jti, claims.exp + KIOSK_CLOCK_LEEWAY_SECONDS, nowSeconds))) {
    fail('ERR_KIOSK_TOKEN_REPLAYED', 'this kiosk token has been used already');
  }
  return kiosk;
}
