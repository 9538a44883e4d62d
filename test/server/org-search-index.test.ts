import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../scripts/lib/prng.ts';
import { OrgListSchema, OrgSchema } from '../../server/schemas/orgs.ts';
import { openWritableDb, type ReadableDb, type WritableDb } from '../../server/store/db-handles.ts';
import { loadMigrations, migrate, MIGRATIONS_DIR } from '../../server/store/migrate.ts';
import { SqliteOrgReader } from '../../server/store/sqlite/orgs-sql.ts';
import { createTree, userToken } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { addLargeTree } from './support/large-tree.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/*
 * The organisation search looks text of three characters or more up in an index of trigrams (migration 025) when
 * few organisations hold it, so text nothing matches costs next to nothing at a province. The answers must stay
 * what they were: the exact code first, then in tree order the organisations whose name contains the text or whose
 * code starts with it, Latin letters in either case, % and _ as themselves, within reach, at most `limit`.
 */

interface OrgRow {
  id: number;
  code: string;
  name: string;
  path: string;
  sortPath: string;
}

/** Only Latin letters change case, as in SQLite's LIKE. */
const latinLower = (text: string): string => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/** The answer as documented, worked out here from every organisation, without SQL. */
function documentedAnswer(rows: readonly OrgRow[], within: (row: OrgRow) => boolean, text: string, limit: number): string[] {
  const reach = rows.filter(within);
  const exact = reach.find((row) => row.code === text) ?? reach.find((row) => row.code === text.toUpperCase());
  const needle = latinLower(text);
  const found = reach
    .filter((row) => row !== exact && (latinLower(row.name).includes(needle) || latinLower(row.code).startsWith(needle)))
    .sort((a, b) => (a.sortPath < b.sortPath ? -1 : a.sortPath > b.sortPath ? 1 : 0));
  return [...(exact ? [exact] : []), ...found].slice(0, limit).map((row) => row.code);
}

const allRows = (db: ReadableDb): OrgRow[] => db.prepare('SELECT id, code, name, path, sort_path AS sortPath FROM organisations').all() as OrgRow[];

/** An organisation written straight into the database, as the bulk loaders of tests and benchmarks write them. */
function insertOrg(db: WritableDb, code: string, name: string, parentCode: string): number {
  const parent = db.prepare('SELECT id, path, depth FROM organisations WHERE code = ?').get(parentCode) as { id: number; path: string; depth: number };
  const id = (db.prepare('SELECT max(id) FROM organisations').pluck().get() as number) + 1;
  db.prepare(`INSERT INTO organisations (id, code, name, kind, parent_id, path, depth, created_at) VALUES (?, ?, ?, 'branch', ?, ?, ?, '2030-01-01T00:00:00.000Z')`).run(
    id,
    code,
    name,
    parent.id,
    `${parent.path}${id}/`,
    parent.depth + 1,
  );
  return id;
}

/** Which organisations the index itself holds for a text, bypassing the search. */
const indexHolds = (db: ReadableDb, text: string): number[] =>
  db.prepare('SELECT rowid FROM organisation_search WHERE organisation_search MATCH ?').pluck().all(`"${text.replaceAll('"', '""')}"`) as number[];

