/**
 * The right edge of an append-only tree ("compact range" of [0, size)): the roots of the perfect
 * subtrees that cover the leaves so far, largest first, one per set bit of the size. It is all an
 * appender needs in memory: appending merges equal-sized roots like a binary counter (O(1) amortised
 * hashes) and the tree root is their right fold (O(log n) hashes, no store reads).
 */
import type { NodeWrite } from './node-storage.ts';
import { foldSubtrees, isTreeSize, perfectSubtrees, type NodeId } from './subtree.ts';
import { HASH_SIZE, type TreeHasher } from './tree-hasher.ts';

export class Frontier {
  private constructor(
    private readonly hasher: TreeHasher,
    private leafCount: number,
    private readonly levels: number[],
    private readonly hashes: Uint8Array[],
  ) {}

  static empty(hasher: TreeHasher): Frontier {
    return new Frontier(hasher, 0, [], []);
  }

  /** The frontier of a stored tree of `size` leaves, read from its `frontierNodeIds(size)`. */
  static restore(hasher: TreeHasher, size: number, lookup: (id: NodeId) => Uint8Array): Frontier {
    const ids = frontierNodeIds(size);
    return new Frontier(hasher, size, ids.map((id) => id.level), ids.map(lookup));
  }

  get size(): number {
    return this.leafCount;
  }

  /** Appends one leaf hash; returns the leaf and every subtree it completes, lowest level first. */
  append(leafHash: Uint8Array): NodeWrite[] {
    if (leafHash.length !== HASH_SIZE) throw new RangeError(`a leaf hash is ${HASH_SIZE} bytes, not ${leafHash.length}`);
    let level = 0;
    let index = this.leafCount;
    let hash = leafHash;
    const writes: NodeWrite[] = [{ level, index, hash }];
    while (this.levels.length > 0 && this.levels[this.levels.length - 1] === level) {
      this.levels.pop();
      hash = this.hasher.hashChildren(this.hashes.pop()!, hash);
      level += 1;
      index = (index - 1) / 2;
      writes.push({ level, index, hash });
    }
    this.levels.push(level);
    this.hashes.push(hash);
    this.leafCount += 1;
    return writes;
  }

  /** MTH of all leaves appended so far. */
  root(): Uint8Array {
    return this.hashes.length === 0 ? this.hasher.emptyRoot() : foldSubtrees(this.hasher, this.hashes);
  }
}

/** The nodes that make up the frontier of a tree of `size` leaves, largest first. */
export function frontierNodeIds(size: number): NodeId[] {
  if (!isTreeSize(size)) throw new RangeError(`not a tree size: ${size}`);
  return perfectSubtrees(0, size);
}
