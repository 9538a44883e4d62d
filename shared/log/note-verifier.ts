/**
 * Verifier keys for signed notes, in the text form Go's golang.org/x/mod/sumdb/note and the C2SP tools
 * share: "<name>+<8 hex key ID>+<base64(0x01 ‖ 32-byte Ed25519 public key)>". This text is what the
 * server publishes and kiosks and auditors configure to trust the log.
 */
import type { CryptoKey } from 'jose';
import { concat, forWebCrypto } from '../bytes.ts';
import { fromBase64Strict, toBase64 } from './base64.ts';
import { ED25519_PUBLIC_KEY_SIZE, ED25519_SIGNATURE_SIZE, importEd25519PublicKey } from './ed25519.ts';
import { NoteError } from './errors.ts';
import { ED25519_SIGNATURE_TYPE, formatKeyId, noteKeyId } from './note-key-id.ts';
import { isValidKeyName } from './note-text.ts';

export interface NoteVerifier {
  readonly keyName: string;
  readonly keyId: number;
  /** whether `signature` is this key's signature over `text` (the note text, final newline included) */
  verify(text: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

const invalidKey = (message: string): NoteError => new NoteError('ERR_NOTE_KEY_INVALID', message);

async function ed25519Verifier(keyName: string, keyId: number, publicKey: Uint8Array): Promise<NoteVerifier> {
  let key: CryptoKey;
  try {
    key = await importEd25519PublicKey(publicKey);
  } catch {
    throw invalidKey(`the public key of ${keyName} is not an Ed25519 key`);
  }
  return {
    keyName,
    keyId,
    verify: async (text, signature) => signature.length === ED25519_SIGNATURE_SIZE && crypto.subtle.verify('Ed25519', key, forWebCrypto(signature), forWebCrypto(text)),
  };
}

/** A verifier for an Ed25519 public key (32 raw bytes) under `keyName`. */
export async function ed25519NoteVerifier(keyName: string, publicKey: Uint8Array): Promise<NoteVerifier> {
  if (!isValidKeyName(keyName)) throw invalidKey(`"${keyName}" is not a valid key name`);
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) throw invalidKey(`an Ed25519 public key is ${ED25519_PUBLIC_KEY_SIZE} bytes, not ${publicKey.length}`);
  return ed25519Verifier(keyName, await noteKeyId(keyName, ED25519_SIGNATURE_TYPE, publicKey), publicKey);
}

export async function formatVerifierKey(keyName: string, publicKey: Uint8Array): Promise<string> {
  const { keyId } = await ed25519NoteVerifier(keyName, publicKey);
  return `${keyName}+${formatKeyId(keyId)}+${toBase64(concat(Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey))}`;
}

/** Parses a verifier key text; throws ERR_NOTE_KEY_INVALID unless it is well-formed and its key ID matches. */
export async function parseVerifierKey(vkey: string): Promise<NoteVerifier> {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw invalidKey('a verifier key reads <name>+<key ID>+<key>');
  const keyName = vkey.slice(0, first);
  const keyIdText = vkey.slice(first + 1, second);
  const key = fromBase64Strict(vkey.slice(second + 1));
  if (!isValidKeyName(keyName)) throw invalidKey(`"${keyName}" is not a valid key name`);
  if (!/^[0-9a-f]{8}$/.test(keyIdText)) throw invalidKey(`the key ID "${keyIdText}" is not 8 lowercase hex digits`);
  if (key === undefined) throw invalidKey('the key is not canonical base64');
  if (key[0] !== ED25519_SIGNATURE_TYPE) throw invalidKey(`signature type ${key[0] ?? 'none'} is not supported; only Ed25519 (1) is`);
  const publicKey = key.slice(1);
  if (publicKey.length !== ED25519_PUBLIC_KEY_SIZE) throw invalidKey(`an Ed25519 public key is ${ED25519_PUBLIC_KEY_SIZE} bytes, not ${publicKey.length}`);
  const keyId = await noteKeyId(keyName, ED25519_SIGNATURE_TYPE, publicKey);
  if (formatKeyId(keyId) !== keyIdText) throw invalidKey(`the key ID ${keyIdText} does not match the key (${formatKeyId(keyId)})`);
  return ed25519Verifier(keyName, keyId, publicKey);
}
