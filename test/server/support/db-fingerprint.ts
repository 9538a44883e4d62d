import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/** table → "<rows>:<sha-256 of its rows>" */
export type DatabaseFingerprint = Record<string, string>;

// Blobs serialise through Buffer's own toJSON; integers beyond 2^53 would come as bigint, which JSON does not take.
const cell = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

/**
 * Every row of every table (except `skip`), hashed, read through a read-only connection of its own on the
 * server's database file: an update shows as well as an insert or a delete, and the server's handles are
 * not involved in the reading.
 */
export function databaseFingerprint(file: string, skip: readonly string[] = []): DatabaseFingerprint {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all()
      .map((row) => row.name)
      .filter((name) => !skip.includes(name));
    const fingerprint: DatabaseFingerprint = {};
    for (const table of tables) {
      // Table names come from sqlite_master itself, never from input.
      const rows = db.prepare(`SELECT * FROM "${table}"`).all().map((row) => JSON.stringify(row, cell)).sort();
      fingerprint[table] = `${rows.length}:${createHash('sha256').update(rows.join('\n')).digest('hex')}`;
    }
    return fingerprint;
  } finally {
    db.close();
  }
}
