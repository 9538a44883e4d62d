import Database from 'better-sqlite3';

declare const readableBrand: unique symbol;
declare const writableBrand: unique symbol;

/**
 * A connection that can only read: read-path SQL takes this type. It is opened with `readonly: true`,
 * so even a mistaken write through it fails in SQLite as well as in the compiler.
 */
export type ReadableDb = Database.Database & { readonly [readableBrand]: true };

/**
 * The one writing connection (SQLite has one writer). It can also read, inside its transactions.
 * Write transactions are started with `.immediate()`: the admin command may write from another
 * process, and an immediate transaction waits (busy_timeout) for the lock up front, where a deferred
 * one that read first would fail with SQLITE_BUSY when it tried to write.
 */
export type WritableDb = ReadableDb & { readonly [writableBrand]: true };

const BUSY_TIMEOUT_MS = 5000;

export function openWritableDb(file: string): WritableDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL: a receipt the server has sent must survive power loss, because the kiosk then drops the event.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db as WritableDb;
}

export function openReadonlyDb(file: string): ReadableDb {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db as ReadableDb;
}
