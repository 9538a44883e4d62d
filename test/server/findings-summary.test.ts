import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FindingDetailSchema } from '../../server/schemas/findings.ts';
import { openWritableDb } from '../../server/store/db-handles.ts';
import { loadMigrations, migrate } from '../../server/store/migrate.ts';
import { orgFilterSql, type OrgFilter } from '../../server/store/org-filter.ts';
import type { FindingCount } from '../../server/store/repositories/findings.ts';
import { SqliteFindingReader } from '../../server/store/sqlite/findings-sql.ts';
import { createMember, TREE } from './support/fixtures.ts';
import { FOUR_MONTHS_MS, startFindingsWorld, type FindingsWorld } from './support/findings-world.ts';
import { expectOk } from './support/http.ts';
import { openDatabase } from './support/ingest-world.ts';

/*
 * The summary counts each rule, severity and status as one range of the paths the findings carry (migration 024).
 * Whatever happens to the findings, it must say what counting them through their organisations says: that query,
 * the one the summary ran before, is the reference here, on the same database.
 */

/** The live findings within the filter counted through their organisations, as the summary was. */
function countedThroughOrganisations(db: Database.Database, filter: OrgFilter): FindingCount[] {
  const where = orgFilterSql('o.path', filter);
  return db
    .prepare(
      `SELECT f.rule, f.severity, f.status, count(*) AS count
       FROM findings f JOIN organisations o ON o.id = f.org_id
       WHERE ${where.sql} AND f.status <> 'resolved'
       GROUP BY f.rule, f.severity, f.status ORDER BY f.rule, f.severity, f.status`,
    )
    .all(...where.params) as FindingCount[];
}

/** The whole tree, and each organisation with its subtree and alone. */
function filtersOf(db: Database.Database): [string, OrgFilter][] {
  const paths = db.prepare('SELECT code, path FROM organisations ORDER BY path').all() as { code: string; path: string }[];
  return [['the whole tree', { kind: 'all' }], ...paths.flatMap(({ code, path }): [string, OrgFilter][] => [[`${code} and below`, { kind: 'subtree', path }], [`${code} alone`, { kind: 'org', path }]])];
}

const totalOf = (counts: FindingCount[]): number => counts.reduce((sum, row) => sum + row.count, 0);

describe('the findings summary', () => {
  let w: FindingsWorld;

  beforeAll(async () => {
    w = await startFindingsWorld({ A1: 3, A2: 2, B1: 2 });
  });
  afterAll(async () => w?.t.close());

  /** Compares the summary with the reference for every filter; answers the reference for the whole tree. */
  async function expectSameCounts(): Promise<FindingCount[]> {
    const db = openDatabase(w.t.dataDir);
    try {
      for (const [label, filter] of filtersOf(db)) {
        expect(await w.t.server.context.read.findings.summary(filter), label).toEqual(countedThroughOrganisations(db, filter));
      }
      return countedThroughOrganisations(db, { kind: 'all' });
    } finally {
      db.close();
    }
  }

  const act = async (id: number, action: 'acknowledge' | 'resolve') =>
    expectOk(await w.t.call('POST', `/api/v1/findings/${id}/${action}`, { token: await w.t.adminToken(), json: {} }), 200, FindingDetailSchema);

  it('counts what counting through the organisations counts, as findings open, are acted on, escalate, close and change organisation', async () => {
    const opened = await expectSameCounts();
    expect(new Set(opened.map((row) => row.rule)), 'six-month warnings and the branches’ overdue meetings').toEqual(new Set(['six-month', 'meeting-cadence']));

    const [a1First, a1Second] = await w.sixMonth('A1');
    const [a2First] = await w.sixMonth('A2');
    const [b1First] = await w.sixMonth('B1');
    await act(a1First!.id, 'acknowledge');
    await act(b1First!.id, 'acknowledge');
    await act(a2First!.id, 'resolve');
    const acted = await expectSameCounts();
    expect(acted.filter((row) => row.status === 'acknowledged').map((row) => row.count)).toEqual([2]);
    expect(totalOf(acted)).toBe(totalOf(opened) - 1);

    // Members who join now are four months without participation when the first ones are eight: a warning each
    // beside findings escalated to the six months' end.
    await createMember(w.t, 'A2');
    await createMember(w.t, 'B1');
    w.t.clock.advance(FOUR_MONTHS_MS);
    await w.runDiagnostics();
    const escalated = await expectSameCounts();
    expect(new Set(escalated.filter((row) => row.rule === 'six-month').map((row) => row.severity))).toEqual(new Set(['warning', 'critical']));

    // When a member's home moves, the engine gives the live finding the new organisation: it leaves A1 for B1.
    const orgOf = async (code: string) => (await w.t.server.context.read.orgs.byCode(code))!;
    const a1 = await orgOf('A1');
    const b1 = await orgOf('B1');
    const sixMonthAt = async (path: string) =>
      totalOf((await w.t.server.context.read.findings.summary({ kind: 'org', path })).filter((row) => row.rule === 'six-month'));
    const before = { a1: await sixMonthAt(a1.path), b1: await sixMonthAt(b1.path) };
    const moved = await w.t.server.context.write.diagnostics.transaction(async (tx) => {
      const [live] = await tx.live('six-month', [a1Second!.subject]);
      const content = { episode: live!.episode, orgId: b1.id, severity: live!.severity, people: live!.people, facts: live!.facts, evidence: live!.evidence };
      return tx.update(live!.id, content, w.t.clock.now().toISOString());
    });
    expect(moved).toBe(true);
    expect((await w.detail(a1Second!.id)).org.code).toBe('B1');
    await expectSameCounts();
    expect({ a1: await sixMonthAt(a1.path), b1: await sixMonthAt(b1.path) }).toEqual({ a1: before.a1 - 1, b1: before.b1 + 1 });
  });
});

