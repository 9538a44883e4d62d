/**
 * The storage contract of the log's hash tree. A store keeps one 32-byte hash per complete subtree
 * (level, index) — "level arrays": level 0 holds the leaf hashes, level k every aligned run of 2^k
 * leaves that is complete. Nodes are written once, when their last leaf arrives, and never change, so
 * any older tree size's proofs and roots come from the same rows.
 *
 * A SQLite backing is a table `(level INTEGER, idx INTEGER, hash BLOB, PRIMARY KEY (level, idx))
 * WITHOUT ROWID`: `node` is a point SELECT, `write` the INSERTs of one append inside the transaction that
 * accepts the event, `size` the number of level-0 rows (or a counter kept in the same transaction).
 */
import type { NodeId } from './subtree.ts';

export interface NodeWrite extends NodeId {
  readonly hash: Uint8Array;
}

/** What proof generation reads. */
export interface TreeNodeReader {
  /** how many leaves the store holds */
  size(): number;
  /**
   * The hash of complete subtree (level, index). Only asked for nodes inside the stored tree, that is
   * (index + 1)·2^level ≤ size(); the returned bytes belong to the caller.
   */
  node(level: number, index: number): Uint8Array;
}

/** What a persistent backing implements so `LogTree` can append to it. */
export interface NodeStorage extends TreeNodeReader {
  /**
   * Stores the nodes completed by appending leaves up to `newSize` (the leaf hashes at level 0 and every
   * subtree they complete), after which size() returns `newSize`. Runs inside the caller's transaction.
   */
  write(newSize: number, nodes: readonly NodeWrite[]): void;
}