describe('the organisation search through its index', () => {
  let t: TestServer;
  let admin: string;
  let organiser: string;
  let secretary: string;
  let rows: OrgRow[];

  const codes = async (token: string, query: string): Promise<string[]> =>
    expectOk(await t.call('GET', `/api/v1/orgs?${query}`, { token }), 200, OrgListSchema).orgs.map((org) => org.code);
  const search = (token: string, text: string, extra = '') => codes(token, `q=${encodeURIComponent(text)}${extra}`);
  const writable = () => t.server.store.handles.writable;
  const readable = () => t.server.store.handles.readable;

  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
    // Names that hold what a search must take as itself, or must not fold.
    for (const [code, name] of [
      ['Mx-Case', 'Mixed Case Branch 支部'],
      ['PCT-1', '含%百分号的支部'],
      ['UND-1', '含_下划线的支部'],
      ['QT-1', '带"引号"的支部'],
      ['EMO-1', '😀表情党支部'],
      ['UML-1', 'ÄBC Ünïcode组'],
      ['ABC-1', 'abc 小写组'],
      ['END-1', '东城关'],
      ['TWO', '城关'],
    ] as const) {
      expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code, name, kind: 'branch', parent: 'B' } }), 201, OrgSchema);
    }
    // 5,880 branches named …党支部: too many to look up one by one, so the search reads the range for that word.
    addLargeTree(t, 'A', 'AX', { committees: 12, generals: 10, branches: 49 });
    [organiser, secretary] = await Promise.all([userToken(t, 'organiser', 'AX-3'), userToken(t, 'secretary', 'A1')]);
    rows = allRows(readable());
  }, 60_000);
  afterAll(() => t.close());

  /** Each caller with its reach, as the server decides it. */
  const callers = () => {
    const pathOf = (code: string): string => rows.find((row) => row.code === code)!.path;
    return [
      { name: 'admin', token: admin, within: () => true },
      { name: 'organiser of AX-3', token: organiser, within: (row: OrgRow) => row.path.startsWith(pathOf('AX-3')) },
      { name: 'secretary of A1', token: secretary, within: (row: OrgRow) => row.path === pathOf('A1') },
    ];
  };

  const expectDocumented = async (texts: readonly string[], label: string): Promise<void> => {
    for (const caller of callers()) {
      for (const text of texts) {
        expect(await search(caller.token, text, '&limit=50'), `${label}: ${caller.name} searching ${JSON.stringify(text)}`).toEqual(documentedAnswer(rows, caller.within, text, 50));
      }
    }
  };

  it('answers as documented for text of every length, rare and common, in any case, with % _ " and emoji taken as they are', async () => {
    await expectDocumented(
      [
        '党支部', '第3镇第4', '总支第4', '第12镇第10党总支', '第7镇第3总支第21党支部', 'ax-3', 'AX-3-1', 'ax-12-10-4', 'AX-', 'ax',
        'Mixed', 'mixed case', 'MIXED CASE BRANCH', 'case b', 'mx-case', 'MX-CASE',
        '%', '_', '含%', '%百分', '含_下', '_下划', '"引号"', '带"', '"', '😀表情', '😀',
        'äbc', 'ÄBC', 'abc', 'ABC', 'Ünï', 'ünï',
        '城关', '关', '东城关', '城关镇', '无此名称', '无此', 'zz', 'qt-1', 'EMO', '第', `' OR 1=1 --`, 'a\\b', '\\',
      ],
      'chosen text',
    );
  });

  it('answers as documented for random parts of names and codes, Latin letters in random case', async () => {
    const seed = 20_250_117;
    const random = seededRandom(seed);
    const texts = Array.from({ length: 100 }, () => {
      const row = rows[Math.floor(random() * rows.length)]!;
      const source = [...(random() < 0.7 ? row.name : row.code)];
      const start = Math.floor(random() * source.length);
      const part = source.slice(start, start + 1 + Math.floor(random() * 6)).join('');
      return [...part].map((char) => (random() < 0.5 ? char.toLowerCase() : char.toUpperCase())).join('').trim();
    }).filter((text) => text !== '');
    await expectDocumented(texts, `seed ${seed}`);
  });

  it('finds text few organisations hold through the index alone, and common or short text by reading the range', async () => {
    const target = rows.find((row) => row.code === 'AX-7-3-21')!;
    expect(await search(admin, '第7镇第3总支第21')).toEqual(['AX-7-3-21']);
    writable().prepare('DELETE FROM organisation_search WHERE rowid = ?').run(target.id);
    try {
      // Missing from the index, it is not read for text only it holds: the index alone chose what to read.
      expect(await search(admin, '第7镇第3总支第21')).toEqual([]);
      // Thousands hold 党支部, and a text of two characters has no trigram: both read the range, which still has it.
      expect(await search(admin, '党支部', '&root=AX-7-3&limit=50')).toContain('AX-7-3-21');
      expect(await search(admin, '21', '&root=AX-7-3-21')).toEqual(['AX-7-3-21']);
    } finally {
      writable().prepare('INSERT INTO organisation_search (rowid, name, code) VALUES (?, ?, ?)').run(target.id, target.name, target.code);
    }
    expect(await search(admin, '第7镇第3总支第21')).toEqual(['AX-7-3-21']);
  });

  it('finds organisations made after the index was built, through the API and written straight into the database', async () => {
    expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'NEW-API', name: '新设黎明社区党支部', kind: 'branch', parent: 'B' } }), 201, OrgSchema);
    insertOrg(writable(), 'NEW-RAW', '直接写入的晨光村党支部', 'B');
    expect(await search(admin, '黎明社区')).toEqual(['NEW-API']);
    expect(await search(admin, '晨光村')).toEqual(['NEW-RAW']);
    expect(await search(admin, 'new-')).toEqual(['NEW-API', 'NEW-RAW']);
  });

  it('follows an organisation renamed or given another code in the database, and forgets one removed', async () => {
    const renamed = insertOrg(writable(), 'REN-OLD', '旧名字星火村党支部', 'B');
    writable().prepare(`UPDATE organisations SET name = '新名字燎原村党支部', code = 'REN-NEW' WHERE id = ?`).run(renamed);
    expect(await search(admin, '燎原村')).toEqual(['REN-NEW']);
    expect(await search(admin, 'ren-new')).toEqual(['REN-NEW']);
    expect(await search(admin, '星火村')).toEqual([]);
    expect(indexHolds(readable(), '星火村')).toEqual([]);
    expect(indexHolds(readable(), 'REN-OLD')).toEqual([]);

    const removed = insertOrg(writable(), 'GONE-1', '将被删除的朝阳村党支部', 'B');
    expect(indexHolds(readable(), '朝阳村')).toEqual([removed]);
    writable().prepare('DELETE FROM organisations WHERE id = ?').run(removed);
    expect(indexHolds(readable(), '朝阳村')).toEqual([]);
    expect(await search(admin, '朝阳村')).toEqual([]);
  });

  it('answers text holding a NUL, which the index cannot be asked for, instead of failing', async () => {
    for (const text of ['支部\u0000', '\u0000abc']) {
      const response = await t.call('GET', `/api/v1/orgs?q=${encodeURIComponent(text)}`, { token: admin });
      expect(response.status).toBe(200);
    }
  });
});

