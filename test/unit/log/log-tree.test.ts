/**
 * The incremental store against the RFC's recursive definitions (reference-merkle.ts) on seeded random
 * trees: every root and proof it serves must be the one the definition gives.
 */
import { describe, expect, it } from 'vitest';
import { hex } from '../../../shared/bytes.ts';
import { LogTree } from '../../../shared/log/log-tree.ts';
import { MemoryNodeStorage } from '../../../shared/log/memory-node-storage.ts';
import type { NodeStorage, NodeWrite } from '../../../shared/log/node-storage.ts';
import { seededRandom } from '../../../scripts/lib/prng.ts';
import { hasher, randomLeafHashes, treeOf } from './helpers.ts';
import { referenceConsistency, referenceInclusion, referenceRoot } from './reference-merkle.ts';

const hexList = (hashes: readonly Uint8Array[]): string[] => hashes.map(hex);

describe('LogTree over MemoryNodeStorage', () => {
  it('when leaves are appended one at a time, then the root after every append equals the definition', () => {
    const leaves = randomLeafHashes(seededRandom(1), 300);
    const tree = new LogTree(hasher, new MemoryNodeStorage());
    leaves.forEach((leaf, i) => {
      expect(tree.append(leaf)).toBe(i);
      expect(hex(tree.root()), `size ${i + 1}`).toBe(hex(referenceRoot(hasher, leaves.slice(0, i + 1))));
    });
  });

  it('when trees of random sizes are built, then sampled inclusion proofs at random past sizes equal the definition', () => {
    const random = seededRandom(2);
    for (let round = 0; round < 12; round++) {
      const leaves = randomLeafHashes(random, 1 + Math.floor(random() * 3000));
      const tree = treeOf(leaves);
      for (let sample = 0; sample < 20; sample++) {
        const size = 1 + Math.floor(random() * leaves.length);
        const index = Math.floor(random() * size);
        expect(hexList(tree.inclusionProof(index, size)), `${index} in ${size}`).toEqual(hexList(referenceInclusion(hasher, leaves.slice(0, size), index)));
      }
    }
  });

  it('when a small tree is built, then every inclusion proof at every size equals the definition', () => {
    const leaves = randomLeafHashes(seededRandom(3), 70);
    const tree = treeOf(leaves);
    for (let size = 1; size <= leaves.length; size++) {
      for (let index = 0; index < size; index++) {
        expect(hexList(tree.inclusionProof(index, size))).toEqual(hexList(referenceInclusion(hasher, leaves.slice(0, size), index)));
      }
    }
  });

  it('when trees of random sizes are built, then consistency proofs between random sizes equal the definition', () => {
    const random = seededRandom(4);
    for (let round = 0; round < 12; round++) {
      const leaves = randomLeafHashes(random, 1 + Math.floor(random() * 3000));
      const tree = treeOf(leaves);
      for (let sample = 0; sample < 20; sample++) {
        const size2 = Math.floor(random() * (leaves.length + 1));
        const size1 = Math.floor(random() * (size2 + 1));
        expect(hexList(tree.consistencyProof(size1, size2)), `${size1} → ${size2}`).toEqual(
          hexList(referenceConsistency(hasher, leaves.slice(0, size2), size1)),
        );
        expect(hex(tree.root(size2))).toBe(hex(referenceRoot(hasher, leaves.slice(0, size2))));
      }
    }
  });

  it('when a small tree is built, then every consistency proof between every pair of sizes equals the definition', () => {
    const leaves = randomLeafHashes(seededRandom(5), 40);
    const tree = treeOf(leaves);
    for (let size2 = 0; size2 <= leaves.length; size2++) {
      for (let size1 = 0; size1 <= size2; size1++) {
        expect(hexList(tree.consistencyProof(size1, size2))).toEqual(hexList(referenceConsistency(hasher, leaves.slice(0, size2), size1)));
      }
    }
  });

  it('when a batch is appended at once, then the stored nodes equal those of one-by-one appends', () => {
    const leaves = randomLeafHashes(seededRandom(6), 777);
    const batched = new MemoryNodeStorage();
    new LogTree(hasher, batched).appendAll(leaves);
    const single = new MemoryNodeStorage();
    const tree = new LogTree(hasher, single);
    for (const leaf of leaves) tree.append(leaf);
    for (let level = 0; 2 ** level <= leaves.length; level++) {
      for (let index = 0; (index + 1) * 2 ** level <= leaves.length; index++) {
        expect(hex(batched.node(level, index))).toBe(hex(single.node(level, index)));
      }
    }
  });

  it('when a tree is reopened over its existing storage, then appending continues the same tree', () => {
    const leaves = randomLeafHashes(seededRandom(7), 1000);
    const storage = new MemoryNodeStorage();
    new LogTree(hasher, storage).appendAll(leaves.slice(0, 613));
    const reopened = new LogTree(hasher, storage);
    expect(reopened.size()).toBe(613);
    reopened.appendAll(leaves.slice(613));
    expect(hex(reopened.root())).toBe(hex(referenceRoot(hasher, leaves)));
  });

  it('when the storage write of an append is rolled back, then the next append rebuilds from storage instead of a stale frontier', () => {
    const leaves = randomLeafHashes(seededRandom(8), 50);
    const inner = new MemoryNodeStorage();
    let failNext = false;
    const flaky: NodeStorage = {
      size: () => inner.size(),
      node: (level, index) => inner.node(level, index),
      write(newSize: number, nodes: readonly NodeWrite[]) {
        if (failNext) {
          failNext = false;
          throw new Error('transaction rolled back');
        }
        inner.write(newSize, nodes);
      },
    };
    const tree = new LogTree(hasher, flaky);
    tree.appendAll(leaves.slice(0, 20));
    failNext = true;
    expect(() => tree.append(leaves[20]!)).toThrow('transaction rolled back');
    expect(tree.size()).toBe(20);
    expect(hex(tree.root())).toBe(hex(referenceRoot(hasher, leaves.slice(0, 20))));
    tree.appendAll(leaves.slice(20));
    expect(hex(tree.root())).toBe(hex(referenceRoot(hasher, leaves)));
  });

  it('when a root or proof is asked beyond the stored size, or a leaf hash is not 32 bytes, then it is refused', () => {
    const tree = treeOf(randomLeafHashes(seededRandom(9), 10));
    expect(() => tree.root(11)).toThrow(expect.objectContaining({ code: 'ERR_PROOF_RANGE' }));
    expect(() => tree.inclusionProof(3, 11)).toThrow(expect.objectContaining({ code: 'ERR_PROOF_RANGE' }));
    expect(() => tree.inclusionProof(10)).toThrow(expect.objectContaining({ code: 'ERR_PROOF_RANGE' }));
    expect(() => tree.consistencyProof(5, 11)).toThrow(expect.objectContaining({ code: 'ERR_PROOF_RANGE' }));
    expect(() => tree.append(new Uint8Array(31))).toThrow(RangeError);
    expect(tree.size()).toBe(10);
  });

  it('when a caller modifies a proof it was given, then the stored tree is unchanged', () => {
    const leaves = randomLeafHashes(seededRandom(10), 9);
    const tree = treeOf(leaves);
    const proof = tree.inclusionProof(0);
    proof[0]!.fill(0);
    expect(hexList(tree.inclusionProof(0))).toEqual(hexList(referenceInclusion(hasher, leaves, 0)));
  });
});