describe('findings written before migration 024', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mic-findings-summary-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are counted after it as they were before it', async () => {
    const migrations = loadMigrations();
    const at = migrations.findIndex((migration) => migration.name === 'findings-counted-by-path');
    expect(at).toBeGreaterThan(0);
    const db = openWritableDb(join(dir, 'member-card.db'));
    try {
      const now = '2031-01-01T00:00:00.000Z';
      migrate(db, migrations.slice(0, at), now);
      const insertOrg = db.prepare(`INSERT INTO organisations (id, code, name, kind, parent_id, path, depth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
      const ids = new Map<string, { id: number; path: string; depth: number }>();
      TREE.forEach((org, index) => {
        const parent = 'parent' in org ? ids.get(org.parent) : undefined;
        const placed = { id: index + 1, path: `${parent?.path ?? '/'}${index + 1}/`, depth: parent ? parent.depth + 1 : 0 };
        insertOrg.run(placed.id, org.code, org.name, org.kind, parent?.id ?? null, placed.path, placed.depth, now);
        ids.set(org.code, placed);
      });
      const insertFinding = db.prepare(
        `INSERT INTO findings (rule, subject, episode, org_id, severity, status, people, facts, evidence, opened_at, updated_at, resolved_at)
         VALUES (?, ?, 'e', ?, ?, ?, '[]', '{}', '[]', ?, ?, ?)`,
      );
      const findings: [string, string, string, 'open' | 'acknowledged' | 'resolved'][] = [
        ['six-month', 'A1', 'warning', 'open'],
        ['six-month', 'A1', 'warning', 'acknowledged'],
        ['six-month', 'A2', 'critical', 'open'],
        ['six-month', 'B1', 'warning', 'resolved'],
        ['meeting-cadence', 'A1', 'info', 'open'],
        ['meeting-cadence', 'B1', 'serious', 'open'],
        ['transfer-waiting', 'B', 'warning', 'acknowledged'],
        ['kiosk-silent', 'CTY', 'serious', 'open'],
      ];
      findings.forEach(([rule, org, severity, status], index) => {
        insertFinding.run(rule, `s:${index}`, ids.get(org)!.id, severity, status, now, now, status === 'resolved' ? now : null);
      });

      migrate(db, migrations, now);
      const reader = new SqliteFindingReader(db);
      for (const [label, filter] of filtersOf(db)) expect(await reader.summary(filter), label).toEqual(countedThroughOrganisations(db, filter));
      expect(totalOf(await reader.summary({ kind: 'subtree', path: ids.get('A')!.path }))).toBe(4);
    } finally {
      db.close();
    }
  });
});
