/**
 * The monitor's decision (the auditor's `verify --monitor` and the kiosk's sync): given the last
 * checkpoint it trusted and a newer one with a consistency proof, is the new tree an extension of the
 * old one? Both checkpoints must already be opened (signatures verified). A log that shrinks, shows a
 * different root at the same size, or cannot prove the extension has shown two histories.
 */
import { equalBytes, hex } from '../bytes.ts';
import { counted } from '../counted.ts';
import type { Checkpoint } from './checkpoint.ts';
import { LogInconsistentError, ProofError, type InconsistencyReason } from './errors.ts';
import type { TreeHasher } from './tree-hasher.ts';
import { verifyConsistency } from './verify-consistency.ts';

export type GrowthVerdict =
  | { readonly consistent: true }
  | { readonly consistent: false; readonly reason: InconsistencyReason; readonly message: string };

const inconsistent = (reason: InconsistencyReason, message: string): GrowthVerdict => ({ consistent: false, reason, message });

export function checkCheckpointGrowth(hasher: TreeHasher, previous: Checkpoint, next: Checkpoint, proof: readonly Uint8Array[]): GrowthVerdict {
  if (previous.origin !== next.origin) {
    return inconsistent('different-log', `the new checkpoint is for log "${next.origin}", the old one for "${previous.origin}"`);
  }
  if (next.size < previous.size) {
    return inconsistent('rolled-back', `the log shrank from ${previous.size} to ${counted(next.size, 'entry', 'entries')}`);
  }
  if (next.size === previous.size && !equalBytes(next.rootHash, previous.rootHash)) {
    return inconsistent('forked', `the log shows two different roots at size ${next.size}: ${hex(previous.rootHash)} and ${hex(next.rootHash)}`);
  }
  try {
    verifyConsistency(hasher, previous.size, next.size, previous.rootHash, next.rootHash, proof);
  } catch (error) {
    if (!(error instanceof ProofError)) throw error;
    return inconsistent('proof-invalid', `the log did not prove that size ${next.size} extends size ${previous.size}: ${error.message} (${error.reason})`);
  }
  return { consistent: true };
}

/** checkCheckpointGrowth for callers that stop on the first problem: throws LogInconsistentError. */
export function assertCheckpointGrowth(hasher: TreeHasher, previous: Checkpoint, next: Checkpoint, proof: readonly Uint8Array[]): void {
  const verdict = checkCheckpointGrowth(hasher, previous, next, proof);
  if (!verdict.consistent) throw new LogInconsistentError(verdict.reason, verdict.message);
}
