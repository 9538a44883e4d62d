import { SEVERITIES, severityRank, type EvidenceRef, type Facts, type FindingRule, type FindingStatus, type Severity } from '../../domain/diagnostics/finding.ts';
import type { ThresholdRow } from '../../domain/diagnostics/thresholds.ts';
import type { ThresholdFamily } from '../../schemas/thresholds.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { orgFilterSql, type OrgFilter } from '../org-filter.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { Finding, FindingCount, FindingHistoryEntry, FindingQuery, FindingReader, FindingWriter } from '../repositories/findings.ts';
import { insertAudit } from './audit-sql.ts';
import { statement } from './statements.ts';

const FINDING_SELECT = `SELECT f.id, f.rule, f.subject, f.episode, f.org_id AS orgId, o.code AS orgCode, o.name AS orgName, o.path AS orgPath,
    f.severity, f.status, f.people, f.facts, f.evidence, f.opened_at AS openedAt, f.updated_at AS updatedAt,
    f.resolved_at AS resolvedAt, u.username AS resolvedBy
  FROM findings f
    JOIN organisations o ON o.id = f.org_id
    LEFT JOIN users u ON u.id = f.resolved_by`;

/** Severity as a number in SQL, so "at least this severe" is one comparison. Constant text. */
const SEVERITY_RANK_SQL = `CASE f.severity WHEN 'info' THEN 0 WHEN 'warning' THEN 1 WHEN 'serious' THEN 2 ELSE 3 END`;

