import type { NodeId } from '../../../shared/log/subtree.ts';

export interface StoredCheckpoint {
  size: number;
  root: Uint8Array;
  /** the signed note exactly as published */
  note: string;
  createdAt: string;
}

export interface LogReader {
  /** how many leaves the log holds */
  size(): Promise<number>;
  /** the hashes of complete subtrees, in the order asked (every id inside the stored tree) */
  nodes(ids: readonly NodeId[]): Promise<Uint8Array[]>;
  /** the JWS text of leaf `index`, undefined beyond the log */
  leaf(index: number): Promise<string | undefined>;
  /** leaves [from, from + count) that are stored, in index order, each with its index */
  leaves(from: number, count: number): Promise<{ index: number; jws: string }[]>;
  newestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  checkpointAt(size: number): Promise<StoredCheckpoint | undefined>;
}

export interface LogWriter {
  /** keeps the checkpoint forever; a second one at the same size is ignored (false) */
  saveCheckpoint(checkpoint: StoredCheckpoint): Promise<boolean>;
}
