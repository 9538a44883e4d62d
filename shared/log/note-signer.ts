/**
 * Signers for signed notes: an Ed25519 private key under a key name. The log server signs checkpoints
 * with one. Keys may be given as WebCrypto keys or in Go's signer key text
 * "PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 ‖ 32-byte seed)>", which `generateNoteKeys` writes.
 */
import type { CryptoKey } from 'jose';
import { concat, forWebCrypto } from '../bytes.ts';
import { fromBase64Strict, toBase64 } from './base64.ts';
import { ED25519_PUBLIC_KEY_SIZE, exportEd25519PublicKey, generateEd25519, importEd25519Seed } from './ed25519.ts';
import { NoteError } from './errors.ts';
import { ED25519_SIGNATURE_TYPE, formatKeyId, noteKeyId } from './note-key-id.ts';
import { isValidKeyName } from './note-text.ts';
import { formatVerifierKey } from './note-verifier.ts';

export interface NoteSigner {
  readonly keyName: string;
  readonly keyId: number;
  /** the signature over `text` (the note text, final newline included) */
  sign(text: Uint8Array): Promise<Uint8Array>;
}

const SIGNER_KEY_PREFIX = 'PRIVATE+KEY+';
const SEED_SIZE = 32;

const invalidKey = (message: string): NoteError => new NoteError('ERR_NOTE_KEY_INVALID', message);

/**
 * A signer from a WebCrypto Ed25519 private key. The public key is needed for the key ID; it is passed
 * in because a non-extractable private key cannot yield it.
 */
export async function ed25519NoteSigner(keyName: string, privateKey: CryptoKey, publicKey: CryptoKey | Uint8Array): Promise<NoteSigner> {
  if (!isValidKeyName(keyName)) throw invalidKey(`"${keyName}" is not a valid key name`);
  const raw = publicKey instanceof Uint8Array ? publicKey : await exportEd25519PublicKey(publicKey);
  if (raw.length !== ED25519_PUBLIC_KEY_SIZE) throw invalidKey(`an Ed25519 public key is ${ED25519_PUBLIC_KEY_SIZE} bytes, not ${raw.length}`);
  const keyId = await noteKeyId(keyName, ED25519_SIGNATURE_TYPE, raw);
  return {
    keyName,
    keyId,
    sign: async (text) => new Uint8Array(await crypto.subtle.sign('Ed25519', privateKey, forWebCrypto(text))),
  };
}

/** Parses a signer key text; throws ERR_NOTE_KEY_INVALID unless well-formed and its key ID matches. */
export async function parseSignerKey(skey: string): Promise<NoteSigner> {
  if (!skey.startsWith(SIGNER_KEY_PREFIX)) throw invalidKey('a signer key starts with PRIVATE+KEY+');
  const rest = skey.slice(SIGNER_KEY_PREFIX.length);
  const first = rest.indexOf('+');
  const second = rest.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw invalidKey('a signer key reads PRIVATE+KEY+<name>+<key ID>+<seed>');
  const keyName = rest.slice(0, first);
  const keyIdText = rest.slice(first + 1, second);
  const key = fromBase64Strict(rest.slice(second + 1));
  if (!/^[0-9a-f]{8}$/.test(keyIdText)) throw invalidKey(`the key ID "${keyIdText}" is not 8 lowercase hex digits`);
  if (key === undefined || key[0] !== ED25519_SIGNATURE_TYPE || key.length !== 1 + SEED_SIZE) throw invalidKey('the key is not base64 of 0x01 and a 32-byte Ed25519 seed');
  // Every 32-byte string is a valid Ed25519 seed, so only the key ID can be wrong from here on.
  const keys = await importEd25519Seed(key.slice(1));
  const signer = await ed25519NoteSigner(keyName, keys.privateKey, keys.publicKey);
  if (formatKeyId(signer.keyId) !== keyIdText) throw invalidKey(`the key ID ${keyIdText} does not match the key (${formatKeyId(signer.keyId)})`);
  return signer;
}

/** A new key pair as signer key text (keep secret) and verifier key text (publish). */
export async function generateNoteKeys(keyName: string): Promise<{ signerKey: string; verifierKey: string }> {
  if (!isValidKeyName(keyName)) throw invalidKey(`"${keyName}" is not a valid key name`);
  const { seed, publicKey } = await generateEd25519();
  const keyId = formatKeyId(await noteKeyId(keyName, ED25519_SIGNATURE_TYPE, publicKey));
  return {
    signerKey: `${SIGNER_KEY_PREFIX}${keyName}+${keyId}+${toBase64(concat(Uint8Array.of(ED25519_SIGNATURE_TYPE), seed))}`,
    verifierKey: await formatVerifierKey(keyName, publicKey),
  };
}
