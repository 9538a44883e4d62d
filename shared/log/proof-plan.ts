/**
 * Which stored nodes a proof is made of, computed from sizes alone (RFC 9162 §2.1.3.1 PATH and §2.1.4.1
 * SUBPROOF, unrolled into loops). Planning is separate from fetching so any store can serve proofs: the
 * in-memory one reads nodes one by one, a SQLite or PostgreSQL store can fetch `planNodeIds(plan)` in one
 * query, sync or async, and then call `assembleProof`.
 *
 * Each element of a plan is one hash of the proof, given as the perfect subtrees whose right fold is that
 * hash. All but at most one element per proof are a single stored node; the exception is a subtree on the
 * tree's ragged right edge, rebuilt from O(log n) stored nodes, so a proof costs O(log n) lookups.
 */
import { counted } from '../counted.ts';
import { ProofRangeError } from './errors.ts';
import { foldSubtrees, isTreeSize, largestPowerOfTwoBelow, perfectSubtrees, type NodeId } from './subtree.ts';
import type { TreeHasher } from './tree-hasher.ts';

export type ProofPlan = readonly (readonly NodeId[])[];

function checkSize(value: number, what: string): void {
  if (!isTreeSize(value)) throw new ProofRangeError(`${what} must be a non-negative safe integer, not ${value}`);
}

/** The audit path for leaf `index` in the tree of the first `size` leaves, leaf-side first. */
export function inclusionPlan(index: number, size: number): ProofPlan {
  checkSize(index, 'the leaf index');
  checkSize(size, 'the tree size');
  if (index >= size) throw new ProofRangeError(`leaf ${index} is not in a tree of ${counted(size, 'leaf', 'leaves')}`);
  const topDown: NodeId[][] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const mid = start + largestPowerOfTwoBelow(end - start);
    if (index < mid) {
      topDown.push(perfectSubtrees(mid, end));
      end = mid;
    } else {
      topDown.push(perfectSubtrees(start, mid));
      start = mid;
    }
  }
  return topDown.reverse();
}

/** The consistency proof from the tree of `size1` leaves to the tree of `size2` leaves. */
export function consistencyPlan(size1: number, size2: number): ProofPlan {
  checkSize(size1, 'the old tree size');
  checkSize(size2, 'the new tree size');
  if (size1 > size2) throw new ProofRangeError(`a tree of ${counted(size1, 'leaf', 'leaves')} cannot be a prefix of one of ${size2}`);
  // RFC 9162 defines proofs for 0 < size1 < size2; the other cases are consistent with an empty proof.
  if (size1 === 0 || size1 === size2) return [];
  const topDown: NodeId[][] = [];
  let start = 0;
  let end = size2;
  // SUBPROOF's flag b: whether the subtree we stand in is the old tree's root, which the verifier has.
  let oldRootKnown = true;
  while (end !== size1) {
    const mid = start + largestPowerOfTwoBelow(end - start);
    if (size1 <= mid) {
      topDown.push(perfectSubtrees(mid, end));
      end = mid;
    } else {
      topDown.push(perfectSubtrees(start, mid));
      start = mid;
      oldRootKnown = false;
    }
  }
  if (!oldRootKnown) topDown.push(perfectSubtrees(start, end));
  return topDown.reverse();
}

/** The nodes whose right fold is the root of the first `size` leaves; empty for the empty tree. */
export function rootPlan(size: number): readonly NodeId[] {
  checkSize(size, 'the tree size');
  return perfectSubtrees(0, size);
}

/** Every distinct node a plan reads, for stores that fetch in one batch. */
export function planNodeIds(plan: ProofPlan): NodeId[] {
  const seen = new Set<string>();
  const ids: NodeId[] = [];
  for (const element of plan) {
    for (const id of element) {
      const key = `${id.level}/${id.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ids.push(id);
    }
  }
  return ids;
}

/** Turns a plan into proof hashes, reading each node through `lookup`. */
export function assembleProof(hasher: TreeHasher, plan: ProofPlan, lookup: (id: NodeId) => Uint8Array): Uint8Array[] {
  return plan.map((element) => foldSubtrees(hasher, element.map(lookup)));
}

/** The root from a `rootPlan`, with the empty tree's hash for size 0. */
export function assembleRoot(hasher: TreeHasher, plan: readonly NodeId[], lookup: (id: NodeId) => Uint8Array): Uint8Array {
  return plan.length === 0 ? hasher.emptyRoot() : foldSubtrees(hasher, plan.map(lookup));
}