describe('the search index of organisations made before it existed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mic-org-search-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds every organisation once its migration has run, and each is found by the text only it holds', async () => {
    const all = loadMigrations();
    const searchMigration = all.findIndex((migration) => migration.name === 'organisation-search');
    expect(searchMigration).toBeGreaterThan(0);
    const before = join(dir, 'before');
    mkdirSync(before);
    for (const migration of all.slice(0, searchMigration)) {
      const file = readdirSync(MIGRATIONS_DIR).find((name) => name.startsWith(String(migration.version).padStart(3, '0')))!;
      copyFileSync(join(MIGRATIONS_DIR, file), join(before, file));
    }
    const db = openWritableDb(join(dir, 'm.db'));
    try {
      migrate(db, loadMigrations(before), new Date().toISOString());
      db.prepare(`INSERT INTO organisations (id, code, name, kind, parent_id, path, depth, created_at) VALUES (1, 'R', '某某县委', 'county', NULL, '/1/', 0, '2030-01-01T00:00:00.000Z')`).run();
      const villages = ['青松村', '白石村', '金沙村', '红岩村', '绿水村'];
      villages.forEach((village, n) => insertOrg(db, `R-${n + 1}`, `${village}党支部`, 'R'));
      insertOrg(db, 'R-Late', '城关', 'R');

      expect(migrate(db, all, new Date().toISOString()).applied).toContain(`${String(all[searchMigration]?.version).padStart(3, '0')}-organisation-search`);
      const reader = new SqliteOrgReader(db);
      const found = async (text: string): Promise<string[]> => (await reader.search({ kind: 'all' }, text, 20)).map((org) => org.code);
      for (const [n, village] of villages.entries()) {
        expect(await found(village)).toEqual([`R-${n + 1}`]);
        expect(indexHolds(db, village)).toHaveLength(1);
      }
      expect(await found('r-l')).toEqual(['R-Late']);
      expect(await found('城关')).toEqual(['R-Late']);
      expect(await found('党支部')).toEqual(['R-1', 'R-2', 'R-3', 'R-4', 'R-5']);
      expect(indexHolds(db, '某某县')).toEqual([1]);
    } finally {
      db.close();
    }
  });
});
