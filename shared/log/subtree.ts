/**
 * Addressing of complete subtrees. A node (level, index) is the root of the perfect subtree over the
 * 2^level leaves [index·2^level, (index+1)·2^level). Such a node never changes once its last leaf is
 * appended, so it is the unit the stores keep and every proof is assembled from.
 *
 * Sizes and indexes are JS numbers, valid up to 2^53 − 1. Bit operators work on 32 bits only, so the
 * arithmetic here multiplies and divides instead; a log could plausibly pass 2^32 entries at national scale.
 */
import type { TreeHasher } from './tree-hasher.ts';

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

export const isTreeSize = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;

export function isPowerOfTwo(value: number): boolean {
  if (value < 1) return false;
  let power = 1;
  while (power < value) power *= 2;
  return power === value;
}

/** The largest power of two strictly smaller than `n` (n ≥ 2): RFC 9162's split point k. */
export function largestPowerOfTwoBelow(n: number): number {
  let power = 1;
  while (power * 2 < n) power *= 2;
  return power;
}

/**
 * The maximal aligned perfect subtrees covering leaves [start, end), left to right. For a range that is a
 * node of an RFC 9162 tree (every range a proof names) their sizes strictly decrease, so folding them from
 * the right gives exactly the range's Merkle tree hash (see `foldSubtrees`).
 */
export function perfectSubtrees(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  while (start < end) {
    let level = 0;
    let width = 1;
    while (start % (width * 2) === 0 && start + width * 2 <= end) {
      width *= 2;
      level += 1;
    }
    nodes.push({ level, index: start / width });
    start += width;
  }
  return nodes;
}

/**
 * MTH of a range from the hashes of its `perfectSubtrees`, largest first: RFC 9162 splits a range of
 * non-power-of-two length m at the highest bit of m, so the left part is always the next perfect subtree
 * and the right part recurses — a right fold.
 */
export function foldSubtrees(hasher: TreeHasher, hashes: readonly Uint8Array[]): Uint8Array {
  let hash = hashes[hashes.length - 1];
  if (hash === undefined) throw new RangeError('an empty range has no subtree hash');
  for (let i = hashes.length - 2; i >= 0; i--) hash = hasher.hashChildren(hashes[i]!, hash);
  return hash;
}
