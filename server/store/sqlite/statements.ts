import type Database from 'better-sqlite3';
import type { ReadableDb } from '../db-handles.ts';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement for this connection, compiled once. SQL text is always a constant here. */
export function statement(db: ReadableDb, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** The `table.column` a UNIQUE (or primary key) constraint failure names, or undefined for any other error. */
export function uniqueViolation(error: unknown): string | undefined {
  if (!(error instanceof Error) || !UNIQUE_CODES.has(String((error as { code?: unknown }).code))) return undefined;
  return /UNIQUE constraint failed: (.+)$/.exec(error.message)?.[1] ?? '';
}
