import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { KioskError } from '../errors.ts';
import type { KioskMigration } from './migrations/migration.ts';

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

const checksum = (sql: string): string => createHash('sha256').update(sql).digest('hex');
const label = (m: { version: number; name: string }): string => `${String(m.version).padStart(3, '0')}-${m.name}`;

/**
 * Brings the kiosk database up to `migrations`, or refuses to touch it: a database with a migration this
 * build lacks (written by a newer kiosk), one whose applied migration differs from its file (edited after
 * it landed), or one holding tables but no migration record (not a kiosk database). The outbox holds
 * signed events nobody else has yet, so guessing here could lose attendance.
 */
export function migrateKioskDb(db: Database.Database, migrations: readonly KioskMigration[], now: string): { applied: string[] } {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new KioskError('ERR_KIOSK_MIGRATIONS_INVALID', `kiosk migrations must be numbered 1, 2, 3 …; found ${migration.version} at position ${index + 1}`);
    }
  });
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  if (tables.length > 0 && !tables.includes('schema_migrations')) {
    throw new KioskError('ERR_KIOSK_DATABASE_FOREIGN', `the database holds tables (${tables.slice(0, 3).join(', ')}) but no migration record: it is not a kiosk database`);
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
      throw new KioskError('ERR_KIOSK_MIGRATION_UNKNOWN', `the kiosk database has migration ${label(row)}, which this kiosk does not know; a newer version wrote it`);
    }
    if (file.name !== row.name || checksum(file.sql) !== row.checksum) {
      throw new KioskError('ERR_KIOSK_MIGRATION_EDITED', `migration ${label(file)} differs from the one applied as ${label(row)}; migrations never change after they land`);
    }
  });

  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const pending = migrations.slice(applied.length);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, checksum(migration.sql), now);
    })();
  }
  return { applied: pending.map(label) };
}
