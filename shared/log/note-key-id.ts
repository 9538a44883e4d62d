/**
 * Key IDs of signed-note keys (c2sp.org/signed-note "Signatures"): the first four bytes, big-endian, of
 * SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key). With the name they identify a key; they are
 * not a fingerprint strong enough to trust on their own, so verifiers are always configured with keys.
 */
import { concat, forWebCrypto, utf8 } from '../bytes.ts';

/** Signature type 0x01: Ed25519 over the note text. */
export const ED25519_SIGNATURE_TYPE = 0x01;

export async function noteKeyId(keyName: string, signatureType: number, publicKey: Uint8Array): Promise<number> {
  const digest = await crypto.subtle.digest('SHA-256', forWebCrypto(concat(utf8(keyName), Uint8Array.of(0x0a, signatureType), publicKey)));
  return new DataView(digest).getUint32(0);
}

export const formatKeyId = (keyId: number): string => keyId.toString(16).padStart(8, '0');
