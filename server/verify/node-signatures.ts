import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { base64url } from 'jose';
import { VerificationError } from '../../shared/errors.ts';
import { joseCredentialSignature, type CredentialSignatureCheck } from '../../shared/verify/credential.ts';
import type { IssuerJwk, P256PublicJwk } from '../../shared/verify/jwk.ts';

/**
 * The two signature checks ingest makes per event, and the issuer's on a credential the first time a
 * verifier sees it, on node:crypto's synchronous verify. shared/ checks the same signatures through
 * WebCrypto (so kiosks, browsers and auditors run one implementation), but every WebCrypto call is a
 * trip through libuv's thread pool: at two checks per event that trip costs a third of the machine's
 * verification capacity. Everything around these calls (header allow-list, payload schema, credential
 * claims, challenge, signed message) stays the shared code; test/server/ingest-verifier.test.ts and
 * node-credential-signature.test.ts hold the verdicts equal to the shared verifiers'.
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

/** Issuer keys imported for node:crypto, per trusted key object (a new issuer set brings new objects). */
const issuerKeys = new WeakMap<IssuerJwk, KeyObject>();

function issuerKeyOf(issuer: IssuerJwk): KeyObject {
  let key = issuerKeys.get(issuer);
  if (!key) {
    key = createPublicKey({ key: { kty: issuer.kty, crv: issuer.crv, x: issuer.x, y: issuer.y }, format: 'jwk' });
    issuerKeys.set(issuer, key);
  }
  return key;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * checkCredential's issuer signature check (ES256 over the compact JWS) with node:crypto instead of jose's
 * WebCrypto call. It accepts exactly what jose's compactVerify accepts: the header and the two other parts
 * are decoded with jose's own base64url, the header parsed as strictly, and any header naming critical
 * extensions (`crit`, which may change what is signed) goes to jose itself. Its callers have already
 * checked the JWS shape and that the header's `alg` is ES256.
 */
export const nodeCredentialSignature: CredentialSignatureCheck = async (jwt, issuer, trust) => {
  const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = jwt.split('.');
  const header: unknown = JSON.parse(strictUtf8.decode(base64url.decode(encodedHeader)));
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new TypeError('the credential header is not a JSON object');
  if (Object.hasOwn(header, 'crit')) return joseCredentialSignature(jwt, issuer, trust);
  const signature = base64url.decode(encodedSignature);
  const signingInput = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'latin1');
  if (!verify('sha256', signingInput, { key: issuerKeyOf(issuer), dsaEncoding: 'ieee-p1363' }, signature)) throw new Error('the issuer signature does not verify');
  return base64url.decode(encodedPayload);
};
