/**
 * Checkpoints as signed notes: what the server publishes at GET /api/v1/log/checkpoint and what kiosks
 * and auditors open. Opening checks the origin too, so a validly signed checkpoint of another log
 * (same key, different origin) is not mistaken for this one.
 */
import { CheckpointError } from './errors.ts';
import { formatCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint.ts';
import { openNote, type OpenedNote } from './open-note.ts';
import type { NoteSigner } from './note-signer.ts';
import type { NoteVerifier } from './note-verifier.ts';
import { signNote } from './sign-note.ts';

export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: OpenedNote;
}

export const signCheckpoint = async (checkpoint: Checkpoint, signers: readonly NoteSigner[]): Promise<string> =>
  signNote(formatCheckpoint(checkpoint), signers);

export async function openCheckpoint(note: string | Uint8Array, trust: { origin: string; verifiers: readonly NoteVerifier[] }): Promise<OpenedCheckpoint> {
  const opened = await openNote(note, trust.verifiers);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== trust.origin) throw new CheckpointError(`the checkpoint is for log "${checkpoint.origin}", not "${trust.origin}"`);
  return { checkpoint, note: opened };
}
