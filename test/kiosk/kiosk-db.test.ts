import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { KIOSK_MIGRATIONS } from '../../kiosk/core/store/migrations/index.ts';
import { openKioskDb } from '../../kiosk/core/store/kiosk-db.ts';
import { tempDir } from './support/world.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function dbFile(): string {
  const dir = tempDir();
  cleanups.push(dir.remove);
  return join(dir.path, 'kiosk.sqlite');
}

describe('kiosk database migrations', () => {
  it('when a new database is opened twice, then every migration is applied once and recorded in order', () => {
    const file = dbFile();
    openKioskDb(file).close();
    const db = openKioskDb(file);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    db.close();
    expect(versions).toEqual(KIOSK_MIGRATIONS.map((migration) => migration.version));
    expect(versions).toEqual(KIOSK_MIGRATIONS.map((_migration, index) => index + 1));
  });

  it('when an applied migration was edited afterwards, then opening refuses with ERR_KIOSK_MIGRATION_EDITED', () => {
    const file = dbFile();
    openKioskDb(file).close();
    const edited = KIOSK_MIGRATIONS.map((migration, index) => (index === 0 ? { ...migration, sql: `${migration.sql}\n-- changed` } : migration));
    expect(() => openKioskDb(file, { migrations: edited })).toThrow(expect.objectContaining({ code: 'ERR_KIOSK_MIGRATION_EDITED' }));
  });

  it('when the database has a migration this build lacks, then opening refuses with ERR_KIOSK_MIGRATION_UNKNOWN', () => {
    const file = dbFile();
    openKioskDb(file).close();
    expect(() => openKioskDb(file, { migrations: KIOSK_MIGRATIONS.slice(0, -1) })).toThrow(expect.objectContaining({ code: 'ERR_KIOSK_MIGRATION_UNKNOWN' }));
  });

  it('when a kiosk that closed ad-hoc meetings is upgraded, then it knows them as closed, with the seq of each close', () => {
    const file = dbFile();
    const closedMeetings = KIOSK_MIGRATIONS.findIndex((migration) => migration.name === 'closed-meetings');
    const before = openKioskDb(file, { migrations: KIOSK_MIGRATIONS.slice(0, closedMeetings) });
    const [opened, closed] = ['2026-11-26T09:00:00.000+08:00', '2026-11-26T10:30:00.000+08:00'];
    const event = before.prepare('INSERT INTO outbox (seq, id, type, at, jws, hash) VALUES (?, ?, ?, ?, ?, ?)');
    event.run(1, 'event-1', 'meeting.open', opened, 'jws-1', 'hash-1');
    event.run(2, 'event-2', 'meeting.close', closed, 'jws-2', 'hash-2');
    event.run(3, 'event-3', 'meeting.open', closed, 'jws-3', 'hash-3');
    const meeting = before.prepare('INSERT INTO local_meetings (id, kind, title, opened_at, closed_at) VALUES (?, ?, ?, ?, ?)');
    meeting.run('held', 'group', '党小组会', opened, closed);
    meeting.run('still-open', 'group', '党课', closed, null);
    before.close();
    const db = openKioskDb(file);
    const known = db.prepare('SELECT meeting, seq, at FROM closed_meetings').all();
    db.close();
    expect(known).toEqual([{ meeting: 'held', seq: 2, at: closed }]);
  });

  it('when a kiosk whose check-ins the server refused as closed is upgraded, then it knows those meetings closed, by the first refused checkin of each', () => {
    const file = dbFile();
    const serverClosed = KIOSK_MIGRATIONS.findIndex((migration) => migration.name === 'server-closed-meetings');
    const before = openKioskDb(file, { migrations: KIOSK_MIGRATIONS.slice(0, serverClosed) });
    const [tapped, received] = ['2026-11-26T10:31:00.000+08:00', '2026-11-26T02:32:00.000Z'];
    const event = before.prepare(
      `INSERT INTO outbox (seq, id, type, at, jws, hash, receipt_status, receipt_code, received_at) VALUES (?, ?, 'checkin', ?, ?, ?, 'rejected', ?, ?)`,
    );
    const attended = before.prepare('INSERT INTO attendance (meeting, member, seq, at) VALUES (?, ?, ?, ?)');
    for (const [seq, meeting, member, code] of [[1, 'held', '3301020001', 'ERR_MEETING_CLOSED'], [2, 'held', '3301020003', 'ERR_MEETING_CLOSED'], [3, 'other', '3301020001', 'ERR_CARD_REVOKED']] as const) {
      event.run(seq, `event-${seq}`, tapped, `jws-${seq}`, `hash-${seq}`, code, received);
      attended.run(meeting, member, seq, tapped);
    }
    before.close();
    const db = openKioskDb(file);
    const known = db.prepare('SELECT meeting, seq, learnt_at FROM server_closed_meetings').all();
    db.close();
    expect(known).toEqual([{ meeting: 'held', seq: 1, learnt_at: received }]);
  });

  it('when the file is some other SQLite database, then opening refuses with ERR_KIOSK_DATABASE_FOREIGN and leaves it alone', () => {
    const file = dbFile();
    const foreign = new Database(file);
    foreign.exec('CREATE TABLE photos (id INTEGER PRIMARY KEY)');
    foreign.close();
    expect(() => openKioskDb(file)).toThrow(expect.objectContaining({ code: 'ERR_KIOSK_DATABASE_FOREIGN' }));
    const check = new Database(file);
    expect(check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all()).toEqual(['photos']);
    check.close();
  });
});