interface FindingRow {
  id: number;
  rule: FindingRule;
  subject: string;
  episode: string;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  severity: Severity;
  status: FindingStatus;
  people: string;
  facts: string;
  evidence: string;
  openedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

interface PersonRow {
  id: number;
  memberNumber: string;
  name: string;
}

/**
 * Rows as people read them: member ids (in people and in evidence) become member numbers and names, in
 * one query for the whole page. A member id that no longer resolves is left out rather than shown bare.
 */
function toFindings(db: ReadableDb, rows: FindingRow[]): Finding[] {
  const parsed = rows.map((row) => ({ row, people: JSON.parse(row.people) as number[], evidence: JSON.parse(row.evidence) as EvidenceRef[] }));
  const ids = new Set<number>();
  for (const { people, evidence } of parsed) {
    for (const id of people) ids.add(id);
    for (const ref of evidence) if (ref.kind === 'member') ids.add(Number(ref.id));
  }
  const members = new Map<number, PersonRow>();
  if (ids.size > 0) {
    const found = statement(db, `SELECT m.id, m.member_number AS memberNumber, m.name FROM members m WHERE m.id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify([...ids]),
    ) as PersonRow[];
    for (const member of found) members.set(member.id, member);
  }
  return parsed.map(({ row, people, evidence }) => ({
    id: row.id,
    rule: row.rule,
    subject: row.subject,
    episode: row.episode,
    org: { id: row.orgId, code: row.orgCode, name: row.orgName, path: row.orgPath },
    severity: row.severity,
    status: row.status,
    people: people.flatMap((id) => {
      const member = members.get(id);
      return member ? [member] : [];
    }),
    facts: JSON.parse(row.facts) as Facts,
    evidence: evidence.flatMap((ref) => {
      if (ref.kind !== 'member') return [ref];
      const member = members.get(Number(ref.id));
      return member ? [{ kind: 'member' as const, id: member.memberNumber }] : [];
    }),
    openedAt: row.openedAt,
    updatedAt: row.updatedAt,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
  }));
}

/** Status filter as SQL: 'live' is open or acknowledged. Absent = live. Constant text, value bound. */
const STATUS_SQL = `(CASE ? WHEN 'live' THEN f.status <> 'resolved' ELSE f.status = ? END)`;

export class SqliteFindingReader implements FindingReader {
  constructor(private readonly db: ReadableDb) {}

  async list(filter: OrgFilter, query: FindingQuery): Promise<Finding[]> {
    const where = orgFilterSql('o.path', filter);
    const status = query.status ?? 'live';
    // Absent filters are bound as NULL, so the SQL text stays one constant.
    const rows = statement(
      this.db,
      `${FINDING_SELECT}
       WHERE ${where.sql} AND ${STATUS_SQL} AND (? IS NULL OR f.rule = ?) AND ${SEVERITY_RANK_SQL} >= ? AND f.id < ?
       ORDER BY f.id DESC LIMIT ?`,
    ).all(
      ...where.params,
      status,
      status,
      query.rule ?? null,
      query.rule ?? null,
      query.minSeverity === undefined ? 0 : severityRank(query.minSeverity),
      query.before ?? Number.MAX_SAFE_INTEGER,
      query.limit,
    ) as FindingRow[];
    return toFindings(this.db, rows);
  }

  async get(id: number): Promise<(Finding & { history: FindingHistoryEntry[] }) | undefined> {
    const row = statement(this.db, `${FINDING_SELECT} WHERE f.id = ?`).get(id) as FindingRow | undefined;
    if (!row) return undefined;
    const [finding] = toFindings(this.db, [row]);
    const history = statement(
      this.db,
      `SELECT h.at, h.action, h.severity, u.username AS "by", h.note
       FROM finding_history h LEFT JOIN users u ON u.id = h.user_id
       WHERE h.finding_id = ? ORDER BY h.id`,
    ).all(id) as FindingHistoryEntry[];
    return { ...(finding as Finding), history };
  }

  /**
   * Each rule, severity and live status is counted on its own, as one range of the index `findings_live_counts`
   * (migration 024) over the organisation's path the finding carries. Grouping the live findings within reach
   * instead sorts every one of them, and joining each to its organisation looks up every organisation there:
   * at a province's root, 285,000 findings and 200,000 organisations, a quarter of a second in which the server
   * answered nobody, where the ranges take about 20 ms. The rules are read off the same index, one step each (a
   * finding may still carry a rule no longer run); severities are the domain's list, statuses the two live ones. The
   * repeated `status <> 'resolved'` is the index's own condition, which SQLite must see to use it. MATERIALIZED
   * keeps each range counted once, not once more to leave out the empty ones.
   */
  async summary(filter: OrgFilter): Promise<FindingCount[]> {
    const where = orgFilterSql('f.org_path', filter);
    return statement(
      this.db,
      `WITH RECURSIVE rules (rule) AS (
         SELECT min(rule) FROM findings WHERE status <> 'resolved'
         UNION ALL
         SELECT (SELECT min(f.rule) FROM findings f WHERE f.status <> 'resolved' AND f.rule > r.rule) FROM rules r WHERE r.rule IS NOT NULL
       ),
       severities (severity) AS (SELECT value FROM json_each(?)),
       statuses (status) AS (VALUES ('open'), ('acknowledged')),
       counted AS MATERIALIZED (
         SELECT r.rule, s.severity, t.status,
           (SELECT count(*) FROM findings f
            WHERE f.rule = r.rule AND f.severity = s.severity AND f.status = t.status AND f.status <> 'resolved' AND ${where.sql}) AS count
         FROM rules r, severities s, statuses t
         WHERE r.rule IS NOT NULL
       )
       SELECT rule, severity, status, count FROM counted WHERE count > 0 ORDER BY rule, severity, status`,
    ).all(JSON.stringify(SEVERITIES), ...where.params) as FindingCount[];
  }

  async thresholdRows(): Promise<ThresholdRow[]> {
    return thresholdRows(this.db);
  }
}

function thresholdRows(db: ReadableDb): ThresholdRow[] {
  const rows = statement(db, 'SELECT id, org_id AS orgId, org_kind AS orgKind, family, settings FROM diagnostic_thresholds ORDER BY id').all() as (Omit<
    ThresholdRow,
    'settings'
  > & { settings: string })[];
  return rows.map((row) => ({ ...row, settings: JSON.parse(row.settings) as Record<string, unknown> }));
}

interface LiveRow {
  status: FindingStatus;
  severity: Severity;
  orgId: number;
  rule: string;
  subject: string;
}

export class SqliteFindingWriter implements FindingWriter {
  constructor(private readonly db: WritableDb) {}

  async act(input: { id: number; action: 'acknowledge' | 'resolve'; actor: AuditActor; note: string | null; at: string }): Promise<FindingStatus | undefined> {
    return this.db.transaction((): FindingStatus | undefined => {
      const current = statement(this.db, 'SELECT status, severity, org_id AS orgId, rule, subject FROM findings WHERE id = ?').get(input.id) as LiveRow | undefined;
      if (!current || current.status === 'resolved') return undefined;
      // Acknowledging twice changes nothing and leaves no second trace: the first acknowledgement stands.
      if (input.action === 'acknowledge' && current.status === 'acknowledged') return 'acknowledged';
      const status: FindingStatus = input.action === 'acknowledge' ? 'acknowledged' : 'resolved';
      if (status === 'resolved') {
        statement(this.db, `UPDATE findings SET status = 'resolved', resolved_at = ?, resolved_by = ?, updated_at = ? WHERE id = ?`).run(
          input.at,
          input.actor.userId,
          input.at,
          input.id,
        );
      } else {
        statement(this.db, `UPDATE findings SET status = 'acknowledged', updated_at = ? WHERE id = ?`).run(input.at, input.id);
      }
      statement(this.db, 'INSERT INTO finding_history (finding_id, at, action, severity, user_id, note) VALUES (?, ?, ?, ?, ?, ?)').run(
        input.id,
        input.at,
        status,
        current.severity,
        input.actor.userId,
        input.note,
      );
      insertAudit(this.db, {
        at: input.at,
        actor: input.actor,
        action: `finding.${input.action}`,
        targetType: 'finding',
        targetId: String(input.id),
        orgId: current.orgId,
        summary: { rule: current.rule, subject: current.subject, severity: current.severity, before: current.status, after: status, note: input.note },
      });
      return status;
    }).immediate();
  }

  async setThresholds(input: {
    orgId: number | null;
    orgKind: string | null;
    family: ThresholdFamily;
    settings: Record<string, unknown> | null;
    actor: AuditActor;
    at: string;
  }): Promise<void> {
    this.db.transaction(() => {
      // The unique index is over ifnull(org_id, 0) and ifnull(org_kind, ''): the same expressions find the row.
      const before = statement(
        this.db,
        `SELECT id, settings FROM diagnostic_thresholds WHERE ifnull(org_id, 0) = ifnull(?, 0) AND ifnull(org_kind, '') = ifnull(?, '') AND family = ?`,
      ).get(input.orgId, input.orgKind, input.family) as { id: number; settings: string } | undefined;
      if (input.settings === null) {
        if (before) statement(this.db, 'DELETE FROM diagnostic_thresholds WHERE id = ?').run(before.id);
      } else if (before) {
        statement(this.db, 'UPDATE diagnostic_thresholds SET settings = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
          JSON.stringify(input.settings),
          input.at,
          input.actor.userId,
          before.id,
        );
      } else {
        statement(this.db, 'INSERT INTO diagnostic_thresholds (org_id, org_kind, family, settings, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)').run(
          input.orgId,
          input.orgKind,
          input.family,
          JSON.stringify(input.settings),
          input.at,
          input.actor.userId,
        );
      }
      const orgCode = input.orgId === null ? null : (statement(this.db, 'SELECT code FROM organisations WHERE id = ?').pluck().get(input.orgId) as string);
      insertAudit(this.db, {
        at: input.at,
        actor: input.actor,
        action: input.settings === null ? 'thresholds.remove' : 'thresholds.set',
        targetType: 'thresholds',
        targetId: `${orgCode ?? '*'}/${input.orgKind ?? '*'}/${input.family}`,
        orgId: input.orgId,
        summary: { before: before ? (JSON.parse(before.settings) as unknown) : null, after: input.settings },
      });
    }).immediate();
  }
}
