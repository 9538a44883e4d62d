import { SignJWT, type CryptoKey } from 'jose';
import { toBase64url } from '../bytes.ts';

export const KIOSK_TOKEN_TYP = 'mic-kiosk+jwt';
export const KIOSK_TOKEN_AUDIENCE = 'member-card';
export const KIOSK_TOKEN_MAX_SECONDS = 60;
/** Optional on the kiosk's authenticated requests: its outbox backlog, a non-negative decimal integer. */
export const OUTBOX_PENDING_HEADER = 'Mic-Outbox-Pending';
/**
 * Optional too: how many seconds the kiosk's own clock is ahead of the server's (negative: behind), as the
 * kiosk measured it from the server's last `Date` answer. Its tokens are corrected by that amount, so the
 * token alone cannot show a kiosk whose clock (and so its event times) is wrong.
 */
export const CLOCK_OFFSET_HEADER = 'Mic-Clock-Offset';

/** The short-lived bearer token a kiosk signs for each request (DESIGN appendix). */
export async function signKioskToken(privateKey: CryptoKey, kid: string, options: { now?: Date; lifetimeSeconds?: number } = {}): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', typ: KIOSK_TOKEN_TYP, kid })
    .setIssuer(kid)
    .setAudience(KIOSK_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetimeSeconds ?? 30))
    .setJti(toBase64url(crypto.getRandomValues(new Uint8Array(16))))
    .sign(privateKey);
}
