import { compactVerify, decodeProtectedHeader, importJWK, type CryptoKey } from 'jose';
import { isCompactJws } from '../compact-jws.ts';
import { VerificationError } from '../errors.ts';
import { CREDENTIAL_TYP, CredentialClaimsSchema, type CredentialClaims } from './credential-claims.ts';
import type { IssuerTrust } from './issuer-trust.ts';
import type { IssuerJwk } from './jwk.ts';
import type { RevocationSet } from './revocation.ts';

/** A credential whose issuer, signature, claims, validity and revocation passed; its card key not yet imported. */
export interface CheckedCredential {
  jwt: string;
  issuerKid: string;
  claims: CredentialClaims;
}

export interface VerifiedCredential extends CheckedCredential {
  /** the card's public key from `cnf.jwk`, ready for presence checks */
  cardKey: CryptoKey;
}

export interface CredentialCheck {
  now?: Date;
  revocations?: RevocationSet;
  /** seconds of clock difference tolerated for `iat` in the future */
  leewaySeconds?: number;
}

/**
 * Checks the issuer's ES256 signature on a credential and returns its payload bytes; any failure throws,
 * and checkCredential answers ERR_CREDENTIAL_SIGNATURE_INVALID. The default is jose's compactVerify on
 * WebCrypto; a runtime with a faster native verify may pass its own, which must accept exactly the
 * credentials this one accepts.
 */
export type CredentialSignatureCheck = (jwt: string, issuer: IssuerJwk, trust: IssuerTrust) => Promise<Uint8Array>;

export const joseCredentialSignature: CredentialSignatureCheck = async (jwt, issuer, trust) =>
  (await compactVerify(jwt, await trust.key(issuer.kid), { algorithms: ['ES256'] })).payload;

function header(jwt: string): { alg?: unknown; typ?: unknown; kid?: unknown } {
  if (!isCompactJws(jwt)) throw new VerificationError('ERR_CREDENTIAL_MALFORMED', 'the credential is not a compact JWS');
  try {
    return decodeProtectedHeader(jwt);
  } catch (cause) {
    throw new VerificationError('ERR_CREDENTIAL_MALFORMED', 'the credential header is not valid JSON', { cause });
  }
}

/**
 * Verifies a credential fully offline: header allow-list, issuer key by `kid`, ES256 signature, claim
 * schema, issuer binding, validity period, revocation; then imports the card key (a P-256 point).
 * Fails with the first problem's stable code.
 */
export async function verifyCredential(jwt: string, trust: IssuerTrust, check: CredentialCheck = {}): Promise<VerifiedCredential> {
  const checked = await checkCredential(jwt, trust, check);
  return { ...checked, cardKey: await importCardKey(checked.claims) };
}

/**
 * verifyCredential without the card key's import, for a verifier that imports `cnf.jwk` with its own
 * runtime's crypto; it must refuse a key that is not a P-256 point with ERR_CREDENTIAL_MALFORMED too.
 * Such a verifier may check the issuer signature with its own crypto as well (`verifySignature`).
 */
export async function checkCredential(
  jwt: string,
  trust: IssuerTrust,
  check: CredentialCheck = {},
  verifySignature: CredentialSignatureCheck = joseCredentialSignature,
): Promise<CheckedCredential> {
  const { alg, typ, kid } = header(jwt);
  if (typ !== CREDENTIAL_TYP) throw new VerificationError('ERR_NOT_MEMBER_CARD', `the credential type is ${String(typ)}, not ${CREDENTIAL_TYP}`);
  if (alg !== 'ES256') throw new VerificationError('ERR_CREDENTIAL_MALFORMED', `credential algorithm ${String(alg)} is not allowed`);
  if (typeof kid !== 'string') throw new VerificationError('ERR_ISSUER_UNKNOWN', 'the credential names no issuer key');
  const issuer = trust.issuer(kid);

  let payload: Uint8Array;
  try {
    payload = await verifySignature(jwt, issuer, trust);
  } catch (cause) {
    throw new VerificationError('ERR_CREDENTIAL_SIGNATURE_INVALID', 'the issuer signature on the credential is not valid', { cause });
  }

  let claims: CredentialClaims;
  try {
    claims = CredentialClaimsSchema.parse(JSON.parse(new TextDecoder().decode(payload)));
  } catch (cause) {
    throw new VerificationError('ERR_CREDENTIAL_MALFORMED', 'the credential claims do not match the schema', { cause });
  }
  if (claims.iss !== issuer.iss) {
    throw new VerificationError('ERR_ISSUER_UNKNOWN', `key ${kid} belongs to issuer ${issuer.iss}, not ${claims.iss}`);
  }

  const now = Math.floor((check.now ?? new Date()).getTime() / 1000);
  if (claims.exp <= now) throw new VerificationError('ERR_CREDENTIAL_EXPIRED', 'the card has expired', { details: { exp: claims.exp } });
  if (claims.iat > now + (check.leewaySeconds ?? 300)) {
    throw new VerificationError('ERR_CREDENTIAL_NOT_YET_VALID', 'the credential was issued in the future', { details: { iat: claims.iat } });
  }
  const revoked = check.revocations?.lookup(claims.csn);
  if (revoked) {
    throw new VerificationError('ERR_CARD_REVOKED', `the card was ${revoked.reason}`, { details: { ...revoked } });
  }

  return { jwt, issuerKid: kid, claims };
}

async function importCardKey(claims: CredentialClaims): Promise<CryptoKey> {
  try {
    return (await importJWK(claims.cnf.jwk, 'ES256')) as CryptoKey;
  } catch (cause) {
    throw new VerificationError('ERR_CREDENTIAL_MALFORMED', 'the card key in cnf.jwk is not a P-256 point', { cause });
  }
}
