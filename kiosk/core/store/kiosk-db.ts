import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrateKioskDb } from './migrate.ts';
import { KIOSK_MIGRATIONS } from './migrations/index.ts';
import type { KioskMigration } from './migrations/migration.ts';

declare const kioskDbBrand: unique symbol;

/** The kiosk's one SQLite connection, migrated and tuned; only openKioskDb makes one. */
export type KioskDb = Database.Database & { readonly [kioskDbBrand]: true };

export const KIOSK_DB_FILE = 'kiosk.sqlite';

/**
 * Opens (creating when needed) and migrates the kiosk database. WAL with synchronous=FULL: a commit has
 * reached the disk when better-sqlite3 returns, which is what lets the screen confirm a tap at that moment
 * (DESIGN §6: power loss after confirmation loses nothing).
 */
export function openKioskDb(file: string, options: { now?: Date; migrations?: readonly KioskMigration[] } = {}): KioskDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrateKioskDb(db, options.migrations ?? KIOSK_MIGRATIONS, (options.now ?? new Date()).toISOString());
  } catch (error) {
    db.close();
    throw error;
  }
  return db as KioskDb;
}
