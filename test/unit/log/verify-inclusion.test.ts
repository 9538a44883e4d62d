/** Property tests of RFC 9162 inclusion verification over seeded random trees. */
import { describe, expect, it } from 'vitest';
import { ProofError } from '../../../shared/log/errors.ts';
import { verifyInclusion } from '../../../shared/log/verify-inclusion.ts';
import { seededRandom } from '../../../scripts/lib/prng.ts';
import { flipBit, hasher, randomLeafHashes, treeOf } from './helpers.ts';

const BITS = 256;

function reasonOf(check: () => void): string {
  try {
    check();
    return 'verified';
  } catch (error) {
    if (error instanceof ProofError) return error.reason;
    throw error;
  }
}

describe('verifyInclusion', () => {
  it('when trees have random sizes up to a few thousand, then every sampled proof verifies against the root', () => {
    const random = seededRandom(11);
    for (let round = 0; round < 20; round++) {
      const leaves = randomLeafHashes(random, 1 + Math.floor(random() * 4000));
      const tree = treeOf(leaves);
      const size = 1 + Math.floor(random() * leaves.length);
      const root = tree.root(size);
      for (let sample = 0; sample < 100; sample++) {
        const index = Math.floor(random() * size);
        expect(reasonOf(() => verifyInclusion(hasher, leaves[index]!, index, size, tree.inclusionProof(index, size), root)), `${index} in ${size}`).toBe('verified');
      }
    }
  });

  it('when a tree is small, then the proof of every leaf at every size verifies', () => {
    const leaves = randomLeafHashes(seededRandom(12), 64);
    const tree = treeOf(leaves);
    for (let size = 1; size <= leaves.length; size++) {
      const root = tree.root(size);
      for (let index = 0; index < size; index++) {
        expect(reasonOf(() => verifyInclusion(hasher, leaves[index]!, index, size, tree.inclusionProof(index, size), root))).toBe('verified');
      }
    }
  });

  it('when any single bit of a proof hash, the root or the leaf hash is flipped, then verification fails', () => {
    const random = seededRandom(13);
    const leaves = randomLeafHashes(random, 2999);
    const tree = treeOf(leaves);
    for (const [index, size] of [[0, 2999], [1500, 2999], [2998, 2999], [1023, 1024], [700, 1025]] as const) {
      const proof = tree.inclusionProof(index, size);
      const root = tree.root(size);
      const leaf = leaves[index]!;
      for (let bit = 0; bit < BITS; bit++) {
        proof.forEach((_, i) => {
          const tampered = proof.map((hash, j) => (j === i ? flipBit(hash, bit) : hash));
          expect(reasonOf(() => verifyInclusion(hasher, leaf, index, size, tampered, root))).toBe('root-mismatch');
        });
        expect(reasonOf(() => verifyInclusion(hasher, leaf, index, size, proof, flipBit(root, bit)))).toBe('root-mismatch');
        expect(reasonOf(() => verifyInclusion(hasher, flipBit(leaf, bit), index, size, proof, root))).toBe('root-mismatch');
      }
    }
  });

  it('when the proof is offered for another leaf index of the same tree, then verification fails', () => {
    const random = seededRandom(14);
    const leaves = randomLeafHashes(random, 1000);
    const tree = treeOf(leaves);
    for (let sample = 0; sample < 10; sample++) {
      const size = 2 + Math.floor(random() * 999);
      const index = Math.floor(random() * size);
      const proof = tree.inclusionProof(index, size);
      const root = tree.root(size);
      for (let other = 0; other < size; other++) {
        if (other === index) continue;
        expect(reasonOf(() => verifyInclusion(hasher, leaves[index]!, other, size, proof, root)), `${index} as ${other} in ${size}`).not.toBe('verified');
      }
    }
  });

  it('when a proof is checked against another size of the same log and that size’s root, then verification fails', () => {
    const random = seededRandom(15);
    const leaves = randomLeafHashes(random, 600);
    const tree = treeOf(leaves);
    for (let sample = 0; sample < 20; sample++) {
      const size = 1 + Math.floor(random() * 600);
      const index = Math.floor(random() * size);
      const proof = tree.inclusionProof(index, size);
      for (let other = index + 1; other <= 600; other++) {
        if (other === size) continue;
        expect(reasonOf(() => verifyInclusion(hasher, leaves[index]!, index, other, proof, tree.root(other))), `${index}: ${size} as ${other}`).not.toBe('verified');
      }
    }
  });

  it('when the proof has a hash too many or too few, then the reason says so', () => {
    const leaves = randomLeafHashes(seededRandom(16), 100);
    const tree = treeOf(leaves);
    const proof = tree.inclusionProof(37);
    const root = tree.root();
    expect(reasonOf(() => verifyInclusion(hasher, leaves[37]!, 37, 100, [...proof, root], root))).toBe('proof-too-long');
    expect(reasonOf(() => verifyInclusion(hasher, leaves[37]!, 37, 100, proof.slice(0, -1), root))).toBe('proof-too-short');
    expect(reasonOf(() => verifyInclusion(hasher, leaves[37]!, 100, 100, proof, root))).toBe('index-out-of-range');
    expect(reasonOf(() => verifyInclusion(hasher, leaves[37]!, 37, 100, [...proof.slice(0, -1), new Uint8Array(33)], root))).toBe('bad-hash-length');
    expect(reasonOf(() => verifyInclusion(hasher, leaves[37]!, 37, 100, proof, root.slice(1)))).toBe('bad-hash-length');
    expect(reasonOf(() => verifyInclusion(hasher, leaves[37]!, -1, 100, proof, root))).toBe('bad-size');
    expect(() => verifyInclusion(hasher, leaves[37]!, 37, 100, proof.slice(0, -1), root)).toThrow(expect.objectContaining({ code: 'ERR_PROOF_INVALID' }));
  });

  it('when it says what is wrong, then a count of one reads in the singular', () => {
    const tree = treeOf(randomLeafHashes(seededRandom(17), 2));
    const [first, second] = [tree.root(1), tree.root(2)];
    expect(() => verifyInclusion(hasher, first, 1, 1, [], first)).toThrow('leaf 1 cannot be in a tree of 1 leaf');
    expect(() => verifyInclusion(hasher, first, 0, 1, [second], first)).toThrow('the proof has 1 hash, more than leaf 0 of a tree of 1 needs');
  });
});
