import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrgListSchema, OrgSchema } from '../../server/schemas/orgs.ts';
import { openWritableDb } from '../../server/store/db-handles.ts';
import { loadMigrations, migrate, MIGRATIONS_DIR } from '../../server/store/migrate.ts';
import { sortablePath, sortPathFilterSql, type OrgFilter } from '../../server/store/org-filter.ts';
import { expectOk } from './support/http.ts';
import { addLargeTree } from './support/large-tree.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/*
 * Lists of organisations in the order people expect: parents first, and the organisations below one in the order
 * they were created. The ids in the path are text, so by the path alone id 21 came before id 3 and a county's
 * 第10党支部 before its 第2党支部.
 */

const listed = async (t: TestServer, token: string, query: string): Promise<string[]> =>
  expectOk(await t.call('GET', `/api/v1/orgs?${query}`, { token }), 200, OrgListSchema).orgs.map((org) => org.code);

describe('organisations listed parents first, siblings in the order they were created', () => {
  let t: TestServer;
  let admin: string;
  const idOf = (code: string): number => t.server.store.handles.readable.prepare('SELECT id FROM organisations WHERE code = ?').pluck().get(code) as number;

  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    const create = async (code: string, name: string, kind: string, parent?: string): Promise<void> => {
      expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code, name, kind, parent } }), 201, OrgSchema);
    };
    await create('CTY', '某某县委', 'county');
    await create('T', '城关镇党委', 'committee', 'CTY');
    await create('T-2', '第2党支部', 'branch', 'T');
    // Other townships take the ids between, so T's next branch gets an id of two digits.
    for (let n = 1; n <= 17; n++) await create(`Z${n}`, `第${n}镇党委`, 'committee', 'CTY');
    await create('T-10', '第10党支部', 'branch', 'T');
    await create('T-2-G', '第2党支部第1党小组', 'branch', 'T-2');
    await create('T-10-G', '第10党支部第1党小组', 'branch', 'T-10');
  });
  afterAll(() => t.close());

  it('holds the case the path alone gets wrong: the first branch has an id of one digit, the second one of two', () => {
    expect(String(idOf('T-2'))).toHaveLength(1);
    expect(String(idOf('T-10'))).toHaveLength(2);
    expect(`/${idOf('T-10')}/` < `/${idOf('T-2')}/`).toBe(true);
  });

  it('lists a subtree with the branch created first first, each followed by its own subtree', async () => {
    expect(await listed(t, admin, 'root=T')).toEqual(['T', 'T-2', 'T-2-G', 'T-10', 'T-10-G']);
    expect(await listed(t, admin, 'root=T&depth=1')).toEqual(['T', 'T-2', 'T-10']);
  });

  it('lists everything within reach in the same order, and cuts it at `limit` after the first ones in that order', async () => {
    const townships = Array.from({ length: 17 }, (_, n) => `Z${n + 1}`);
    expect(await listed(t, admin, '')).toEqual(['CTY', 'T', 'T-2', 'T-2-G', 'T-10', 'T-10-G', ...townships]);
    expect(await listed(t, admin, 'depth=1')).toEqual(['CTY', 'T', ...townships]);
    expect(await listed(t, admin, 'limit=3')).toEqual(['CTY', 'T', 'T-2']);
  });

  it('answers a search and names by code in the same order', async () => {
    expect(await listed(t, admin, `q=${encodeURIComponent('党支部')}`)).toEqual(['T-2', 'T-2-G', 'T-10', 'T-10-G']);
    expect(await listed(t, admin, 'q=T-')).toEqual(['T-2', 'T-2-G', 'T-10', 'T-10-G']);
    expect(await listed(t, admin, 'codes=Z10,T-10,Z2,T-2')).toEqual(['T-2', 'T-10', 'Z2', 'Z10']);
  });

  it('keeps each organisation’s sort path as the path written in sortable form', () => {
    const rows = t.server.store.handles.readable.prepare('SELECT path, sort_path AS sortPath FROM organisations').all() as { path: string; sortPath: string }[];
    expect(rows).toHaveLength(23);
    for (const row of rows) expect(row.sortPath).toBe(sortablePath(row.path));
    expect(sortablePath('/1/4/17/')).toBe('/A1/A4/B17/');
    expect(sortablePath('/7/123456789012/')).toBe('/A7/L123456789012/');
    expect(() => sortablePath("/1/' OR 1=1 --/")).toThrow(RangeError);
  });
});

