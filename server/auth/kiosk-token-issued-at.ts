import { decodeJwt } from 'jose';
import { bearerToken } from './bearer-token.ts';

/**
 * The `iat` of a kiosk bearer token the route layer has already verified (kiosk-token.ts): the kiosk's
 * clock at the moment it made the request, which ingest records beside the server's to measure skew.
 */
export function kioskTokenIssuedAt(authorization: string | undefined): number {
  const token = bearerToken(authorization);
  const iat = token === undefined ? undefined : decodeJwt(token).iat;
  if (typeof iat !== 'number') throw new TypeError('kioskTokenIssuedAt runs only after the kiosk token was verified');
  return iat;
}
