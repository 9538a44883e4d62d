/**
 * RFC 9162 §2.1.4.2: verifying a consistency proof, step for step, that the tree of `size1` leaves with
 * `root1` is a prefix of the tree of `size2` leaves with `root2`. RFC 9162 defines proofs only for
 * 0 < size1 < size2; equal sizes and the empty old tree are consistent exactly when the proof is empty
 * (and, respectively, the roots are equal or the old root is the empty tree's).
 */
import { equalBytes, hex } from '../bytes.ts';
import { counted } from '../counted.ts';
import { ProofError } from './errors.ts';
import { isPowerOfTwo, isTreeSize } from './subtree.ts';
import type { TreeHasher } from './tree-hasher.ts';
import { checkHashLength } from './verify-inclusion.ts';

export function verifyConsistency(
  hasher: TreeHasher,
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  if (!isTreeSize(size1) || !isTreeSize(size2)) throw new ProofError('bad-size', `sizes ${size1} and ${size2} must be non-negative safe integers`);
  checkHashLength(root1, 'the old root');
  checkHashLength(root2, 'the new root');
  proof.forEach((hash, i) => checkHashLength(hash, `proof hash ${i}`));
  if (size2 < size1) throw new ProofError('size-decreased', `the tree shrank from ${size1} to ${counted(size2, 'leaf', 'leaves')}`);
  if (size1 === size2) {
    if (proof.length !== 0) throw new ProofError('non-empty-proof', `trees of equal size need an empty proof, not ${counted(proof.length, 'hash', 'hashes')}`);
    if (!equalBytes(root1, root2)) throw new ProofError('same-size-different-root', `two trees of ${counted(size1, 'leaf', 'leaves')} have different roots ${hex(root1)} and ${hex(root2)}`);
    return;
  }
  if (size1 === 0) {
    if (proof.length !== 0) throw new ProofError('non-empty-proof', `the empty tree needs an empty proof, not ${counted(proof.length, 'hash', 'hashes')}`);
    if (!equalBytes(root1, hasher.emptyRoot())) throw new ProofError('old-root-mismatch', `the root of the empty tree is not ${hex(root1)}`);
    return;
  }

  // Step 1.
  if (proof.length === 0) throw new ProofError('empty-proof', `growing from ${size1} to ${counted(size2, 'leaf', 'leaves')} needs a non-empty proof`);
  // Step 2.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  // Step 3.
  let fn = size1 - 1;
  let sn = size2 - 1;
  // Step 4.
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  // Step 5.
  let fr = path[0]!;
  let sr = path[0]!;
  // Step 6.
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofError('proof-too-long', `the proof has ${counted(proof.length, 'hash', 'hashes')}, more than ${size1} → ${size2} needs`);
    if (fn % 2 === 1 || fn === sn) {
      fr = hasher.hashChildren(c, fr);
      sr = hasher.hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn /= 2;
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hasher.hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 7.
  if (sn !== 0) throw new ProofError('proof-too-short', `the proof has ${counted(proof.length, 'hash', 'hashes')}, fewer than ${size1} → ${size2} needs`);
  if (!equalBytes(fr, root1)) throw new ProofError('old-root-mismatch', `the proof leads to old root ${hex(fr)}, not ${hex(root1)}`);
  if (!equalBytes(sr, root2)) throw new ProofError('new-root-mismatch', `the proof leads to new root ${hex(sr)}, not ${hex(root2)}`);
}
