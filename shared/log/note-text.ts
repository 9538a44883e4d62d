/**
 * The syntax of a C2SP signed note (c2sp.org/signed-note), without cryptography: the text ending in a
 * newline, a blank line, then signature lines "— <key name> <base64(key ID ‖ signature)>\n". Parsing is
 * strict, because notes arrive from servers an auditor does not trust: valid UTF-8 only, no control
 * characters but newline, canonical base64, bounded size and number of signatures.
 */
import { utf8 } from '../bytes.ts';
import { fromBase64Strict, toBase64 } from './base64.ts';
import { NoteError } from './errors.ts';

/**
 * Go's golang.org/x/mod/sumdb/note stops at 100 signatures (the spec asks verifiers to take at least
 * 16). A hundred Ed25519 signature lines are about 11 KB, so 64 KiB fits them and any checkpoint body
 * while bounding the work a hostile server can cause. Post-quantum cosignatures (~5 kB each) would
 * need a larger limit.
 */
export const MAX_NOTE_SIGNATURES = 100;
export const MAX_NOTE_BYTES = 65_536;

const SIGNATURE_PREFIX = '— ';
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Unicode spaces (JS \s plus NEL, covering Go's unicode.IsSpace) and "+".
const NOT_IN_KEY_NAME = /[\s\u0085+]/u;

export interface NoteSignature {
  readonly keyName: string;
  /** the first four bytes of the decoded signature, big-endian */
  readonly keyId: number;
  /** the signature proper, after the key ID */
  readonly signature: Uint8Array;
  /** the base64 text as it appeared, to report or re-emit it unchanged */
  readonly base64: string;
}

export interface ParsedNote {
  /** the signed text, including its final newline */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

const malformed = (message: string): NoteError => new NoteError('ERR_NOTE_MALFORMED', message);

/** Whether `text` holds an ASCII control character other than newline (U+0000–U+001F). */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return true;
  }
  return false;
}

/** Key names are non-empty and hold no Unicode space and no "+" (the vkey separator). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !NOT_IN_KEY_NAME.test(name) && !hasControlCharacter(name) && !LONE_SURROGATE.test(name);
}

/** Throws ERR_NOTE_MALFORMED unless `text` may appear in a note: well-formed Unicode, no control characters. */
export function checkNoteCharacters(text: string): void {
  if (LONE_SURROGATE.test(text)) throw malformed('the note is not valid Unicode');
  if (hasControlCharacter(text)) throw malformed('the note contains a control character');
}

function decodeNote(note: string | Uint8Array): string {
  if (typeof note === 'string') {
    // UTF-16 length never exceeds UTF-8 length, so an oversized string is refused before any encoding.
    if (note.length > MAX_NOTE_BYTES || utf8(note).length > MAX_NOTE_BYTES) throw malformed(`the note is longer than ${MAX_NOTE_BYTES} bytes`);
    checkNoteCharacters(note);
    return note;
  }
  if (note.length > MAX_NOTE_BYTES) throw malformed(`the note is longer than ${MAX_NOTE_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
  } catch {
    throw malformed('the note is not valid UTF-8');
  }
  checkNoteCharacters(text);
  return text;
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('a line after the blank line is not a signature line');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const keyName = space < 0 ? rest : rest.slice(0, space);
  const base64 = space < 0 ? '' : rest.slice(space + 1);
  if (!isValidKeyName(keyName)) throw malformed(`the signature line names an invalid key "${keyName}"`);
  const bytes = fromBase64Strict(base64);
  if (bytes === undefined || bytes.length < 5) throw malformed(`the signature by ${keyName} is not base64 of a key ID and a signature`);
  const keyId = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  return { keyName, keyId, signature: bytes.slice(4), base64 };
}

/** Splits a note into its text and signature lines; throws ERR_NOTE_MALFORMED on any deviation. */
export function parseNote(note: string | Uint8Array): ParsedNote {
  const decoded = decodeNote(note);
  // The text may contain blank lines; the signatures start after the last one.
  const split = decoded.lastIndexOf('\n\n');
  if (split < 0) throw malformed('the note has no blank line before its signatures');
  const text = decoded.slice(0, split + 1);
  const block = decoded.slice(split + 2);
  if (block.length === 0) throw malformed('the note has no signature lines');
  if (!block.endsWith('\n')) throw malformed('the last signature line does not end in a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`the note has more than ${MAX_NOTE_SIGNATURES} signatures`);
  return { text, signatures: lines.map(parseSignatureLine) };
}

/** One signature line, newline included. */
export function formatSignatureLine(keyName: string, keyId: number, signature: Uint8Array): string {
  const bytes = new Uint8Array(4 + signature.length);
  new DataView(bytes.buffer).setUint32(0, keyId);
  bytes.set(signature, 4);
  return `${SIGNATURE_PREFIX}${keyName} ${toBase64(bytes)}\n`;
}
