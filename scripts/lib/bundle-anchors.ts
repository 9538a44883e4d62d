/**
 * What a bundle's verification rests on, and where each comes from. The log's verifier key and the issuer
 * keys are the auditor's own when given (--key, --issuer, or the key their monitor pinned); taken from the
 * bundle, they are only worth what comparing them out of band makes them, and the report says so. A kiosk's
 * or an issuer's key id is the key's RFC 7638 thumbprint, so a bundle cannot put another key under a real
 * id. The revocation list is the server's own signed word of which cards were taken out of use, and when.
 */
import { calculateJwkThumbprint, importJWK, type CryptoKey, type JWK } from 'jose';
import { toBase64 } from '../../shared/log/base64.ts';
import type { Checkpoint } from '../../shared/log/checkpoint.ts';
import { parseVerifierKey, type NoteVerifier } from '../../shared/log/note-verifier.ts';
import { openCheckpoint } from '../../shared/log/signed-checkpoint.ts';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import type { IssuerJwk, IssuerJwks } from '../../shared/verify/jwk.ts';
import { verifyRevocationList, type RevocationSet } from '../../shared/verify/revocation.ts';
import type { Bundle } from '../../server/schemas/bundles.ts';
import { CHECKS, fail, failure, pass, type Finding } from './bundle-findings.ts';

/** Where a key the verification trusts came from: given by the auditor, or taken from the bundle. */
export type KeySource = 'given' | 'bundle';

async function thumbprintOf(jwk: JWK): Promise<string | undefined> {
  try {
    return await calculateJwkThumbprint(jwk);
  } catch {
    return undefined;
  }
}

async function parseKey(text: string, global: Finding[]): Promise<NoteVerifier | undefined> {
  try {
    return await parseVerifierKey(text);
  } catch (error) {
    global.push(failure(CHECKS.verifierKey, error));
    return undefined;
  }
}

/** The bundled checkpoint, opened with the trusted verifier key; null if the key or the signature fails. */
export async function openLog(bundle: Bundle, givenKey: string | undefined, global: Finding[]): Promise<Checkpoint | null> {
  const verifier = await parseKey(givenKey ?? bundle.logVerifierKey, global);
  if (!verifier) return null;
  if (givenKey === undefined) {
    global.push(pass(CHECKS.verifierKey, (m) => m.findings.verifierKeyFromBundle(verifier.keyName)));
  } else if (bundle.logVerifierKey !== givenKey) {
    global.push(fail(CHECKS.verifierKey, 'key-mismatch', (m) => m.findings.verifierKeyMismatch(bundle.logVerifierKey)));
  } else {
    global.push(pass(CHECKS.verifierKey, (m) => m.findings.verifierKeyMatches(verifier.keyName)));
  }
  try {
    const { checkpoint } = await openCheckpoint(bundle.checkpoint, { origin: verifier.keyName, verifiers: [verifier] });
    global.push(pass(CHECKS.checkpoint, (m) => m.findings.checkpoint(checkpoint.origin, checkpoint.size, toBase64(checkpoint.rootHash))));
    return checkpoint;
  } catch (error) {
    global.push(failure(CHECKS.checkpoint, error));
    return null;
  }
}

/** The issuer keys credentials are checked against: the given ones or the bundle's, each only if its id is its thumbprint. */
export async function openIssuers(bundle: Bundle, given: IssuerJwks | undefined, global: Finding[]): Promise<{ trust: IssuerTrust; keys: IssuerJwk[] }> {
  const keys: IssuerJwk[] = [];
  const misnamed: string[] = [];
  for (const key of given?.keys ?? bundle.issuers.keys) {
    if ((await thumbprintOf({ kty: key.kty, crv: key.crv, x: key.x, y: key.y })) === key.kid) keys.push(key);
    else misnamed.push(`${key.iss} ${key.kid}`);
  }
  if (misnamed.length > 0) {
    global.push(fail(CHECKS.issuerKeys, 'kid-mismatch', (m) => m.findings.issuerKidMismatch(misnamed.join(', '))));
  } else {
    global.push(pass(CHECKS.issuerKeys, (m) => (given ? m.findings.issuerKeysGiven(keys.length) : m.findings.issuerKeysFromBundle(keys.length))));
  }
  return { trust: new IssuerTrust({ keys }), keys };
}

export type KioskKey = { key: CryptoKey } | { finding: Finding };

/** Each kiosk's bundled key, imported once, if it is the key its kid names. */
export function kioskKeys(bundle: Bundle): (kid: string) => Promise<KioskKey> {
  const keys = new Map<string, Promise<KioskKey>>();
  const open = async (kid: string): Promise<KioskKey> => {
    const jwk = { kty: 'OKP', crv: 'Ed25519', x: bundle.kiosks[kid]!.jwk.x };
    const thumbprint = await thumbprintOf(jwk);
    if (thumbprint !== kid) {
      return { finding: fail(CHECKS.kioskKey, 'kid-mismatch', (m) => m.findings.kioskKidMismatch(kid, thumbprint)) };
    }
    try {
      return { key: (await importJWK(jwk, 'EdDSA')) as CryptoKey };
    } catch (error) {
      return { finding: failure(CHECKS.kioskSignature, error) };
    }
  };
  return (kid) => {
    let key = keys.get(kid);
    if (!key) {
      key = open(kid);
      keys.set(kid, key);
    }
    return key;
  };
}

/** The server's signed revocation list, checked with the bundled server key; null when missing or bad, which fails the bundle. */
export async function openRevocations(bundle: Bundle, global: Finding[]): Promise<RevocationSet | null> {
  const { revocations, serverKey } = bundle;
  if (revocations === undefined || serverKey === undefined) {
    global.push(fail(CHECKS.revocationList, 'missing', (m) => m.findings.revocationsMissing));
    return null;
  }
  const jwk = { kty: serverKey.kty, crv: serverKey.crv, x: serverKey.x };
  if ((await thumbprintOf(jwk)) !== serverKey.kid) {
    global.push(fail(CHECKS.revocationList, 'kid-mismatch', (m) => m.findings.serverKidMismatch(serverKey.kid)));
    return null;
  }
  try {
    const set = await verifyRevocationList(revocations, jwk);
    global.push(pass(CHECKS.revocationList, (m) => m.findings.revocations(set.list.entries.length, set.list.seq, serverKey.kid)));
    return set;
  } catch (error) {
    global.push(failure(CHECKS.revocationList, error));
    return null;
  }
}
