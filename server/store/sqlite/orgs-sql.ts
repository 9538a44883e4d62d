import { ApiError } from '../../errors.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { orgFilterSql, sortPathFilterSql, type OrgFilter } from '../org-filter.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { NewOrg, Org, OrgReader, OrgWithChildCount, OrgWriter } from '../repositories/orgs.ts';
import { insertAudit } from './audit-sql.ts';
import { statement, uniqueViolation } from './statements.ts';

const ORG_SELECT = `SELECT o.id, o.code, o.name, o.kind, o.parent_id AS parentId, p.code AS parentCode, o.path, o.depth, o.created_at AS createdAt
  FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id`;

export const orgById = (db: ReadableDb, id: number): Org | undefined => statement(db, `${ORG_SELECT} WHERE o.id = ?`).get(id) as Org | undefined;

export const orgByCode = (db: ReadableDb, code: string): Org | undefined =>
  statement(db, `${ORG_SELECT} WHERE o.code = ?`).get(code) as Org | undefined;

/** `text` in a LIKE pattern, its own %, _ and \ taken literally (LIKE ignores the case of ASCII letters). */
const literal = (text: string): string => text.replace(/[\\%_]/g, (special) => `\\${special}`);

/**
 * `text` as a phrase of the search index (migration 025): of trigrams, so it needs three characters or more. A NUL
 * ends the text for FTS5's query parser (and for LIKE): such text is left to the range read, which keeps what LIKE
 * makes of it.
 */
const indexPhrase = (text: string): string | undefined => ([...text].length >= 3 && !text.includes('\0') ? `"${text.replaceAll('"', '""')}"` : undefined);

/**
 * Up to this many organisations holding a search's text, they are read through the index and put in tree order
 * (a few milliseconds at most). When more hold it, a word that common is usually met soon in the range read in
 * tree order: at 2,000 of a province's 200,000, every hundredth organisation.
 */
const INDEXED_MATCHES_MAX = 2000;

/** Whether few organisations anywhere hold the phrase: the index stops counting past INDEXED_MATCHES_MAX. */
const fewHold = (db: ReadableDb, phrase: string): boolean =>
  (statement(db, 'SELECT count(*) FROM (SELECT rowid FROM organisation_search WHERE organisation_search MATCH ? LIMIT ?)').pluck().get(phrase, INDEXED_MATCHES_MAX + 1) as number) <=
  INDEXED_MATCHES_MAX;

export class SqliteOrgReader implements OrgReader {
  constructor(private readonly db: ReadableDb) {}

  async byId(id: number): Promise<Org | undefined> {
    return orgById(this.db, id);
  }

  async byCode(code: string): Promise<Org | undefined> {
    return orgByCode(this.db, code);
  }

  async list(filter: OrgFilter, maxDepth = Number.MAX_SAFE_INTEGER, limit = -1): Promise<Org[]> {
    const where = sortPathFilterSql('o.sort_path', filter);
    return statement(this.db, `${ORG_SELECT} WHERE ${where.sql} AND o.depth <= ? ORDER BY o.sort_path LIMIT ?`).all(...where.params, maxDepth, limit) as Org[];
  }

  async byCodes(filter: OrgFilter, codes: readonly string[]): Promise<Org[]> {
    const where = orgFilterSql('o.path', filter);
    return statement(this.db, `${ORG_SELECT} WHERE o.code IN (SELECT value FROM json_each(?)) AND ${where.sql} ORDER BY o.sort_path`).all(JSON.stringify(codes), ...where.params) as Org[];
  }

  /**
   * The exact code first (as typed, or in capitals, as codes are usually written), then the organisations whose
   * name contains the text or whose code starts with it, in tree order, either in any case of Latin letters. Text
   * few organisations hold (nothing, a rare name, most of a code) is looked up in the search index and only those
   * are read: at a province's 200,000 a tenth of a millisecond when nothing matches, where reading them all took 45.
   * Otherwise the range is read in tree order until `limit` match: under a millisecond for a common word, but a text
   * of one or two characters that nothing matches (the index needs three) still reads the whole range, as does a
   * common text whose matches all lie late in tree order (the start of a city's codes).
   */
  async search(filter: OrgFilter, text: string, limit: number): Promise<Org[]> {
    const where = orgFilterSql('o.path', filter);
    const exactly = statement(this.db, `${ORG_SELECT} WHERE o.code = ? AND ${where.sql}`);
    const exact = [...new Set([text, text.toUpperCase()])].map((code) => exactly.get(code, ...where.params) as Org | undefined).find((org) => org !== undefined);
    const range = sortPathFilterSql('o.sort_path', filter);
    const matching = `(o.name LIKE ? ESCAPE '\\' OR o.code LIKE ? ESCAPE '\\') AND o.id IS NOT ?`;
    const matchingParams = [`%${literal(text)}%`, `${literal(text)}%`, exact?.id ?? null];
    const phrase = indexPhrase(text);
    const found =
      phrase !== undefined && fewHold(this.db, phrase)
        ? statement(
            this.db,
            `${ORG_SELECT} WHERE o.id IN (SELECT rowid FROM organisation_search WHERE organisation_search MATCH ?) AND ${range.sql} AND ${matching} ORDER BY o.sort_path LIMIT ?`,
          ).all(phrase, ...range.params, ...matchingParams, limit)
        : statement(this.db, `${ORG_SELECT} WHERE ${range.sql} AND ${matching} ORDER BY o.sort_path LIMIT ?`).all(...range.params, ...matchingParams, limit);
    return [...(exact ? [exact] : []), ...(found as Org[])].slice(0, limit);
  }

  async children(parentId: number, filter: OrgFilter, limit: number): Promise<OrgWithChildCount[]> {
    const where = orgFilterSql('+o.path', filter);
    return statement(
      this.db,
      `SELECT o.id, o.code, o.name, o.kind, o.parent_id AS parentId, p.code AS parentCode, o.path, o.depth, o.created_at AS createdAt,
         (SELECT count(*) FROM organisations c WHERE c.parent_id = o.id) AS childCount
       FROM organisations o JOIN organisations p ON p.id = o.parent_id
       WHERE o.parent_id = ? AND ${where.sql} ORDER BY o.id LIMIT ?`,
    ).all(parentId, ...where.params, limit) as OrgWithChildCount[];
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
