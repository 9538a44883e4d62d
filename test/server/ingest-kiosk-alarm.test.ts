import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmListSchema } from '../../server/schemas/alarms.ts';
import { openWritableDb } from '../../server/store/db-handles.ts';
import { loadMigrations, migrate } from '../../server/store/migrate.ts';
import { createTree } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { ingest, KioskSigner, signRaw, storedEvents } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('a kiosk.alarm event: a kiosk reporting that its check of the transparency log failed', () => {
  let t: TestServer;
  const alarms = async () => expectOk(await t.call('GET', '/api/v1/alarms?type=kiosk-report', { token: await t.adminToken() }), 200, AlarmListSchema).alarms;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('is accepted into the log and raised as a kiosk-report alarm carrying what the kiosk found', async () => {
    const k = new KioskSigner(await t.enrollKiosk('A1'));
    const report = await k.sign({ type: 'kiosk.alarm', alarm: 'log-missing-event', eventSeq: 7, logIndex: 41, checkpointSize: 50, reason: 'root-mismatch', detail: 'event 7 is not in the log' });
    expect(await ingest(t, k.kiosk, [report])).toEqual([{ seq: 1, status: 'accepted', logIndex: expect.any(Number) }]);
    const [stored] = storedEvents(t.dataDir, k.kid);
    expect(await alarms()).toEqual([
      expect.objectContaining({
        type: 'kiosk-report',
        kiosk: k.kid,
        org: 'A1',
        events: [stored!.event_id],
        details: { alarm: 'log-missing-event', eventSeq: 7, logIndex: 41, checkpointSize: 50, reason: 'root-mismatch', detail: 'event 7 is not in the log' },
      }),
    ]);
  });

  it('with a detail over 500 characters is refused by the schema and raises nothing', async () => {
    const k = new KioskSigner(await t.enrollKiosk('B1'));
    const before = (await alarms()).length;
    // signRaw: the kiosk's own signing refuses this payload before it could be sent.
    const payload = { v: 1, id: uuidv7(), kiosk: k.kid, seq: 1, at: new Date().toISOString(), org: 'B1', type: 'kiosk.alarm', alarm: 'log-inconsistent', detail: 'x'.repeat(501) };
    const report = await signRaw(payload, k.kiosk.privateKey, k.kid);
    expect(await ingest(t, k.kiosk, [report])).toEqual([{ seq: 1, status: 'rejected', code: 'ERR_EVENT_SCHEMA' }]);
    expect(await alarms()).toHaveLength(before);
  });
});

describe('migration 010: alarms may be kiosk reports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mic-migration-010-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every alarm raised before it, with its id, and from then on accepts kiosk-report alarms', () => {
    const db = openWritableDb(join(dir, 'm.db'));
    const migrations = loadMigrations();
    const widening = migrations.findIndex((migration) => migration.name === 'kiosk-report-alarms');
    migrate(db, migrations.slice(0, widening), new Date().toISOString());
    const insert = db.prepare(`INSERT INTO alarms (id, type, kiosk_kid, org_id, csn, event_ids, at, details) VALUES (?, ?, 'kid', 1, NULL, '[]', '2026-11-26T00:00:00.000Z', '{}')`);
    // The alarm's kiosk and organisation do not matter here; only the table's shape does.
    db.pragma('foreign_keys = OFF');
    insert.run(17, 'fork');
    expect(() => insert.run(18, 'kiosk-report')).toThrow(/CHECK constraint/);

    migrate(db, migrations, new Date().toISOString());
    expect(db.prepare('SELECT id, type FROM alarms').all()).toEqual([{ id: 17, type: 'fork' }]);
    insert.run(18, 'kiosk-report');
    expect(() => insert.run(19, 'something-else')).toThrow(/CHECK constraint/);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'alarms'`).pluck().all()).toContain('alarms_org');
    db.close();
  });
});
