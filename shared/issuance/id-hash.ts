import { forWebCrypto, toBase64url, utf8 } from '../bytes.ts';

/**
 * `idh`: HMAC-SHA-256 of the resident ID number under the organisation's secret key, base64url. The
 * card carries this instead of the number, so a lost card leaks nothing, yet the organisation can match.
 */
export async function residentIdHash(idNumber: string, key: Uint8Array): Promise<string> {
  const hmacKey = await crypto.subtle.importKey('raw', forWebCrypto(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toBase64url(new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, utf8(idNumber.trim().toUpperCase()))));
}
