import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openWritableDb } from '../../server/store/db-handles.ts';
import { loadMigrations, migrate, MIGRATIONS_DIR } from '../../server/store/migrate.ts';
import { openSqliteStore } from '../../server/store/sqlite/open-sqlite-store.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'mic-migrations-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the real migration files, so a test can add or edit one. */
function migrationCopy(): string {
  const dir = tempDir();
  for (const file of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
  return dir;
}

const tables = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
  } finally {
    db.close();
  }
};

describe('migrations', () => {
  it('build the whole schema on an empty database and record each migration with its checksum', () => {
    const file = join(tempDir(), 'm.db');
    const store = openSqliteStore(file);
    const files = loadMigrations();
    expect(store.migrated).toEqual(files.map((m) => `${String(m.version).padStart(3, '0')}-${m.name}`));
    const recorded = store.handles.readable.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all();
    expect(recorded).toEqual(files.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
    void store.close();
    expect(tables(file)).toEqual(
      expect.arrayContaining(['organisations', 'members', 'membership_periods', 'users', 'audit_log', 'issuers', 'cards', 'revocation_state', 'kiosks', 'kiosk_enrolment_tokens', 'meeting_kinds', 'meetings', 'attendance']),
    );
  });

  it('apply nothing the second time and keep the data', async () => {
    const file = join(tempDir(), 'm.db');
    const first = openSqliteStore(file);
    await first.write.orgs.create({ code: 'CTY', name: '县', kind: 'county', parent: null, now: new Date().toISOString() }, { label: 'test', userId: null });
    await first.close();
    const second = openSqliteStore(file);
    expect(second.migrated).toEqual([]);
    expect((await second.read.orgs.byCode('CTY'))?.path).toMatch(/^\/\d+\/$/);
    await second.close();
  });

  it('apply only the new file on a database migrated by the previous release', () => {
    const dir = migrationCopy();
    const file = join(tempDir(), 'm.db');
    const db = openWritableDb(file);
    migrate(db, loadMigrations(dir), new Date().toISOString());
    const next = String(loadMigrations(dir).length + 1).padStart(3, '0');
    writeFileSync(join(dir, `${next}-add-notes.sql`), 'CREATE TABLE notes (id INTEGER PRIMARY KEY) STRICT;\n');
    expect(migrate(db, loadMigrations(dir), new Date().toISOString()).applied).toEqual([`${next}-add-notes`]);
    db.close();
  });

  it('refuse a database whose applied migration was edited afterwards', () => {
    const dir = migrationCopy();
    const file = join(tempDir(), 'm.db');
    const db = openWritableDb(file);
    migrate(db, loadMigrations(dir), new Date().toISOString());
    const edited = join(dir, '002-members.sql');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\n-- an innocent-looking edit\n`);
    expect(() => migrate(db, loadMigrations(dir), new Date().toISOString())).toThrow(expect.objectContaining({ code: 'ERR_MIGRATION_EDITED' }));
    db.close();
  });

  it('refuse a database that has a migration this server does not know (written by a newer one)', () => {
    const dir = migrationCopy();
    const file = join(tempDir(), 'm.db');
    const db = openWritableDb(file);
    const next = String(loadMigrations(dir).length + 1).padStart(3, '0');
    writeFileSync(join(dir, `${next}-from-the-future.sql`), 'CREATE TABLE future (id INTEGER PRIMARY KEY) STRICT;\n');
    migrate(db, loadMigrations(dir), new Date().toISOString());
    db.close();
    expect(() => openSqliteStore(file)).toThrow(expect.objectContaining({ code: 'ERR_MIGRATION_UNKNOWN' }));
  });

  it('refuse a database with tables but no migration record', () => {
    const file = join(tempDir(), 'foreign.db');
    const db = new Database(file);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    db.close();
    expect(() => openSqliteStore(file)).toThrow(expect.objectContaining({ code: 'ERR_DATABASE_FOREIGN' }));
  });

  it('refuse migration files with a gap or a bad name', () => {
    const dir = migrationCopy();
    writeFileSync(join(dir, '009-skips-eight.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(expect.objectContaining({ code: 'ERR_MIGRATION_FILES_INVALID' }));
    const other = migrationCopy();
    writeFileSync(join(other, 'extra.sql'), 'SELECT 1;');
    expect(() => loadMigrations(other)).toThrow(expect.objectContaining({ code: 'ERR_MIGRATION_FILES_INVALID' }));
  });

  it('roll back a migration that fails half-way, recording nothing', () => {
    const dir = migrationCopy();
    const next = String(loadMigrations(dir).length + 1).padStart(3, '0');
    writeFileSync(join(dir, `${next}-broken.sql`), 'CREATE TABLE half (id INTEGER PRIMARY KEY) STRICT;\nCREATE TABLE half (id INTEGER);\n');
    const file = join(tempDir(), 'm.db');
    const db = openWritableDb(file);
    expect(() => migrate(db, loadMigrations(dir), new Date().toISOString())).toThrow();
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'half'`).pluck().get()).toBe(0);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(loadMigrations(dir).length - 1);
    db.close();
  });

  it('open the read handle read-only, so a write through it fails in SQLite too', () => {
    const store = openSqliteStore(join(tempDir(), 'm.db'));
    expect(() => store.handles.readable.exec(`INSERT INTO meeting_kinds (code, name_zh, name_en, sort_order) VALUES ('x', 'x', 'x', 9)`)).toThrow(/readonly/);
    void store.close();
  });
});
