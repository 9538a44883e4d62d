import type { WritableDb } from '../db-handles.ts';
import { statement } from './statements.ts';

/**
 * A write transaction around asynchronous work, which better-sqlite3's `db.transaction()` cannot hold:
 * BEGIN IMMEDIATE (for the same reason as every writer's `.immediate()`, see db-handles.ts), then COMMIT,
 * or ROLLBACK on any throw, which is thrown on. The caller holds the store's write lock for the whole
 * of it (open-sqlite-store.ts), so no other write reaches the connection while the transaction is open.
 */
export async function immediateTransaction<T>(db: WritableDb, work: () => Promise<T>): Promise<T> {
  statement(db, 'BEGIN IMMEDIATE').run();
  try {
    const result = await work();
    statement(db, 'COMMIT').run();
    return result;
  } catch (error) {
    // Some errors (a full disk, an I/O error) make SQLite roll the transaction back itself.
    if (db.inTransaction) statement(db, 'ROLLBACK').run();
    throw error;
  }
}
