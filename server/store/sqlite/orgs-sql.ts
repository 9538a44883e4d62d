import { ApiError } from '../../errors.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { orgFilterSql, type OrgFilter } from '../org-filter.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { NewOrg, Org, OrgReader, OrgWriter } from '../repositories/orgs.ts';
import { insertAudit } from './audit-sql.ts';
import { statement, uniqueViolation } from './statements.ts';

const ORG_SELECT = `SELECT o.id, o.code, o.name, o.kind, o.parent_id AS parentId, p.code AS parentCode, o.path, o.depth, o.created_at AS createdAt
  FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id`;

export const orgById = (db: ReadableDb, id: number): Org | undefined => statement(db, `${ORG_SELECT} WHERE o.id = ?`).get(id) as Org | undefined;

export const orgByCode = (db: ReadableDb, code: string): Org | undefined =>
  statement(db, `${ORG_SELECT} WHERE o.code = ?`).get(code) as Org | undefined;

export class SqliteOrgReader implements OrgReader {
  constructor(private readonly db: ReadableDb) {}

  async byId(id: number): Promise<Org | undefined> {
    return orgById(this.db, id);
  }

  async byCode(code: string): Promise<Org | undefined> {
    return orgByCode(this.db, code);
  }

  async list(filter: OrgFilter, maxDepth = Number.MAX_SAFE_INTEGER): Promise<Org[]> {
    const where = orgFilterSql('o.path', filter);
    return statement(this.db, `${ORG_SELECT} WHERE ${where.sql} AND o.depth <= ? ORDER BY o.path`).all(...where.params, maxDepth) as Org[];
  }
}

export class SqliteOrgWriter implements OrgWriter {
  constructor(private readonly db: WritableDb) {}

  async create(org: NewOrg, actor: AuditActor): Promise<Org> {
    return this.db.transaction(() => {
      let id: number;
      try {
        // The path needs the new id, so the row is written with a provisional unique path first.
        id = statement(
          this.db,
          `INSERT INTO organisations (code, name, kind, parent_id, path, depth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        ).pluck().get(org.code, org.name, org.kind, org.parent?.id ?? null, `#${org.code}`, org.parent ? org.parent.depth + 1 : 0, org.now) as number;
      } catch (error) {
        if (uniqueViolation(error) === 'organisations.code') throw new ApiError('ERR_ORG_CODE_TAKEN', `organisation code ${org.code} is taken`);
        throw error;
      }
      statement(this.db, 'UPDATE organisations SET path = ? WHERE id = ?').run(`${org.parent?.path ?? '/'}${id}/`, id);
      const created = orgById(this.db, id) as Org;
      insertAudit(this.db, {
        at: org.now,
        actor,
        action: 'org.create',
        targetType: 'org',
        targetId: created.code,
        orgId: created.id,
        summary: { after: { code: created.code, name: created.name, kind: created.kind, parent: created.parentCode } },
      });
      return created;
    }).immediate();
  }
}
