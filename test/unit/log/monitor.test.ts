/**
 * The monitor's decision on checkpoint pairs, including the tamper cases: a server that
 * changes, removes or reorders an entry must publish a tree that cannot be proven to extend the one
 * auditors saw before.
 */
import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../../shared/log/checkpoint.ts';
import { assertCheckpointGrowth, checkCheckpointGrowth } from '../../../shared/log/monitor.ts';
import { seededRandom } from '../../../scripts/lib/prng.ts';
import { flipBit, hasher, randomLeafHashes, treeOf } from './helpers.ts';

const ORIGIN = 'member-card.example/log';
const leaves = randomLeafHashes(seededRandom(41), 500);
const honest = treeOf(leaves);
const at = (size: number, tree = honest): Checkpoint => ({ origin: ORIGIN, size, rootHash: tree.root(size), extensions: [] });

describe('checkCheckpointGrowth', () => {
  it('when the log grew honestly, then the new checkpoint is consistent', () => {
    expect(checkCheckpointGrowth(hasher, at(300), at(500), honest.consistencyProof(300, 500))).toEqual({ consistent: true });
    expect(checkCheckpointGrowth(hasher, at(500), at(500), [])).toEqual({ consistent: true });
    expect(checkCheckpointGrowth(hasher, at(0), at(500), [])).toEqual({ consistent: true });
  });

  it('when the log shows a smaller tree than before, then it is reported as rolled back', () => {
    expect(checkCheckpointGrowth(hasher, at(500), at(300), [])).toMatchObject({ consistent: false, reason: 'rolled-back' });
  });

  it('when it says what is wrong, then a count of one reads in the singular, as the verify report prints it', () => {
    expect(checkCheckpointGrowth(hasher, at(500), at(1), [])).toMatchObject({ message: 'the log shrank from 500 to 1 entry' });
    expect(checkCheckpointGrowth(hasher, at(300), at(300), [honest.root(1)])).toMatchObject({ message: expect.stringContaining('need an empty proof, not 1 hash (non-empty-proof)') });
    expect(checkCheckpointGrowth(hasher, at(0), at(1), [honest.root(1)])).toMatchObject({ message: expect.stringContaining('the empty tree needs an empty proof, not 1 hash') });
  });

  it('when the log shows another root at the same size, then it is reported as forked', () => {
    const forked = treeOf([...leaves.slice(0, 499), hasher.hashLeaf(new Uint8Array([1]))]);
    expect(checkCheckpointGrowth(hasher, at(500), at(500, forked), [])).toMatchObject({ consistent: false, reason: 'forked' });
  });

  it('when the consistency proof is bad, then it is reported with the failing check', () => {
    const proof = honest.consistencyProof(300, 500);
    const verdict = checkCheckpointGrowth(hasher, at(300), at(500), [flipBit(proof[0]!, 7), ...proof.slice(1)]);
    expect(verdict).toMatchObject({ consistent: false, reason: 'proof-invalid' });
    expect(!verdict.consistent && verdict.message).toMatch(/root-mismatch/);
    expect(checkCheckpointGrowth(hasher, at(300), at(500), [])).toMatchObject({ consistent: false, reason: 'proof-invalid' });
  });

  it('when the checkpoints come from different logs, then they are not compared', () => {
    expect(checkCheckpointGrowth(hasher, at(300), { ...at(500), origin: 'other.example/log' }, honest.consistencyProof(300, 500))).toMatchObject({
      consistent: false,
      reason: 'different-log',
    });
  });

  it.each([
    ['changed', (list: Uint8Array[]) => list.map((leaf, i) => (i === 120 ? flipBit(leaf, 0) : leaf))],
    ['removed', (list: Uint8Array[]) => list.filter((_, i) => i !== 120)],
    ['reordered', (list: Uint8Array[]) => list.map((leaf, i) => (i === 120 ? list[121]! : i === 121 ? list[120]! : leaf))],
  ])('when an already-published entry is %s and the log grows on, then no proof from the rewritten log convinces the monitor', (_, rewrite) => {
    const rewritten = treeOf([...rewrite(leaves.slice(0, 300)), ...leaves.slice(300)]);
    const next = at(rewritten.size(), rewritten);
    const verdict = checkCheckpointGrowth(hasher, at(300), next, rewritten.consistencyProof(300, rewritten.size()));
    expect(verdict).toMatchObject({ consistent: false, reason: 'proof-invalid' });
  });

  it('when the assert variant meets an inconsistency, then it throws ERR_LOG_INCONSISTENT with the reason', () => {
    expect(() => assertCheckpointGrowth(hasher, at(500), at(300), [])).toThrow(expect.objectContaining({ code: 'ERR_LOG_INCONSISTENT', reason: 'rolled-back' }));
    expect(() => assertCheckpointGrowth(hasher, at(300), at(500), honest.consistencyProof(300, 500))).not.toThrow();
  });
});
