/** Shared bits of the log tests: the Node hasher, hex lists, bit flips, and trees of seeded leaves. */
import { fromHex } from '../../../shared/bytes.ts';
import { LogTree } from '../../../shared/log/log-tree.ts';
import { MemoryNodeStorage } from '../../../shared/log/memory-node-storage.ts';
import { nodeSha256 } from '../../../shared/log/sha256.node.ts';
import { rfc6962Hasher } from '../../../shared/log/tree-hasher.ts';
import { randomBytesFrom } from '../../../scripts/lib/prng.ts';

export const hasher = rfc6962Hasher(nodeSha256);

export const hexes = (list: readonly string[]): Uint8Array[] => list.map((text) => fromHex(text));

/** A copy of `bytes` with bit `bit` (0 = most significant bit of byte 0) inverted. */
export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[Math.floor(bit / 8)]! ^= 0x80 >> bit % 8;
  return copy;
}

/** `count` random leaf hashes from a seeded PRNG. */
export const randomLeafHashes = (random: () => number, count: number): Uint8Array[] =>
  Array.from({ length: count }, () => hasher.hashLeaf(randomBytesFrom(random, 1 + Math.floor(random() * 40))));

export function treeOf(leafHashes: readonly Uint8Array[]): LogTree {
  const tree = new LogTree(hasher, new MemoryNodeStorage());
  tree.appendAll(leafHashes);
  return tree;
}
