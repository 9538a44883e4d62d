import type { NodeStorage, NodeWrite, TreeNodeReader } from '../../../shared/log/node-storage.ts';
import type { NodeId } from '../../../shared/log/subtree.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type { LogAppender } from '../repositories/ingest.ts';
import type { LogReader, LogWriter, StoredCheckpoint } from '../repositories/log.ts';
import { statement } from './statements.ts';

const bytes = (blob: Buffer): Uint8Array => new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);

/**
 * The log's tree nodes in `log_nodes` (shared/log/node-storage.ts). The size is the number of leaves,
 * read from the primary key (max leaf index + 1), so it always agrees with what the current transaction
 * sees: LogTree compares it with its in-memory frontier to notice a rolled-back append.
 */
export class SqliteTreeNodes implements TreeNodeReader {
  constructor(protected readonly db: ReadableDb) {}

  size(): number {
    const top = statement(this.db, 'SELECT max(idx) FROM log_nodes WHERE level = 0').pluck().get() as number | null;
    return top === null ? 0 : top + 1;
  }

  node(level: number, index: number): Uint8Array {
    const hash = statement(this.db, 'SELECT hash FROM log_nodes WHERE level = ? AND idx = ?').pluck().get(level, index) as Buffer | undefined;
    if (!hash) throw new RangeError(`log node ${level}/${index} is not stored`);
    return bytes(hash);
  }
}

/** The writable node storage LogTree appends to, inside the transaction that accepts the events. */
export class SqliteNodeStorage extends SqliteTreeNodes implements NodeStorage {
  constructor(private readonly writable: WritableDb) {
    super(writable);
  }

  write(_newSize: number, nodes: readonly NodeWrite[]): void {
    const insert = statement(this.writable, 'INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)');
    for (const node of nodes) insert.run(node.level, node.index, node.hash);
  }
}

/**
 * Benchmarks only (MIC_BENCH_WITHOUT_LOG_TREE): numbers accepted events as the log would, but hashes
 * and stores no tree, so the log's cost can be measured as the difference. Proofs and checkpoints
 * then cover nothing. `appendAll` runs after the batch's rows carry their indexes, hence the subtraction.
 */
export function countingLogAppender(db: WritableDb): LogAppender {
  const size = (): number => statement(db, 'SELECT coalesce(max(log_index) + 1, 0) FROM events').pluck().get() as number;
  return { size: async () => size(), appendAll: async (leaves) => size() - leaves.length };
}

interface CheckpointRow {
  size: number;
  root: Buffer;
  note: string;
  createdAt: string;
}

const toCheckpoint = (row: CheckpointRow | undefined): StoredCheckpoint | undefined => row && { ...row, root: bytes(row.root) };

const CHECKPOINT_SELECT = 'SELECT size, root, note, created_at AS createdAt FROM log_checkpoints';

export class SqliteLogReader implements LogReader {
  private readonly tree: SqliteTreeNodes;

  constructor(private readonly db: ReadableDb) {
    this.tree = new SqliteTreeNodes(db);
  }

  async size(): Promise<number> {
    return this.tree.size();
  }

  async nodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    return ids.map((id) => this.tree.node(id.level, id.index));
  }

  async leaf(index: number): Promise<string | undefined> {
    return statement(this.db, `SELECT jws FROM events WHERE log_index = ?`).pluck().get(index) as string | undefined;
  }

  async leaves(from: number, count: number): Promise<{ index: number; jws: string }[]> {
    return statement(this.db, 'SELECT log_index AS "index", jws FROM events WHERE log_index >= ? AND log_index < ? ORDER BY log_index').all(from, from + count) as {
      index: number;
      jws: string;
    }[];
  }

  async newestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return toCheckpoint(statement(this.db, `${CHECKPOINT_SELECT} ORDER BY size DESC LIMIT 1`).get() as CheckpointRow | undefined);
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint | undefined> {
    return toCheckpoint(statement(this.db, `${CHECKPOINT_SELECT} WHERE size = ?`).get(size) as CheckpointRow | undefined);
  }
}

export class SqliteLogWriter implements LogWriter {
  constructor(private readonly db: WritableDb) {}

  async saveCheckpoint(checkpoint: StoredCheckpoint): Promise<boolean> {
    const changes = this.db
      .transaction(
        () =>
          statement(this.db, 'INSERT INTO log_checkpoints (size, root, note, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (size) DO NOTHING').run(
            checkpoint.size,
            checkpoint.root,
            checkpoint.note,
            checkpoint.createdAt,
          ).changes,
      )
      .immediate();
    return changes === 1;
  }
}
