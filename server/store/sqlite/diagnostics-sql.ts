import type { FindingRule } from '../../domain/diagnostics/finding.ts';
import type { OrgKind } from '../../schemas/orgs.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type {
  CadenceFacts,
  ClosedFinding,
  DiagnosticOrg,
  DiagnosticsReader,
  DiagnosticsTx,
  DiagnosticsWriter,
  FindingContent,
  LetterFacts,
  LiveFinding,
  MobileFacts,
  ParticipationFacts,
  Subjects,
} from '../repositories/diagnostics.ts';
import { immediateTransaction } from './async-transaction.ts';
import { statement } from './statements.ts';

/*
 * The facts the rules read are set-based: one statement per rule family and chunk, with the subjects as
 * one JSON array parameter. Every per-subject lookup inside them is a seek on an index: the latest check-in
 * on attendance_member (member_id, at), the latest meeting of a kind on meetings_org_kind_start (partial:
 * the statements repeat its `status <> 'cancelled'` so the planner may use it), the open home period on
 * membership_periods_one_open_home. Each statement comes in two constant texts, for every subject and for
 * a list of them, because `id IN (…) OR <all>` would make SQLite scan the whole table for a short list.
 */

// The latest held meeting comes back as one value (start, then id) from one subquery: a join on its id
// would make SQLite evaluate the subquery a second time.
const CADENCE = `
  SELECT o.id AS orgId, o.code AS orgCode, o.created_at AS orgCreatedAt, k.kind,
    (SELECT m.starts_at || ' ' || m.id FROM meetings m
      WHERE m.org_id = o.id AND m.kind = k.kind AND m.status <> 'cancelled' AND m.starts_at <= @now
        AND (m.origin = 'ad_hoc' OR EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id))
      ORDER BY m.starts_at DESC LIMIT 1) AS lastHeld,
    (SELECT min(m.starts_at) FROM meetings m
      WHERE m.org_id = o.id AND m.kind = k.kind AND m.status <> 'cancelled' AND m.starts_at >= @now) AS nextPlannedAt
  FROM (SELECT value ->> 0 AS org_id, value ->> 1 AS kind FROM json_each(@pairs)) k JOIN organisations o ON o.id = k.org_id`;

const PARTICIPATION = (where: string) => `
  SELECT p.memberId, p.homeOrgId, p.createdAt, p.lastAt,
    CASE WHEN p.lastAt IS NULL THEN (SELECT min(f.valid_from) FROM membership_periods f WHERE f.member_id = p.memberId AND f.kind = 'home') END AS firstHomeFrom
  FROM (
    SELECT m.id AS memberId, h.org_id AS homeOrgId, m.created_at AS createdAt,
      (SELECT max(a.at) FROM attendance a WHERE a.member_id = m.id AND a.at <= @now) AS lastAt
    FROM members m JOIN membership_periods h ON h.member_id = m.id AND h.kind = 'home' AND h.valid_to IS NULL
    WHERE m.status = 'active' AND ${where}
  ) p`;

const LETTERS = (where: string) => `
  SELECT t.id, t.member_id AS memberId, t.from_org_id AS fromOrgId, fo.code AS fromOrgCode, t.to_org_id AS toOrgId, tto.code AS toOrgCode,
    t.issued_at AS issuedAt, t.expires_at AS expiresAt, t.status,
    EXISTS (SELECT 1 FROM transfers l WHERE l.member_id = t.member_id AND l.issued_at > t.issued_at) AS superseded
  FROM transfers t JOIN organisations fo ON fo.id = t.from_org_id JOIN organisations tto ON tto.id = t.to_org_id
  WHERE ${where}`;

const MOBILE = (where: string) => `
  SELECT p.id, p.member_id AS memberId, p.org_id AS hostOrgId, o.code AS hostOrgCode, ho.code AS homeOrgCode,
    p.valid_from AS validFrom, p.valid_to AS validTo, p.ended_at AS endedAt,
    (SELECT max(a.at) FROM attendance a WHERE a.member_id = p.member_id AND a.at <= @now AND +a.host_org_id = p.org_id) AS lastAtHost
  FROM membership_periods p JOIN organisations o ON o.id = p.org_id
    LEFT JOIN membership_periods h ON h.member_id = p.member_id AND h.kind = 'home' AND h.valid_to IS NULL
    LEFT JOIN organisations ho ON ho.id = h.org_id
  WHERE p.kind = 'mobile' AND ${where}`;

