/**
 * RFC 9162 §2.1.3.2: verifying an inclusion proof, step for step. Failures throw ProofError with the
 * reason (too long, too short, root mismatch, …) so an auditor's report can say what was wrong.
 */
import { equalBytes, hex } from '../bytes.ts';
import { counted } from '../counted.ts';
import { ProofError } from './errors.ts';
import { isTreeSize } from './subtree.ts';
import { HASH_SIZE, type TreeHasher } from './tree-hasher.ts';

export function checkHashLength(hash: Uint8Array, what: string): void {
  if (hash.length !== HASH_SIZE) throw new ProofError('bad-hash-length', `${what} is ${hash.length} bytes, not ${HASH_SIZE}`);
}

/** The root an inclusion proof leads to; verifyInclusion compares it with a trusted root. */
export function rootFromInclusionProof(
  hasher: TreeHasher,
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Uint8Array {
  if (!isTreeSize(index) || !isTreeSize(size)) throw new ProofError('bad-size', `index ${index} and size ${size} must be non-negative safe integers`);
  // Step 1.
  if (index >= size) throw new ProofError('index-out-of-range', `leaf ${index} cannot be in a tree of ${counted(size, 'leaf', 'leaves')}`);
  checkHashLength(leafHash, 'the leaf hash');
  proof.forEach((hash, i) => checkHashLength(hash, `proof hash ${i}`));

  // Steps 2–3. fn and sn stay exact: halving is done by division, not 32-bit shifts.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  // Step 4.
  for (const p of proof) {
    if (sn === 0) throw new ProofError('proof-too-long', `the proof has ${counted(proof.length, 'hash', 'hashes')}, more than leaf ${index} of a tree of ${size} needs`);
    if (fn % 2 === 1 || fn === sn) {
      r = hasher.hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hasher.hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 5 (the sn half; the root half is the caller's comparison).
  if (sn !== 0) throw new ProofError('proof-too-short', `the proof has ${counted(proof.length, 'hash', 'hashes')}, fewer than leaf ${index} of a tree of ${size} needs`);
  return r;
}

/** Throws ProofError unless `proof` shows leaf `leafHash` at `index` in the tree of `size` leaves with `root`. */
export function verifyInclusion(
  hasher: TreeHasher,
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  checkHashLength(root, 'the root hash');
  const computed = rootFromInclusionProof(hasher, leafHash, index, size, proof);
  if (!equalBytes(computed, root)) {
    throw new ProofError('root-mismatch', `the proof for leaf ${index} leads to root ${hex(computed)}, not ${hex(root)}`);
  }
}
