import { ApiError } from '../../errors.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { anyOrgFilterSql } from '../org-filter.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { MobileListFilter, MobilePeriod, MobilePeriodReader, MobilePeriodWriter, NewMobilePeriod } from '../repositories/mobile-periods.ts';
import { insertAudit } from './audit-sql.ts';
import { assertMembershipGoesOn } from './member-standing.ts';
import { statement } from './statements.ts';

export const MOBILE_SELECT = `SELECT p.id, p.member_id AS memberId, m.member_number AS memberNumber, m.name AS memberName,
    p.org_id AS orgId, o.code AS orgCode, o.name AS orgName, o.path AS orgPath,
    ho.code AS homeOrgCode, ho.name AS homeOrgName, ho.path AS homeOrgPath,
    p.valid_from AS validFrom, p.valid_to AS validTo, p.reason, p.ended_at AS endedAt, p.created_at AS createdAt
  FROM membership_periods p
    JOIN members m ON m.id = p.member_id
    JOIN organisations o ON o.id = p.org_id
    LEFT JOIN membership_periods h ON h.member_id = p.member_id AND h.kind = 'home'
      AND h.valid_from <= p.valid_from AND (h.valid_to IS NULL OR h.valid_to > p.valid_from)
    LEFT JOIN organisations ho ON ho.id = h.org_id
  WHERE p.kind = 'mobile'`;

/** Status on `today` as SQL (constant text), with how many times `today` is bound. */
const STATUS_SQL = {
  scheduled: { sql: 'p.valid_from > ?', binds: 1 },
  active: { sql: 'p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to > ?)', binds: 2 },
  ended: { sql: 'p.valid_to <= ? AND p.ended_at IS NOT NULL', binds: 1 },
  lapsed: { sql: 'p.valid_to <= ? AND p.ended_at IS NULL', binds: 1 },
} as const;

const mobileById = (db: ReadableDb, id: number): MobilePeriod | undefined => statement(db, `${MOBILE_SELECT} AND p.id = ?`).get(id) as MobilePeriod | undefined;

function requirePeriod(db: ReadableDb, id: number): MobilePeriod {
  const period = mobileById(db, id);
  if (!period) throw new ApiError('ERR_MOBILE_PERIOD_NOT_FOUND', `no mobile period has id ${id}`, { id });
  return period;
}

/**
 * The registration a change is made to, only while it still runs (or has not begun) on `today`: one that ended or
 * lapsed is history.
 */
function requireChangeable(db: WritableDb, id: number, today: string): MobilePeriod {
  const period = requirePeriod(db, id);
  if (period.validTo !== null && period.validTo <= today) {
    const status = period.endedAt === null ? 'lapsed' : 'ended';
    throw new ApiError('ERR_MOBILE_PERIOD_CLOSED', `the mobile period has ${status}`, { id, status });
  }
  return period;
}

/** One host at a time: any other mobile period of the member overlapping [from, to) is refused. */
function assertNoOverlap(db: WritableDb, memberId: number, from: string, to: string | null, exceptId: number): void {
  const overlapping = statement(
    db,
    `SELECT count(*) FROM membership_periods
     WHERE member_id = ? AND kind = 'mobile' AND id <> ? AND valid_from < coalesce(?, '9999-12-31') AND coalesce(valid_to, '9999-12-31') > ?`,
  ).pluck().get(memberId, exceptId, to, from) as number;
  if (overlapping > 0) throw new ApiError('ERR_PERIOD_OVERLAPS', 'the member already has a mobile period in that time');
}

const summaryOf = (period: MobilePeriod) => ({ org: period.orgCode, from: period.validFrom, to: period.validTo, reason: period.reason, endedAt: period.endedAt });

export class SqliteMobilePeriodReader implements MobilePeriodReader {
  constructor(private readonly db: ReadableDb) {}

  async byId(id: number): Promise<MobilePeriod | undefined> {
    return mobileById(this.db, id);
  }

