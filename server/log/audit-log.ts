import { equalBytes, hex } from '../../shared/bytes.ts';
import type { Checkpoint } from '../../shared/log/checkpoint.ts';
import { LogTree } from '../../shared/log/log-tree.ts';
import { MemoryNodeStorage } from '../../shared/log/memory-node-storage.ts';
import type { LogReader } from '../store/repositories/log.ts';
import { leafHashOf, LOG_HASHER } from './log-hasher.ts';

export type LogAuditProblem =
  /** no accepted event holds this log index: an event row was removed */
  | 'leaf-missing'
  /** the event at this index does not hash to the leaf the tree recorded: changed or moved */
  | 'leaf-changed'
  /** the leaves match the stored tree but not the signed checkpoint: the tree was rewritten with them */
  | 'checkpoint-mismatch';

export type LogAudit =
  | { ok: true; size: number }
  | {
      ok: false;
      size: number;
      problem: LogAuditProblem;
      /** the first index proven bad, or for checkpoint-mismatch the first index that may be */
      firstBadIndex: number;
      /** for checkpoint-mismatch: the bad leaf lies in [firstBadIndex, before) (between two signed checkpoints) */
      before?: number;
      message: string;
    };

const PAGE = 10_000;

/**
 * Recomputes the log from the stored events (each accepted event's JWS is leaf `log_index`) and holds it
 * against signed checkpoints the auditor trusts, saying where it breaks:
 * 1. every index below the newest checkpoint's size must hold an event (else: leaf-missing there);
 * 2. each event must hash to the leaf the tree stored at its index (else: leaf-changed there) — an edited,
 *    deleted-and-shifted or swapped event is caught at the first index it touches;
 * 3. the tree recomputed from the events must have each checkpoint's root; if the stored tree was
 *    rewritten along with the events, step 2 passes and this localises the damage between the last
 *    checkpoint that still matches and the first that does not.
 * `checkpoints` must already be opened (signatures verified), e.g. with shared/log openCheckpoint.
 */
export async function auditLog(read: LogReader, checkpoints: readonly Checkpoint[]): Promise<LogAudit> {
  const trusted = [...checkpoints].sort((a, b) => a.size - b.size);
  const newest = trusted.at(-1);
  if (!newest) throw new RangeError('an audit needs at least one trusted checkpoint');
  const size = newest.size;
  const recomputed = new LogTree(LOG_HASHER, new MemoryNodeStorage());
  const storedSize = await read.size();

  for (let from = 0; from < size; from += PAGE) {
    const count = Math.min(PAGE, size - from);
    const page = await read.leaves(from, count);
    const stored = await read.nodes(Array.from({ length: Math.min(count, Math.max(0, storedSize - from)) }, (_, i) => ({ level: 0, index: from + i })));
    for (let i = 0; i < count; i++) {
      const index = from + i;
      const leaf = page[i];
      if (leaf?.index !== index) {
        return { ok: false, size, problem: 'leaf-missing', firstBadIndex: index, message: `no stored event is leaf ${index} of the log` };
      }
      const hash = leafHashOf(leaf.jws);
      const recorded = stored[i];
      if (!recorded || !equalBytes(hash, recorded)) {
        return {
          ok: false,
          size,
          problem: 'leaf-changed',
          firstBadIndex: index,
          message: `the event at leaf ${index} hashes to ${hex(hash)}, the log recorded ${recorded ? hex(recorded) : 'nothing'}`,
        };
      }
      recomputed.append(hash);
    }
  }

  let lastGood = 0;
  for (const checkpoint of trusted) {
    if (!equalBytes(recomputed.root(checkpoint.size), checkpoint.rootHash)) {
      return {
        ok: false,
        size,
        problem: 'checkpoint-mismatch',
        firstBadIndex: lastGood,
        before: checkpoint.size,
        message: `the events do not give the root signed at size ${checkpoint.size}; the first bad leaf is in [${lastGood}, ${checkpoint.size})`,
      };
    }
    lastGood = checkpoint.size;
  }
  return { ok: true, size };
}
