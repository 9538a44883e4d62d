/**
 * Signing a note (c2sp.org/signed-note): the text, a blank line, one signature line per signer. The
 * result is parsed back before it is returned, so the log never publishes a note its own verifiers
 * would reject (too long, too many signatures).
 */
import { utf8 } from '../bytes.ts';
import { NoteError } from './errors.ts';
import type { NoteSigner } from './note-signer.ts';
import { checkNoteCharacters, formatSignatureLine, parseNote } from './note-text.ts';
import { formatKeyId } from './note-key-id.ts';

export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  if (signers.length === 0) throw new NoteError('ERR_NOTE_MALFORMED', 'a signed note needs at least one signer');
  if (!text.endsWith('\n')) throw new NoteError('ERR_NOTE_MALFORMED', 'the note text must end with a newline');
  checkNoteCharacters(text);
  const seen = new Set<string>();
  for (const { keyName, keyId } of signers) {
    const key = `${keyName}+${formatKeyId(keyId)}`;
    if (seen.has(key)) throw new NoteError('ERR_NOTE_KEY_INVALID', `key ${key} is given twice`);
    seen.add(key);
  }
  const bytes = utf8(text);
  const lines = await Promise.all(signers.map(async (signer) => formatSignatureLine(signer.keyName, signer.keyId, await signer.sign(bytes))));
  const note = `${text}\n${lines.join('')}`;
  parseNote(note);
  return note;
}