describe('the sort path of organisations created before it existed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mic-org-order-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written for every organisation when the migration runs, in the order people expect', () => {
    const all = loadMigrations();
    const sortMigration = all.findIndex((migration) => migration.name === 'organisations-sort-path');
    expect(sortMigration).toBeGreaterThan(0);
    const before = join(dir, 'before');
    copyMigrations(before, all.slice(0, sortMigration).map((migration) => migration.version));
    const db = openWritableDb(join(dir, 'm.db'));
    try {
      migrate(db, loadMigrations(before), new Date().toISOString());
      const insert = db.prepare(`INSERT INTO organisations (id, code, name, kind, parent_id, path, depth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2030-01-01T00:00:00.000Z')`);
      insert.run(1, 'R', '县委', 'county', null, '/1/', 0);
      insert.run(9, 'R-9', '第9镇党委', 'committee', 1, '/1/9/', 1);
      insert.run(10, 'R-10', '第10镇党委', 'committee', 1, '/1/10/', 1);
      insert.run(1234, 'R-9-1', '第1党支部', 'branch', 9, '/1/9/1234/', 2);
      insert.run(2, 'OTHER', '另一棵树', 'county', null, '/2/', 0);

      expect(migrate(db, all, new Date().toISOString()).applied).toContain(`${String(all[sortMigration]?.version).padStart(3, '0')}-organisations-sort-path`);
      const rows = db.prepare('SELECT code, sort_path AS sortPath FROM organisations ORDER BY sort_path').all();
      expect(rows).toEqual([
        { code: 'R', sortPath: '/A1/' },
        { code: 'R-9', sortPath: '/A1/A9/' },
        { code: 'R-9-1', sortPath: '/A1/A9/D1234/' },
        { code: 'R-10', sortPath: '/A1/B10/' },
        { code: 'OTHER', sortPath: '/A2/' },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('tree order at a province’s scale', () => {
  let t: TestServer;
  let admin: string;
  let total: number;
  const db = () => t.server.store.handles.readable;

  beforeAll(async () => {
    t = await startTestServer();
    // Written before the first request: building the tree holds this process (and the server in it) for seconds,
    // and a connection left idle meanwhile may be closed by the server just as the next request goes out on it.
    await t.server.store.write.orgs.create({ code: 'PRV', name: '之江省委', kind: 'county', parent: null, now: new Date().toISOString() }, { label: 'test', userId: null });
    total = 1 + addLargeTree(t, 'PRV', 'PX', { committees: 100, generals: 20, branches: 99 });
    admin = await t.adminToken();
  }, 120_000);
  afterAll(() => t.close());

  /** What SQLite does for the list's query (as the store writes it) over `filter`. */
  const plan = (filter: OrgFilter, limit: number): string => {
    const where = sortPathFilterSql('o.sort_path', filter);
    const steps = db()
      .prepare(`EXPLAIN QUERY PLAN SELECT o.code FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id WHERE ${where.sql} AND o.depth <= ? ORDER BY o.sort_path LIMIT ?`)
      .all(...where.params, 99, limit) as { detail: string }[];
    return steps.map((step) => step.detail).join('\n');
  };

  it('answers the first 2,500 of 200,000 over HTTP in tree order, where ids gain a digit among siblings too', async () => {
    // The general branch whose branches were numbered across 100,000: five digits and six among the same siblings.
    const parent = db().prepare('SELECT parent_id FROM organisations WHERE id = 100000').pluck().get() as number;
    const siblings = db().prepare('SELECT code, id FROM organisations WHERE parent_id = ? ORDER BY id').all(parent) as { code: string; id: number }[];
    expect(new Set(siblings.map((sibling) => String(sibling.id).length))).toEqual(new Set([5, 6]));
    const parentCode = db().prepare('SELECT code FROM organisations WHERE id = ?').pluck().get(parent) as string;
    expect(await listed(t, admin, `root=${parentCode}`)).toEqual([parentCode, ...siblings.map((sibling) => sibling.code)]);

    const started = performance.now();
    const capped = expectOk(await t.call('GET', '/api/v1/orgs?limit=2500', { token: admin }), 200, OrgListSchema);
    const took = performance.now() - started;
    expect(capped.truncated).toBe(true);
    expect(capped.orgs.slice(0, 5).map((org) => org.code)).toEqual(['PRV', 'PX-1', 'PX-1-1', 'PX-1-1-1', 'PX-1-1-2']);
    expect(capped.orgs.slice(101, 103).map((org) => org.code)).toEqual(['PX-1-1-99', 'PX-1-2']);
    // One range read up to the limit (about 50 ms here, the first time); reading all 200,000 to sort them by the
    // numbers in their paths would take over half a second, and the server answers nothing else meanwhile.
    expect(took).toBeLessThan(1000);
  });

  it('reads a list as one range of the sort path index, in its order, with nothing left to sort', () => {
    expect(total).toBeGreaterThanOrEqual(200_000);
    const pathOf = (code: string): string => db().prepare('SELECT path FROM organisations WHERE code = ?').pluck().get(code) as string;
    for (const [filter, limit] of [[{ kind: 'all' }, 2501], [{ kind: 'subtree', path: pathOf('PRV') }, 2501], [{ kind: 'subtree', path: pathOf('PX-37') }, -1]] as const) {
      const steps = plan(filter, limit);
      expect(steps).toMatch(/(SCAN|SEARCH) o USING INDEX organisations_sort_path/);
      expect(steps).not.toContain('TEMP B-TREE');
    }
  });

  // Last: reading all 200,000 holds the process for a second or two, and no request follows it.
  it('lists all 200,000 parents first, each organisation’s children in the order they were created', async () => {
    const rows = db().prepare('SELECT id, parent_id AS parentId FROM organisations').all() as { id: number; parentId: number | null }[];
    const children = new Map<number | null, number[]>();
    for (const row of rows) children.set(row.parentId, [...(children.get(row.parentId) ?? []), row.id]);
    const expected: number[] = [];
    const visit = (id: number): void => {
      expected.push(id);
      for (const child of (children.get(id) ?? []).sort((a, b) => a - b)) visit(child);
    };
    for (const root of children.get(null) ?? []) visit(root);
    const ids = (await t.server.store.read.orgs.list({ kind: 'all' })).map((org) => org.id);
    expect(ids).toHaveLength(total);
    // Where the two first differ (a diff of two 200,000-long lists would take minutes to print).
    const firstOutOfOrder = ids.findIndex((id, index) => id !== expected[index]);
    expect(firstOutOfOrder === -1 ? undefined : { at: firstOutOfOrder, listed: ids[firstOutOfOrder], expected: expected[firstOutOfOrder] }).toBeUndefined();
  });
});

/** The migration files of `versions` alone, as a database migrated by an earlier release saw them. */
function copyMigrations(to: string, versions: readonly number[]): void {
  mkdirSync(to);
  const wanted = new Set(versions.map((version) => String(version).padStart(3, '0')));
  for (const file of readdirSync(MIGRATIONS_DIR)) if (wanted.has(file.slice(0, 3))) copyFileSync(join(MIGRATIONS_DIR, file), join(to, file));
}
