import type Database from 'better-sqlite3';
import { loadMigrations } from '../../../server/store/migrate.ts';

/**
 * Runs the migration `name` (its file's name without the number, such as 'meeting-closed-at') on a database as the
 * upgrade would, for tests that take a database back to the release before it. Only that one: the migrations after it
 * touch other tables, and running them again would fail on what they made.
 */
export function runMigration(db: Database.Database, name: string): void {
  const migration = loadMigrations().find((candidate) => candidate.name === name);
  if (!migration) throw new Error(`no migration named ${name} in server/store/migrations`);
  db.exec(migration.sql);
}
