/** Property tests of RFC 9162 consistency verification over seeded random trees. */
import { describe, expect, it } from 'vitest';
import { ProofError } from '../../../shared/log/errors.ts';
import { verifyConsistency } from '../../../shared/log/verify-consistency.ts';
import { seededRandom } from '../../../scripts/lib/prng.ts';
import { flipBit, hasher, randomLeafHashes, treeOf } from './helpers.ts';

function reasonOf(check: () => void): string {
  try {
    check();
    return 'verified';
  } catch (error) {
    if (error instanceof ProofError) return error.reason;
    throw error;
  }
}

describe('verifyConsistency', () => {
  it('when sizes m ≤ n are drawn at random, then the proof from m to n verifies', () => {
    const random = seededRandom(21);
    for (let round = 0; round < 20; round++) {
      const tree = treeOf(randomLeafHashes(random, 1 + Math.floor(random() * 4000)));
      for (let sample = 0; sample < 100; sample++) {
        const size2 = Math.floor(random() * (tree.size() + 1));
        const size1 = Math.floor(random() * (size2 + 1));
        const proof = tree.consistencyProof(size1, size2);
        expect(reasonOf(() => verifyConsistency(hasher, size1, size2, tree.root(size1), tree.root(size2), proof)), `${size1} → ${size2}`).toBe('verified');
      }
    }
  });

  it('when a tree is small, then the proof between every pair of sizes verifies', () => {
    const tree = treeOf(randomLeafHashes(seededRandom(22), 48));
    for (let size2 = 0; size2 <= 48; size2++) {
      for (let size1 = 0; size1 <= size2; size1++) {
        expect(reasonOf(() => verifyConsistency(hasher, size1, size2, tree.root(size1), tree.root(size2), tree.consistencyProof(size1, size2)))).toBe('verified');
      }
    }
  });

  it('when any single bit of a proof hash or of either root is flipped, then verification fails', () => {
    const tree = treeOf(randomLeafHashes(seededRandom(23), 3001));
    for (const [size1, size2] of [[1, 3001], [1024, 3001], [1500, 2999], [2047, 2048], [7, 8], [3000, 3001]] as const) {
      const proof = tree.consistencyProof(size1, size2);
      const [root1, root2] = [tree.root(size1), tree.root(size2)];
      for (let bit = 0; bit < 256; bit++) {
        proof.forEach((_, i) => {
          const tampered = proof.map((hash, j) => (j === i ? flipBit(hash, bit) : hash));
          expect(reasonOf(() => verifyConsistency(hasher, size1, size2, root1, root2, tampered)), `${size1} → ${size2} proof[${i}] bit ${bit}`).toMatch(/root-mismatch/);
        });
        // When size1 is a power of two the old root itself starts the path, so a wrong one shows in the new root.
        expect(reasonOf(() => verifyConsistency(hasher, size1, size2, flipBit(root1, bit), root2, proof))).toMatch(/^(old|new)-root-mismatch$/);
        expect(reasonOf(() => verifyConsistency(hasher, size1, size2, root1, flipBit(root2, bit), proof))).toBe('new-root-mismatch');
      }
    }
  });

  it('when the proof is offered for other sizes with those sizes’ true roots, then verification fails', () => {
    const random = seededRandom(24);
    const tree = treeOf(randomLeafHashes(random, 400));
    for (let sample = 0; sample < 15; sample++) {
      const size2 = 2 + Math.floor(random() * 399);
      const size1 = 1 + Math.floor(random() * (size2 - 1));
      const proof = tree.consistencyProof(size1, size2);
      for (let other = 1; other <= 400; other++) {
        if (other !== size1 && other < size2) {
          expect(reasonOf(() => verifyConsistency(hasher, other, size2, tree.root(other), tree.root(size2), proof)), `${size1}→${size2} as ${other}→${size2}`).not.toBe('verified');
        }
        if (other !== size2 && other > size1) {
          expect(reasonOf(() => verifyConsistency(hasher, size1, other, tree.root(size1), tree.root(other), proof)), `${size1}→${size2} as ${size1}→${other}`).not.toBe('verified');
        }
      }
    }
  });

  it('when the proof has a hash too many or too few, then the reason says so', () => {
    const tree = treeOf(randomLeafHashes(seededRandom(25), 100));
    const proof = tree.consistencyProof(37, 100);
    const [root1, root2] = [tree.root(37), tree.root(100)];
    expect(reasonOf(() => verifyConsistency(hasher, 37, 100, root1, root2, [...proof, root2]))).toBe('proof-too-long');
    expect(reasonOf(() => verifyConsistency(hasher, 37, 100, root1, root2, proof.slice(0, -1)))).toBe('proof-too-short');
    expect(reasonOf(() => verifyConsistency(hasher, 37, 100, root1, root2, [...proof.slice(0, -1), new Uint8Array(0)]))).toBe('bad-hash-length');
    expect(reasonOf(() => verifyConsistency(hasher, 37, 1.5, root1, root2, proof))).toBe('bad-size');
    expect(() => verifyConsistency(hasher, 37, 100, root1, root2, [])).toThrow(expect.objectContaining({ code: 'ERR_PROOF_INVALID' }));
  });
});
