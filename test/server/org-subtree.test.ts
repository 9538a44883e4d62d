import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgFilterSql, subtreeRange } from '../../server/store/org-filter.ts';
import type { Org } from '../../server/store/repositories/orgs.ts';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite/open-sqlite-store.ts';

describe('organisation subtrees as one indexed range', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mic-subtree-'));
  let store: SqliteStore;
  const byCode = new Map<string, Org>();

  beforeAll(async () => {
    store = openSqliteStore(join(dir, 's.db'));
    const now = new Date().toISOString();
    const actor = { label: 'test', userId: null };
    const add = async (code: string, parent?: string): Promise<void> => {
      const org = await store.write.orgs.create({ code, name: code, kind: parent ? 'branch' : 'county', parent: parent ? (byCode.get(parent) ?? null) : null, now }, actor);
      byCode.set(code, org);
    };
    // Enough siblings that C1 has id 2 and siblings have ids 20..29: '/1/2/' must not swallow '/1/20/'.
    await add('ROOT');
    for (let i = 1; i <= 30; i++) await add(`C${i}`, 'ROOT');
    await add('C1-X', 'C1');
    await add('C19-X', 'C19');
    await add('C1-X-Y', 'C1-X');
  });

  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores each organisation under its parent path', () => {
    const root = byCode.get('ROOT') as Org;
    const c1 = byCode.get('C1') as Org;
    expect(root.path).toBe(`/${root.id}/`);
    expect(c1.path).toBe(`${root.path}${c1.id}/`);
    expect(byCode.get('C1-X-Y')?.depth).toBe(3);
  });

  it('returns exactly the subtree, not siblings whose id starts with the same digits', async () => {
    const c1 = byCode.get('C1') as Org;
    const c1x = byCode.get('C1-X') as Org;
    const siblings = [...byCode.values()].filter((org) => org.parentCode === 'ROOT' && org.id !== c1.id && String(org.id).startsWith(String(c1.id)));
    expect(siblings.length).toBeGreaterThan(0);
    const codes = (await store.read.orgs.list({ kind: 'subtree', path: c1.path })).map((org) => org.code);
    expect(codes).toEqual(['C1', 'C1-X', 'C1-X-Y']);
    expect((await store.read.orgs.list({ kind: 'subtree', path: c1x.path })).map((org) => org.code)).toEqual(['C1-X', 'C1-X-Y']);
    expect((await store.read.orgs.list({ kind: 'org', path: c1.path })).map((org) => org.code)).toEqual(['C1']);
    expect(await store.read.orgs.list({ kind: 'all' })).toHaveLength(byCode.size);
  });

  it('computes the range bounds from the path', () => {
    expect(subtreeRange('/1/4/')).toEqual({ low: '/1/4/', high: '/1/40' });
    expect(() => subtreeRange("/1/' OR 1=1 --/")).toThrow(RangeError);
  });

  it('makes SQLite answer a subtree with a range search on the path index', () => {
    const where = orgFilterSql('path', { kind: 'subtree', path: (byCode.get('C1') as Org).path });
    const plan = store.handles.readable.prepare(`EXPLAIN QUERY PLAN SELECT id FROM organisations WHERE ${where.sql}`).all(...where.params) as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/SEARCH organisations USING (COVERING )?INDEX sqlite_autoindex_organisations_\d+ \(path>\? AND path<\?\)/);
  });
});
