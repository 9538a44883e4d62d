import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StartupError } from '../startup-error.ts';
import type { WritableDb } from './db-handles.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const FILE_NAME = /^(\d{3})-([a-z0-9-]+)\.sql$/;

/** Reads `NNN-name.sql` files; the numbers must run 1, 2, 3 … without gaps or repeats. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new StartupError('ERR_MIGRATION_FILES_INVALID', `migration file ${file} is not named NNN-name.sql`);
      const sql = readFileSync(join(dir, file), 'utf8');
      return { version: Number(match[1]), name: match[2] ?? '', sql, checksum: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StartupError('ERR_MIGRATION_FILES_INVALID', `migration numbers must run 1, 2, 3 …; found ${migration.version} at position ${index + 1}`);
    }
  });
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

const label = (m: { version: number; name: string }): string => `${String(m.version).padStart(3, '0')}-${m.name}`;

/**
 * Brings the database up to the migration files, or refuses: a database that has a migration the files
 * do not (written by a newer server), or whose applied migration differs from its file (edited after it
 * landed), or that holds tables but no migration record (not ours) is never touched.
 * Each pending migration runs in its own transaction with its record.
 */
export function migrate(db: WritableDb, migrations: Migration[], now: string): { applied: string[] } {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  if (tables.length > 0 && !tables.includes('schema_migrations')) {
    throw new StartupError('ERR_DATABASE_FOREIGN', `the database holds tables (${tables.slice(0, 3).join(', ')}…) but no migration record: it is not a member-card database`);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);

  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
  applied.forEach((row, index) => {
    const file = migrations[index];
    if (!file || file.version !== row.version) {
      throw new StartupError('ERR_MIGRATION_UNKNOWN', `the database has migration ${label(row)}, which this server does not have; it was written by another (newer?) version`);
    }
    if (file.name !== row.name || file.checksum !== row.checksum) {
      throw new StartupError('ERR_MIGRATION_EDITED', `migration ${label(file)} differs from the one applied to this database as ${label(row)}; migrations must never change after they land`);
    }
  });

  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const recorded = db.prepare('SELECT checksum FROM schema_migrations WHERE version = ?').pluck();
  const done: string[] = [];
  for (const migration of migrations.slice(applied.length)) {
    db.transaction(() => {
      // Another process (the admin command, a second server) may have applied it since we looked.
      const checksum = recorded.get(migration.version);
      if (checksum === migration.checksum) return;
      if (checksum !== undefined) throw new StartupError('ERR_MIGRATION_EDITED', `migration ${label(migration)} was applied with different contents`);
      db.exec(migration.sql);
      record.run(migration.version, migration.name, migration.checksum, now);
      done.push(label(migration));
    }).immediate();
  }
  return { applied: done };
}
