/**
 * Ed25519 keys through WebCrypto (`crypto.subtle`, present in Node ≥ 20 and browsers), so note signing
 * and verification run in every runtime without a Node-only module. Signed notes carry raw 32-byte
 * public keys and Go's tooling stores 32-byte seeds; these convert between those and CryptoKeys.
 */
import { generateKeyPair, type CryptoKey } from 'jose';
import { concat, forWebCrypto, fromBase64url, fromHex } from '../bytes.ts';

export const ED25519_PUBLIC_KEY_SIZE = 32;
export const ED25519_SIGNATURE_SIZE = 64;

// The fixed DER header of an RFC 8410 PKCS #8 Ed25519 private key; the 32-byte seed follows it.
const PKCS8_SEED_PREFIX = fromHex('302e020100300506032b657004220420');
const ED25519 = { name: 'Ed25519' } as const;

export const importEd25519PublicKey = (raw: Uint8Array): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', forWebCrypto(raw), ED25519, true, ['verify']);

/**
 * The signing key of a 32-byte seed and its raw public key. WebCrypto has no call that derives a public
 * key, so the seed is imported once as extractable to read the public half from its JWK, and once more
 * non-extractable for signing, so the returned key cannot leak the seed.
 */
export async function importEd25519Seed(seed: Uint8Array): Promise<{ privateKey: CryptoKey; publicKey: Uint8Array }> {
  const pkcs8 = forWebCrypto(concat(PKCS8_SEED_PREFIX, seed));
  const jwk = await crypto.subtle.exportKey('jwk', await crypto.subtle.importKey('pkcs8', pkcs8, ED25519, true, ['sign']));
  if (typeof jwk.x !== 'string') throw new TypeError('the Ed25519 seed yielded no public key');
  return { privateKey: await crypto.subtle.importKey('pkcs8', pkcs8, ED25519, false, ['sign']), publicKey: fromBase64url(jwk.x) };
}

export const exportEd25519PublicKey = async (publicKey: CryptoKey): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));

/** A fresh key pair and its seed, for tools that store keys in Go's note key text. */
export async function generateEd25519(): Promise<{ seed: Uint8Array; publicKey: Uint8Array }> {
  const pair = await generateKeyPair('EdDSA', { extractable: true });
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { seed: pkcs8.slice(PKCS8_SEED_PREFIX.length), publicKey: await exportEd25519PublicKey(pair.publicKey) };
}
