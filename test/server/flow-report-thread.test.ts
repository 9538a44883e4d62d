import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteFlowReader } from '../../server/store/sqlite/flows-sql.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite/open-sqlite-store.ts';

/*
 * The flow matrix's pairs group a year of cross-organisation check-ins: at a province, seconds of SQLite work.
 * The store reads them on a worker thread, so the server's main thread goes on answering meanwhile. Here 300
 * organisations and 1,200,000 such check-ins (written straight into the tables: the rows' other references do
 * not matter to the report) make the grouping long enough to see whether the event loop stalls behind it.
 */

const ORGS = 300;
const CHECKINS = 1_200_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const WINDOW = { from: '2031-01-01', until: '2032-01-01', fromInstant: '2031-01-01T00:00:00.000Z', untilInstant: '2032-01-01T00:00:00.000Z' };

describe('the flow report', () => {
  let dir: string;
  let store: SqliteStore;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mic-flow-thread-'));
    store = openSqliteStore(join(dir, 'member-card.db'));
    const db = store.handles.writable;
    db.pragma('foreign_keys = OFF');
    db.transaction(() => {
      db.prepare(`INSERT INTO organisations (id, code, name, kind, parent_id, path, depth, created_at) VALUES (1, 'R', '根', 'county', NULL, '/1/', 0, '2030-01-01T00:00:00.000Z')`).run();
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < ${ORGS})
         INSERT INTO organisations (id, code, name, kind, parent_id, path, depth, created_at) SELECT i, 'B' || i, '支部' || i, 'branch', 1, '/1/' || i || '/', 1, '2030-01-01T00:00:00.000Z' FROM n`,
      ).run();
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${CHECKINS})
         INSERT INTO attendance (meeting_id, member_id, host_org_id, home_org_id, cross_org, attended_as, at, recorded_at, event_id)
         SELECT 'm' || (i / 50), i, 2 + (i * 7) % ${ORGS - 1}, 2 + i % ${ORGS - 1}, 1, 'visitor', '2031-06-01T00:00:00.000Z', '2031-06-01T00:00:00.000Z', 'e' || i FROM n`,
      ).run();
    })();
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the pairs are read, then they are those the SQL gives on this thread, and the event loop never waits behind them', async () => {
    const expected = await new SqliteFlowReader(store.handles.readable).pairs('/1/', WINDOW);
    expect(expected.reduce((sum, pair) => sum + pair.count, 0)).toBe(CHECKINS);
    await store.read.flows.pairs('/1/', WINDOW); // the worker started and warm

    // On this thread the same grouping holds the event loop for its whole length: the measure of a stall.
    const started = performance.now();
    await new SqliteFlowReader(store.handles.readable).pairs('/1/', WINDOW);
    const inThreadMs = performance.now() - started;

    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 2);
    // Ticks before and after the read, so a stall at either end of it shows as a gap too.
    await sleep(20);
    const pairs = await store.read.flows.pairs('/1/', WINDOW);
    await sleep(20);
    clearInterval(ticker);
    expect(pairs).toEqual(expected);
    expect(inThreadMs).toBeGreaterThan(150);
    expect(longestGap).toBeLessThan(inThreadMs / 4);
  });
});
