import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { orgFilterSql, type OrgFilter } from '../org-filter.ts';
import type { AuditActor, AuditReader, AuditRecord } from '../repositories/audit.ts';
import { assertActorSessionGoesOn } from './actor-session-sql.ts';
import { statement } from './statements.ts';

export interface AuditRow {
  at: string;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string;
  orgId: number | null;
  summary: Record<string, unknown>;
}

/**
 * Called inside the transaction of the write it describes, so the trail and the data never disagree. Every write by a
 * person leaves a row, so the row is where the session is checked again: one that ended since the request was let in
 * refuses the row, and so undoes the whole write.
 */
export function insertAudit(db: WritableDb, row: AuditRow): void {
  assertActorSessionGoesOn(db, row.actor);
  statement(
    db,
    `INSERT INTO audit_log (at, actor, actor_user_id, action, target_type, target_id, org_id, summary)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.at, row.actor.label, row.actor.userId, row.action, row.targetType, row.targetId, row.orgId, JSON.stringify(row.summary));
}

interface AuditSqlRow extends Omit<AuditRecord, 'summary'> {
  summary: string;
}

export class SqliteAuditReader implements AuditReader {
  constructor(private readonly db: ReadableDb) {}

  async list(filter: OrgFilter, page: { before?: number; limit: number }): Promise<AuditRecord[]> {
    const where = orgFilterSql('o.path', filter);
    const scope = filter.kind === 'all' ? '1 = 1' : `a.org_id IS NOT NULL AND ${where.sql}`;
    const rows = statement(
      this.db,
      `SELECT a.id, a.at, a.actor, a.action, a.target_type AS targetType, a.target_id AS targetId, o.code AS orgCode, a.summary
       FROM audit_log a LEFT JOIN organisations o ON o.id = a.org_id
       WHERE ${scope} AND a.id < ?
       ORDER BY a.id DESC LIMIT ?`,
    ).all(...where.params, page.before ?? Number.MAX_SAFE_INTEGER, page.limit) as AuditSqlRow[];
    return rows.map((row) => ({ ...row, summary: JSON.parse(row.summary) as Record<string, unknown> }));
  }
}
