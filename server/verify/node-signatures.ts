import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { VerificationError } from '../../shared/errors.ts';
import type { P256PublicJwk } from '../../shared/verify/jwk.ts';

/**
 * The two signature checks ingest makes per event, on node:crypto's synchronous verify. shared/ checks
 * the same signatures through WebCrypto (so kiosks, browsers and auditors run one implementation), but
 * every WebCrypto call is a trip through libuv's thread pool: at two checks per event that trip costs
 * a third of the machine's verification capacity. Everything around these two calls (header allow-list,
 * payload schema, credential chain, challenge, signed message) stays the shared code, and
 * test/server/ingest-verifier.test.ts holds the verdicts equal to the shared verifiers'.
 */

export const publicKeyOf = (jwk: JsonWebKey): KeyObject => createPublicKey({ key: jwk, format: 'jwk' });

/**
 * A credential's card key (`cnf.jwk`) for presence checks, imported as verifyCredential's importCardKey
 * does it (a P-256 point, or ERR_CREDENTIAL_MALFORMED) but with node:crypto: WebCrypto's JWK import
 * costs about twice as much, and each card's first tap on a verifier pays it.
 */
export function cardKeyOf(jwk: P256PublicJwk): KeyObject {
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new TypeError('not a P-256 key');
    return key;
  } catch (cause) {
    throw new VerificationError('ERR_CREDENTIAL_MALFORMED', 'the card key in cnf.jwk is not a P-256 point', { cause });
  }
}

/** EdDSA (Ed25519) over the JWS signing input "<header>.<payload>", as RFC 7515 and jose's compactVerify define it. */
export function jwsSignatureValid(jws: string, kioskKey: KeyObject): boolean {
  const dot = jws.lastIndexOf('.');
  try {
    // The signing input is base64url text and '.', plain ASCII.
    return verify(null, Buffer.from(jws.slice(0, dot), 'latin1'), kioskKey, Buffer.from(jws.slice(dot + 1), 'base64url'));
  } catch {
    return false;
  }
}

/** ECDSA P-256 / SHA-256 with the 64-byte r ‖ s signature the card returns (shared/verify/presence.ts). */
export function presenceSignatureValid(cardKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify('sha256', message, { key: cardKey, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}
