import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../server/bootstrap.ts';
import { auditLog } from '../../server/log/audit-log.ts';
import { openReadonlyDb, type WritableDb } from '../../server/store/db-handles.ts';
import { SqliteLogReader, SqliteNodeStorage } from '../../server/store/sqlite/log-sql.ts';
import { equalBytes, utf8 } from '../../shared/bytes.ts';
import type { Checkpoint } from '../../shared/log/checkpoint.ts';
import { LogTree } from '../../shared/log/log-tree.ts';
import { MemoryNodeStorage } from '../../shared/log/memory-node-storage.ts';
import { createTree } from './support/fixtures.ts';
import { ingest, KioskSigner } from './support/ingest-world.ts';
import { auditorHasher, LogAuditor } from './support/log-auditor.ts';
import { startTestServer } from './support/test-server.ts';

/** 24 accepted events in three rounds, with a checkpoint after each (sizes 8, 16, 24). */
const ROUNDS = 3;
const PER_ROUND = 8;

describe('tampering with the stored log: the audit finds it and says where', () => {
  const root = mkdtempSync(join(tmpdir(), 'mic-tamper-'));
  const dataDir = join(root, 'data');
  let trusted: Checkpoint[];
  let copies = 0;

  /** A copy of the closed server's database, changed by `tamper` as someone with the file could. */
  function tampered(tamper: (db: Database.Database) => void): string {
    const file = join(root, `copy-${++copies}.db`);
    copyFileSync(dataFiles(dataDir).database, file);
    const db = new Database(file);
    db.pragma('foreign_keys = OFF');
    tamper(db);
    db.close();
    return file;
  }

  const audit = async (file: string) => {
    const db = openReadonlyDb(file);
    try {
      return await auditLog(new SqliteLogReader(db), trusted);
    } finally {
      db.close();
    }
  };

  /** The root an auditor recomputes from the stored events alone (leaf i = the JWS with log_index i). */
  function rootFromEvents(file: string): Uint8Array {
    const db = new Database(file, { readonly: true });
    const tree = new LogTree(auditorHasher, new MemoryNodeStorage());
    for (const jws of db.prepare(`SELECT jws FROM events WHERE log_index IS NOT NULL ORDER BY log_index`).pluck().all() as string[]) tree.append(auditorHasher.hashLeaf(utf8(jws)));
    db.close();
    return tree.root();
  }

  const newest = (): Checkpoint => trusted.at(-1)!;

  beforeAll(async () => {
    const t = await startTestServer({ dataDir });
    try {
      await createTree(t);
      const auditor = await LogAuditor.pin(t.url);
      const k = new KioskSigner(await t.enrollKiosk('A1'));
      trusted = [];
      for (let round = 0; round < ROUNDS; round++) {
        const events: string[] = [];
        for (let i = 0; i < PER_ROUND; i++) events.push(await k.sign({ type: 'card.denied', reason: 'expired' }));
        await ingest(t, k.kiosk, events);
        const { size } = await t.server.context.checkpoints.publish();
        trusted.push(await auditor.checkpointAt(size));
      }
    } finally {
      await t.close({ keepData: true });
    }
    expect(existsSync(`${dataFiles(dataDir).database}-wal`) ? 'wal left behind' : 'single file').toBe('single file');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('passes the untouched log, whose events recompute the signed root', async () => {
    const file = tampered(() => undefined);
    expect(await audit(file)).toEqual({ ok: true, size: ROUNDS * PER_ROUND });
    expect(equalBytes(rootFromEvents(file), newest().rootHash)).toBe(true);
  });

  it('when one accepted event’s JWS is changed, then the recomputed root no longer matches and the audit names its index', async () => {
    const file = tampered((db) => {
      const other = db.prepare('SELECT jws FROM events WHERE log_index = 2').pluck().get() as string;
      db.prepare('UPDATE events SET jws = ? WHERE log_index = 13').run(other);
    });
    expect(equalBytes(rootFromEvents(file), newest().rootHash)).toBe(false);
    expect(await audit(file)).toMatchObject({ ok: false, problem: 'leaf-changed', firstBadIndex: 13 });
  });

  it('when an event row is deleted, then the audit names the index that is missing', async () => {
    const file = tampered((db) => db.prepare('DELETE FROM events WHERE log_index = 5').run());
    expect(equalBytes(rootFromEvents(file), newest().rootHash)).toBe(false);
    expect(await audit(file)).toMatchObject({ ok: false, problem: 'leaf-missing', firstBadIndex: 5 });
  });

  it('when two events are reordered, then the audit names the first of them', async () => {
    const file = tampered((db) => {
      db.prepare('UPDATE events SET log_index = -1 WHERE log_index = 9').run();
      db.prepare('UPDATE events SET log_index = 9 WHERE log_index = 20').run();
      db.prepare('UPDATE events SET log_index = 20 WHERE log_index = -1').run();
    });
    expect(equalBytes(rootFromEvents(file), newest().rootHash)).toBe(false);
    expect(await audit(file)).toMatchObject({ ok: false, problem: 'leaf-changed', firstBadIndex: 9 });
  });

  it('when the tree itself is rebuilt to fit a changed event, then the signed checkpoints still expose it, between the last that matches and the first that does not', async () => {
    const file = tampered((db) => {
      const other = db.prepare('SELECT jws FROM events WHERE log_index = 0').pluck().get() as string;
      db.prepare('UPDATE events SET jws = ? WHERE log_index = 11').run(other);
      db.prepare('DELETE FROM log_nodes').run();
      const tree = new LogTree(auditorHasher, new SqliteNodeStorage(db as WritableDb));
      for (const jws of db.prepare('SELECT jws FROM events WHERE log_index IS NOT NULL ORDER BY log_index').pluck().all() as string[]) tree.append(auditorHasher.hashLeaf(utf8(jws)));
    });
    expect(await audit(file)).toMatchObject({ ok: false, problem: 'checkpoint-mismatch', firstBadIndex: PER_ROUND, before: 2 * PER_ROUND });
  });
});
