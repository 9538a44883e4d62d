/**
 * The append-only Merkle tree of the transparency log over any NodeStorage: appends in O(log n)
 * amortised (O(1) hashes on average), the current root from the in-memory frontier, and inclusion and
 * consistency proofs for any past size from O(log n) stored nodes — never by rehashing leaves.
 */
import { counted } from '../counted.ts';
import { ProofRangeError } from './errors.ts';
import { Frontier } from './frontier.ts';
import type { NodeStorage, NodeWrite } from './node-storage.ts';
import { assembleProof, assembleRoot, consistencyPlan, inclusionPlan, rootPlan } from './proof-plan.ts';
import type { NodeId } from './subtree.ts';
import type { TreeHasher } from './tree-hasher.ts';

export class LogTree {
  private frontier: Frontier;
  private readonly lookup = (id: NodeId): Uint8Array => this.storage.node(id.level, id.index);

  constructor(
    private readonly hasher: TreeHasher,
    private readonly storage: NodeStorage,
  ) {
    this.frontier = Frontier.restore(hasher, storage.size(), this.lookup);
  }

  size(): number {
    return this.storage.size();
  }

  /** Appends one leaf hash (`hasher.hashLeaf(entry)`); returns its index. */
  append(leafHash: Uint8Array): number {
    return this.appendAll([leafHash]);
  }

  /** Appends leaf hashes in order with a single storage write; returns the index of the first. */
  appendAll(leafHashes: readonly Uint8Array[]): number {
    const frontier = this.current();
    const first = frontier.size;
    const writes: NodeWrite[] = [];
    for (const leafHash of leafHashes) writes.push(...frontier.append(leafHash));
    this.storage.write(frontier.size, writes);
    return first;
  }

  /** MTH of the first `size` leaves (default: all). The current root needs no store reads. */
  root(size = this.size()): Uint8Array {
    this.checkStored(size);
    if (size === this.storage.size()) return this.current().root();
    return assembleRoot(this.hasher, rootPlan(size), this.lookup);
  }

  /** RFC 9162 inclusion proof of leaf `index` in the tree of the first `size` leaves. */
  inclusionProof(index: number, size = this.size()): Uint8Array[] {
    this.checkStored(size);
    return assembleProof(this.hasher, inclusionPlan(index, size), this.lookup);
  }

  /** RFC 9162 consistency proof from the tree of `size1` leaves to the tree of `size2` leaves. */
  consistencyProof(size1: number, size2 = this.size()): Uint8Array[] {
    this.checkStored(size2);
    return assembleProof(this.hasher, consistencyPlan(size1, size2), this.lookup);
  }

  private checkStored(size: number): void {
    const stored = this.storage.size();
    if (!Number.isSafeInteger(size) || size < 0 || size > stored) {
      throw new ProofRangeError(`the log holds ${counted(stored, 'leaf', 'leaves')}; size ${size} is out of range`);
    }
  }

  /**
   * The frontier is a cache of the storage. If their sizes disagree — the caller's transaction rolled
   * back after an append, or a write failed half-way — it is rebuilt from the stored nodes rather than
   * trusted, so a stale frontier cannot produce a wrong root or wrong nodes. It assumes one writer per
   * storage, as the server's single SQLite writer guarantees.
   */
  private current(): Frontier {
    if (this.frontier.size !== this.storage.size()) {
      this.frontier = Frontier.restore(this.hasher, this.storage.size(), this.lookup);
    }
    return this.frontier;
  }
}
