/**
 * Checkpoint bodies (c2sp.org/tlog-checkpoint): the note text "<origin>\n<tree size>\n<base64 root>\n"
 * followed by optional non-empty extension lines. Parsing is strict — a decimal size without leading
 * zeros, canonical base64 of exactly 32 bytes — so one tree head has exactly one text.
 */
import { fromBase64Strict, toBase64 } from './base64.ts';
import { CheckpointError } from './errors.ts';
import { hasControlCharacter, MAX_NOTE_BYTES } from './note-text.ts';
import { HASH_SIZE } from './tree-hasher.ts';

export interface Checkpoint {
  /** the log's identity, e.g. "member-card.example/log" */
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions: readonly string[];
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

export function parseCheckpoint(text: string): Checkpoint {
  if (text.length > MAX_NOTE_BYTES) throw new CheckpointError(`the checkpoint is longer than ${MAX_NOTE_BYTES} characters`);
  if (hasControlCharacter(text)) throw new CheckpointError('the checkpoint contains a control character');
  if (!text.endsWith('\n')) throw new CheckpointError('the checkpoint does not end with a newline');
  const [origin, sizeText, rootText, ...extensions] = text.slice(0, -1).split('\n');
  if (origin === undefined || sizeText === undefined || rootText === undefined) throw new CheckpointError('a checkpoint has at least an origin, a size and a root line');
  if (origin.length === 0) throw new CheckpointError('the origin line is empty');
  if (!DECIMAL.test(sizeText)) throw new CheckpointError(`the tree size "${sizeText}" is not a decimal number without leading zeros`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new CheckpointError(`the tree size ${sizeText} is beyond what this verifier can represent exactly`);
  const rootHash = fromBase64Strict(rootText);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) throw new CheckpointError(`the root hash line is not canonical base64 of ${HASH_SIZE} bytes`);
  if (extensions.some((line) => line.length === 0)) throw new CheckpointError('an extension line is empty');
  return { origin, size, rootHash, extensions };
}

/** The checkpoint's note text; throws ERR_CHECKPOINT_INVALID for anything parseCheckpoint would reject. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, extensions } = checkpoint;
  // Newlines inside a field would shift the lines; parsing the result back catches every other flaw.
  if ([origin, ...extensions].some((line) => line.includes('\n'))) throw new CheckpointError('a checkpoint line contains a newline');
  if (!Number.isSafeInteger(size) || size < 0) throw new CheckpointError(`the tree size ${size} is not a non-negative safe integer`);
  const text = [origin, String(size), toBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
  parseCheckpoint(text);
  return text;
}
