import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvince, type Generated } from '../../../scripts/bench/province-generator.ts';
import { Progress } from '../../../scripts/bench/province-progress.ts';
import { openSqliteStore } from '../../../server/store/sqlite/open-sqlite-store.ts';

// The province's proportions (5 members and 100 attendance rows per organisation), at 1/333 of its size.
const sizes = { members: 3000, orgs: 600, attendance: 60_000 };
const anchor = new Date('2026-06-15T00:00:00.000Z');
const silent = new Progress({ write: () => true } as unknown as NodeJS.WritableStream);

async function generate(dir: string, name: string, seed = 11): Promise<{ file: string; generated: Generated }> {
  const file = join(dir, name);
  const generated = await generateProvince({ file, sizes, seed, anchor, cohort: 200, progress: silent });
  return { file, generated };
}

type Row = Record<string, number | string | null>;

describe('the province data generator', () => {
  let dir: string;
  let db: Database.Database;
  let file: string;
  let generated: Generated;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mic-province-test-'));
    ({ file, generated } = await generate(dir, 'a.db'));
    db = new Database(file, { readonly: true });
  });

  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const one = (sql: string): Row => db.prepare(sql).get() as Row;
  const count = (sql: string): number => Number(Object.values(one(sql))[0]);

  it('writes a database the server opens (its migrations match), with every key pointing at a row', () => {
    openSqliteStore(file, anchor).close();
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
  });

  it('leaves every index the migrations create in place after the load', () => {
    const fresh = join(dir, 'fresh.db');
    openSqliteStore(fresh, anchor).close();
    const indexes = (path: string): string[] => {
      const handle = new Database(path, { readonly: true });
      try {
        return (handle.prepare("SELECT name || ':' || sql AS i FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[]);
      } finally {
        handle.close();
      }
    };
    expect(indexes(file)).toEqual(indexes(fresh));
  });

  it('shapes a tree from the province down to branches, each path its parent’s path and its own id', () => {
    const kinds = db.prepare('SELECT kind, count(*) AS n FROM organisations GROUP BY kind').all() as { kind: string; n: number }[];
    expect(kinds.map((k) => k.kind).sort()).toEqual(['branch', 'city', 'committee', 'county', 'general_branch', 'province']);
    expect(count('SELECT count(*) FROM organisations')).toBe(sizes.orgs);
    expect(count("SELECT count(*) FROM organisations c JOIN organisations p ON p.id = c.parent_id WHERE c.path <> p.path || c.id || '/' OR c.depth <> p.depth + 1")).toBe(0);
    expect(count("SELECT count(*) FROM members m JOIN membership_periods h ON h.member_id = m.id AND h.kind = 'home' AND h.valid_to IS NULL JOIN organisations o ON o.id = h.org_id WHERE o.kind <> 'branch'")).toBe(0);
  });

  it('gives every active member one open home period and a card, except the cohort the benchmark issues cards to', () => {
    expect(count('SELECT count(*) FROM members')).toBe(sizes.members);
    expect(count("SELECT count(*) FROM members m WHERE m.status = 'active' AND (SELECT count(*) FROM membership_periods h WHERE h.member_id = m.id AND h.kind = 'home' AND h.valid_to IS NULL) <> 1")).toBe(0);
    expect(count(`SELECT count(*) FROM cards WHERE member_id >= ${generated.cohortFirstMember}`)).toBe(0);
    expect(count(`SELECT count(*) FROM members m WHERE m.id < ${generated.cohortFirstMember} AND m.status = 'active' AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.member_id = m.id AND c.status = 'active')`)).toBe(0);
  });

  it('writes about the requested attendance over the year before the anchor, each row at a meeting that took place', () => {
    const rows = count('SELECT count(*) FROM attendance');
    expect(rows).toBeGreaterThan(sizes.attendance * 0.85);
    expect(rows).toBeLessThan(sizes.attendance * 1.15);
    const span = one('SELECT min(at) AS first, max(at) AS last FROM attendance');
    expect(String(span.first) >= new Date(anchor.getTime() - 366 * 86_400_000).toISOString()).toBe(true);
    expect(String(span.last) < anchor.toISOString()).toBe(true);
    expect(count("SELECT count(*) FROM attendance a JOIN meetings m ON m.id = a.meeting_id WHERE m.status IN ('cancelled') OR m.starts_at > a.at")).toBe(0);
    expect(count("SELECT count(*) FROM attendance WHERE (home_org_id = host_org_id) <> (cross_org = 0)")).toBe(0);
  });

  it('gives every rule something to find: silent members, late meetings, letters in every state, lapsing mobiles, quiet kiosks, alarms', () => {
    const threeMonthsAgo = new Date(anchor.getTime() - 92 * 86_400_000).toISOString();
    const silentMembers = count(
      `SELECT count(*) FROM members m WHERE m.status = 'active' AND m.created_at < '${threeMonthsAgo}' AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.member_id = m.id AND a.at >= '${threeMonthsAgo}')`,
    );
    expect(silentMembers / sizes.members).toBeGreaterThan(0.04);
    expect(silentMembers / sizes.members).toBeLessThan(0.15);
    const statuses = (db.prepare('SELECT DISTINCT status FROM transfers ORDER BY status').pluck().all() as string[]);
    expect(statuses).toEqual(['accepted', 'cancelled', 'expired', 'issued', 'returned']);
    expect(count(`SELECT count(*) FROM membership_periods WHERE kind = 'mobile' AND valid_to > '${anchor.toISOString().slice(0, 10)}'`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM kiosk_health WHERE last_seen_at < '${new Date(anchor.getTime() - 3 * 86_400_000).toISOString()}'`)).toBeGreaterThan(0);
    expect(count("SELECT count(DISTINCT type) FROM alarms WHERE type IN ('clone', 'fork', 'denied')")).toBe(3);
    // Some branches let a monthly meeting slip: their latest committee meeting is more than a month old.
    expect(count(`SELECT count(*) FROM (SELECT org_id, max(starts_at) AS last FROM meetings WHERE kind = 'committee' AND status <> 'cancelled' AND starts_at < '${anchor.toISOString()}' GROUP BY org_id) WHERE last < '${new Date(anchor.getTime() - 45 * 86_400_000).toISOString()}'`)).toBeGreaterThan(0);
  });

  it('makes the same data from the same seed, and other data from another seed', async () => {
    const digest = (path: string): Row => {
      const handle = new Database(path, { readonly: true });
      try {
        return handle.prepare("SELECT count(*) AS n, sum(member_id * 7 + length(at)) AS s, max(event_id) AS e, (SELECT group_concat(name, '') FROM (SELECT name FROM members ORDER BY id LIMIT 50)) AS names FROM attendance").get() as Row;
      } finally {
        handle.close();
      }
    };
    const again = await generate(dir, 'b.db');
    const other = await generate(dir, 'c.db', 12);
    expect(digest(again.file)).toEqual(digest(file));
    expect(digest(other.file)).not.toEqual(digest(file));
  });
});