const json = (values: readonly unknown[]): string => JSON.stringify(values);

const ORG_SELECT = 'SELECT id, kind, path FROM organisations';
type OrgRow = { id: number; kind: OrgKind; path: string };
const toDiagnosticOrg = (row: OrgRow): DiagnosticOrg => ({ id: row.id, kind: row.kind, pathIds: row.path.split('/').filter(Boolean).map(Number) });

export class SqliteDiagnosticsReader implements DiagnosticsReader {
  constructor(private readonly db: ReadableDb) {}

  async org(id: number): Promise<DiagnosticOrg | undefined> {
    const row = statement(this.db, `${ORG_SELECT} WHERE id = ?`).get(id) as OrgRow | undefined;
    return row && toDiagnosticOrg(row);
  }

  async orgs(): Promise<DiagnosticOrg[]> {
    return (statement(this.db, ORG_SELECT).all() as OrgRow[]).map(toDiagnosticOrg);
  }

  async subjectCounts(): Promise<{ members: number; orgs: number }> {
    return statement(this.db, 'SELECT (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM organisations) AS orgs').get() as { members: number; orgs: number };
  }

  async memberIdsAfter(after: number, limit: number): Promise<number[]> {
    return statement(this.db, 'SELECT id FROM members WHERE id > ? ORDER BY id LIMIT ?').pluck().all(after, limit) as number[];
  }

  async orgIdsAfter(after: number, limit: number): Promise<number[]> {
    return statement(this.db, 'SELECT id FROM organisations WHERE id > ? ORDER BY id LIMIT ?').pluck().all(after, limit) as number[];
  }

  async meetingKinds(): Promise<{ code: string; active: boolean }[]> {
    const rows = statement(this.db, 'SELECT code, active FROM meeting_kinds ORDER BY sort_order, code').all() as { code: string; active: 0 | 1 }[];
    return rows.map((row) => ({ code: row.code, active: row.active === 1 }));
  }

  async cadence(pairs: readonly { orgId: number; kind: string }[], now: string): Promise<CadenceFacts[]> {
    if (pairs.length === 0) return [];
    const rows = statement(this.db, CADENCE).all({ now, pairs: json(pairs.map((pair) => [pair.orgId, pair.kind])) }) as (Omit<
      CadenceFacts,
      'lastHeldId' | 'lastHeldAt'
    > & { lastHeld: string | null })[];
    return rows.map(({ lastHeld, ...row }) => {
      const space = lastHeld === null ? -1 : lastHeld.indexOf(' ');
      return { ...row, lastHeldAt: lastHeld === null ? null : lastHeld.slice(0, space), lastHeldId: lastHeld === null ? null : lastHeld.slice(space + 1) };
    });
  }

  async participation(members: Subjects<number>, now: string): Promise<ParticipationFacts[]> {
    if (members === 'all') return statement(this.db, PARTICIPATION('1 = 1')).all({ now }) as ParticipationFacts[];
    if (members.length === 0) return [];
    return statement(this.db, PARTICIPATION('m.id IN (SELECT value FROM json_each(@ids))')).all({ now, ids: json(members) }) as ParticipationFacts[];
  }

  async letters(subjects: 'all' | { members: readonly number[]; transfers: readonly string[] }, expiredSince: string): Promise<LetterFacts[]> {
    type Row = Omit<LetterFacts, 'superseded'> & { superseded: number };
    let rows: Row[];
    if (subjects === 'all') {
      rows = statement(this.db, LETTERS(`t.status = 'issued' OR (t.status = 'expired' AND t.expires_at >= ?)`)).all(expiredSince) as Row[];
    } else {
      if (subjects.members.length === 0 && subjects.transfers.length === 0) return [];
      rows = statement(
        this.db,
        LETTERS('t.id IN (SELECT id FROM transfers WHERE member_id IN (SELECT value FROM json_each(?)) UNION SELECT value FROM json_each(?))'),
      ).all(json(subjects.members), json(subjects.transfers)) as Row[];
    }
    return rows.map((row) => ({ ...row, superseded: row.superseded === 1 }));
  }