  async list(filter: MobileListFilter): Promise<MobilePeriod[]> {
    const inScope = anyOrgFilterSql(['o.path', 'ho.path'], filter.scope);
    const status = filter.status === undefined ? undefined : STATUS_SQL[filter.status];
    const sql = `${MOBILE_SELECT} AND ${inScope.sql}${status ? ` AND ${status.sql}` : ''}${filter.memberId === undefined ? '' : ' AND p.member_id = ?'}
      AND p.id < ? ORDER BY p.id DESC LIMIT ?`;
    const params = [
      ...inScope.params,
      ...(status ? Array<string>(status.binds).fill(filter.today) : []),
      ...(filter.memberId === undefined ? [] : [filter.memberId]),
      filter.before ?? Number.MAX_SAFE_INTEGER,
      filter.limit,
    ];
    return statement(this.db, sql).all(...params) as MobilePeriod[];
  }
}

export class SqliteMobilePeriodWriter implements MobilePeriodWriter {
  constructor(private readonly db: WritableDb) {}

  async register(period: NewMobilePeriod, now: string, actor: AuditActor): Promise<MobilePeriod> {
    return this.db.transaction(() => {
      assertMembershipGoesOn(this.db, period.memberId, 'no organisation registers them as a mobile member');
      const homeOrgId = statement(this.db, `SELECT org_id FROM membership_periods WHERE member_id = ? AND kind = 'home' AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)`)
        .pluck()
        .get(period.memberId, period.validFrom, period.validFrom);
      if (homeOrgId === period.orgId) throw new ApiError('ERR_PERIOD_INVALID', 'a member cannot be a mobile member of their home organisation');
      assertNoOverlap(this.db, period.memberId, period.validFrom, period.validTo, 0);
      const id = statement(
        this.db,
        `INSERT INTO membership_periods (member_id, org_id, kind, valid_from, valid_to, reason, created_at) VALUES (?, ?, 'mobile', ?, ?, ?, ?) RETURNING id`,
      ).pluck().get(period.memberId, period.orgId, period.validFrom, period.validTo, period.reason, now) as number;
      const created = mobileById(this.db, id) as MobilePeriod;
      insertAudit(this.db, {
        at: now,
        actor,
        action: 'member.period.add',
        targetType: 'member',
        targetId: created.memberNumber,
        orgId: period.orgId,
        summary: { after: { kind: 'mobile', id, ...summaryOf(created) } },
      });
      return created;
    }).immediate();
  }

  async extend(id: number, to: string, today: string, now: string, actor: AuditActor): Promise<MobilePeriod> {
    return this.db.transaction(() => {
      const before = requireChangeable(this.db, id, today);
      if (before.validTo === null) throw new ApiError('ERR_PERIOD_INVALID', 'the period is open-ended; there is nothing to extend');
      if (to <= before.validTo) throw new ApiError('ERR_PERIOD_INVALID', `an extension must end after ${before.validTo}`, { to: before.validTo });
      assertNoOverlap(this.db, before.memberId, before.validFrom, to, id);
      statement(this.db, 'UPDATE membership_periods SET valid_to = ? WHERE id = ?').run(to, id);
      return this.audited(before, 'mobile.extend', now, actor);
    }).immediate();
  }

  async end(id: number, on: string, today: string, now: string, actor: AuditActor): Promise<MobilePeriod> {
    return this.db.transaction(() => {
      const before = requireChangeable(this.db, id, today);
      if (on < today) throw new ApiError('ERR_PERIOD_INVALID', 'a period cannot be ended in the past; attendance already recorded keeps its standing');
      if (on <= before.validFrom) throw new ApiError('ERR_PERIOD_INVALID', `the period begins ${before.validFrom}; it can end the day after at the earliest`);
      if (before.validTo !== null && on >= before.validTo) throw new ApiError('ERR_PERIOD_INVALID', `the period already ends ${before.validTo}`);
      statement(this.db, 'UPDATE membership_periods SET valid_to = ?, ended_at = ? WHERE id = ?').run(on, now, id);
      return this.audited(before, 'mobile.end', now, actor);
    }).immediate();
  }

  private audited(before: MobilePeriod, action: string, now: string, actor: AuditActor): MobilePeriod {
    const after = mobileById(this.db, before.id) as MobilePeriod;
    insertAudit(this.db, {
      at: now,
      actor,
      action,
      targetType: 'member',
      targetId: after.memberNumber,
      orgId: after.orgId,
      summary: { id: after.id, before: summaryOf(before), after: summaryOf(after) },
    });
    return after;
  }
}
