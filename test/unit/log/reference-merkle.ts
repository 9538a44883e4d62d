/**
 * The RFC 9162 §2.1 definitions (MTH, PATH, PROOF/SUBPROOF) written as directly as possible, recursing
 * over the leaf hashes and recomputing every subtree. Slow on purpose: it shares no code with
 * shared/log, so the fast store is checked against the definition rather than against itself.
 */
import type { TreeHasher } from '../../../shared/log/tree-hasher.ts';

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export function referenceRoot(hasher: TreeHasher, leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return hasher.emptyRoot();
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return hasher.hashChildren(referenceRoot(hasher, leaves.slice(0, k)), referenceRoot(hasher, leaves.slice(k)));
}

export function referenceInclusion(hasher: TreeHasher, leaves: readonly Uint8Array[], index: number): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return index < k
    ? [...referenceInclusion(hasher, leaves.slice(0, k), index), referenceRoot(hasher, leaves.slice(k))]
    : [...referenceInclusion(hasher, leaves.slice(k), index - k), referenceRoot(hasher, leaves.slice(0, k))];
}

function subproof(hasher: TreeHasher, m: number, leaves: readonly Uint8Array[], oldRootKnown: boolean): Uint8Array[] {
  if (m === leaves.length) return oldRootKnown ? [] : [referenceRoot(hasher, leaves)];
  const k = split(leaves.length);
  return m <= k
    ? [...subproof(hasher, m, leaves.slice(0, k), oldRootKnown), referenceRoot(hasher, leaves.slice(k))]
    : [...subproof(hasher, m - k, leaves.slice(k), false), referenceRoot(hasher, leaves.slice(0, k))];
}

/** PROOF(m, D[n]) for the tree of all `leaves`. */
export function referenceConsistency(hasher: TreeHasher, leaves: readonly Uint8Array[], m: number): Uint8Array[] {
  return m === 0 || m === leaves.length ? [] : subproof(hasher, m, leaves, true);
}