  async mobilePeriods(members: Subjects<number>, today: string, now: string): Promise<MobileFacts[]> {
    if (members === 'all') return statement(this.db, MOBILE('(p.valid_to IS NULL OR p.valid_to > @today)')).all({ now, today }) as MobileFacts[];
    if (members.length === 0) return [];
    return statement(this.db, MOBILE('p.member_id IN (SELECT value FROM json_each(@ids))')).all({ now, ids: json(members) }) as MobileFacts[];
  }
}

const LIVE_SELECT = `SELECT id, subject, episode, org_id AS orgId, severity, people, facts, evidence FROM findings`;

/**
 * A finding carries its organisation's path beside its id (migration 024), for the summary's counts within reach;
 * it is written wherever the organisation is. Constant text, the id bound.
 */
const ORG_PATH = 'SELECT path FROM organisations WHERE id = ?';

class SqliteDiagnosticsTx implements DiagnosticsTx {
  constructor(private readonly db: WritableDb) {}

  async live(rule: FindingRule, subjects: 'all' | readonly string[]): Promise<LiveFinding[]> {
    if (subjects === 'all') return statement(this.db, `${LIVE_SELECT} WHERE rule = ? AND status <> 'resolved'`).all(rule) as LiveFinding[];
    if (subjects.length === 0) return [];
    return statement(this.db, `${LIVE_SELECT} WHERE rule = ? AND subject IN (SELECT value FROM json_each(?)) AND status <> 'resolved'`).all(rule, json(subjects)) as LiveFinding[];
  }

  async newestClosed(rule: FindingRule, subjects: readonly string[]): Promise<ClosedFinding[]> {
    if (subjects.length === 0) return [];
    return statement(
      this.db,
      `SELECT f.subject, f.episode, f.severity, f.resolved_by AS resolvedBy
       FROM json_each(?) j JOIN findings f ON f.id = (SELECT max(g.id) FROM findings g WHERE g.rule = ? AND g.subject = j.value)`,
    ).all(json(subjects), rule) as ClosedFinding[];
  }

  async open(rule: FindingRule, subject: string, content: FindingContent, at: string): Promise<number> {
    return statement(
      this.db,
      `INSERT INTO findings (rule, subject, episode, org_id, org_path, severity, status, people, facts, evidence, opened_at, updated_at)
       VALUES (?, ?, ?, ?, (${ORG_PATH}), ?, 'open', ?, ?, ?, ?, ?) RETURNING id`,
    )
      .pluck()
      .get(rule, subject, content.episode, content.orgId, content.orgId, content.severity, content.people, content.facts, content.evidence, at, at) as number;
  }

  async update(id: number, content: FindingContent, at: string): Promise<boolean> {
    return (
      statement(
        this.db,
        `UPDATE findings SET episode = ?, org_id = ?, org_path = (${ORG_PATH}), severity = ?, people = ?, facts = ?, evidence = ?, updated_at = ? WHERE id = ? AND status <> 'resolved'`,
      ).run(content.episode, content.orgId, content.orgId, content.severity, content.people, content.facts, content.evidence, at, id).changes === 1
    );
  }

  async resolve(id: number, at: string): Promise<boolean> {
    return (
      statement(this.db, `UPDATE findings SET status = 'resolved', resolved_at = ?, updated_at = ? WHERE id = ? AND status <> 'resolved'`).run(at, at, id).changes === 1
    );
  }

  async history(findingId: number, action: 'opened' | 'escalated' | 'eased' | 'resolved', severity: string, at: string): Promise<void> {
    statement(this.db, 'INSERT INTO finding_history (finding_id, at, action, severity) VALUES (?, ?, ?, ?)').run(findingId, at, action, severity);
  }

  async queueWebhook(findingId: number, action: 'opened' | 'escalated', at: string): Promise<void> {
    statement(this.db, 'INSERT INTO webhook_deliveries (finding_id, action, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)').run(
      findingId,
      action,
      JSON.stringify({ findingId, action }),
      at,
      at,
    );
  }
}

export class SqliteDiagnosticsWriter implements DiagnosticsWriter {
  private readonly tx: SqliteDiagnosticsTx;

  constructor(private readonly db: WritableDb) {
    this.tx = new SqliteDiagnosticsTx(db);
  }

  /** Held under the store's write lock from BEGIN to COMMIT, like every writer (open-sqlite-store.ts). */
  async transaction<T>(work: (tx: DiagnosticsTx) => Promise<T>): Promise<T> {
    return immediateTransaction(this.db, () => work(this.tx));
  }
}
