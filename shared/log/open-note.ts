/**
 * Opening a signed note against trusted keys, by the rules of c2sp.org/signed-note: signatures by
 * unknown keys (name and key ID not both matching a trusted key) are ignored, every signature by a
 * trusted key must verify or the whole note is rejected, and at least one must be present.
 */
import { utf8 } from '../bytes.ts';
import { NoteError } from './errors.ts';
import { formatKeyId } from './note-key-id.ts';
import { parseNote, type NoteSignature } from './note-text.ts';
import type { NoteVerifier } from './note-verifier.ts';

export interface OpenedNote {
  /** the signed text, final newline included; only meaningful because `verified` is non-empty */
  readonly text: string;
  /** signatures by trusted keys, each key once */
  readonly verified: readonly NoteSignature[];
  /** signatures by keys the caller does not know (witnesses, rotated keys), each line once */
  readonly unverified: readonly NoteSignature[];
}

const keyOf = (keyName: string, keyId: number): string => `${keyName}+${formatKeyId(keyId)}`;

export async function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): Promise<OpenedNote> {
  const trusted = new Map<string, NoteVerifier>();
  for (const verifier of verifiers) {
    const key = keyOf(verifier.keyName, verifier.keyId);
    // Two trusted keys under one name and ID means the configuration itself is wrong: refuse to guess.
    if (trusted.has(key)) throw new NoteError('ERR_NOTE_KEY_INVALID', `two trusted keys are named ${key}`);
    trusted.set(key, verifier);
  }

  const { text, signatures } = parseNote(note);
  const bytes = utf8(text);
  const verified = new Map<string, NoteSignature>();
  const unverified = new Map<string, NoteSignature>();
  for (const signature of signatures) {
    const key = keyOf(signature.keyName, signature.keyId);
    const verifier = trusted.get(key);
    if (verifier === undefined) {
      unverified.set(`${signature.keyName} ${signature.base64}`, signature);
      continue;
    }
    // Every line by a trusted key is checked, repeats included: the spec says a known key's signature MUST be verified.
    if (!(await verifier.verify(bytes, signature.signature))) {
      throw new NoteError('ERR_NOTE_SIGNATURE_INVALID', `the signature by ${key} does not verify`, { key });
    }
    if (!verified.has(key)) verified.set(key, signature);
  }
  if (verified.size === 0) {
    throw new NoteError('ERR_NOTE_UNVERIFIED', 'no trusted key signed the note', { signedBy: [...unverified.values()].map((s) => keyOf(s.keyName, s.keyId)) });
  }
  return { text, verified: [...verified.values()], unverified: [...unverified.values()] };
}
