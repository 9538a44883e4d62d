import { ApiError } from '../../errors.ts';
import { EventLoopTurns } from '../../event-loop-turns.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { orgFilterSql, type OrgFilter } from '../org-filter.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type {
  ImportRowOutcome,
  Member,
  MemberReader,
  MemberStatusChange,
  MemberStatusCorrection,
  MemberStatusCorrectionOutcome,
  MemberStatusOutcome,
  MemberSummary,
  MemberWriter,
  MembershipPeriod,
  NewMember,
  RosterMember,
} from '../repositories/members.ts';
import { immediateTransaction } from './async-transaction.ts';
import { insertAudit } from './audit-sql.ts';
import { applyStatusCorrection } from './member-status-correction-sql.ts';
import { applyStatusChange } from './member-status-sql.ts';
import { statement, uniqueViolation } from './statements.ts';
import { coversLargePart } from './tree-share.ts';

const MEMBER_SELECT = `SELECT id, member_number AS memberNumber, name, idh, status, status_since AS statusSince, status_reason AS statusReason,
    created_at AS createdAt, updated_at AS updatedAt FROM members`;

const PERIOD_SELECT = `SELECT p.id, p.member_id AS memberId, p.org_id AS orgId, o.code AS orgCode, o.path AS orgPath, p.kind,
    p.valid_from AS validFrom, p.valid_to AS validTo
  FROM membership_periods p JOIN organisations o ON o.id = p.org_id`;

/** The periods covering `date` (YYYY-MM-DD). Exported for event ingest, which runs it inside its own transaction. */
export const periodsAt = (db: ReadableDb, memberId: number, date: string): MembershipPeriod[] =>
  statement(db, `${PERIOD_SELECT} WHERE p.member_id = ? AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to > ?) ORDER BY p.kind, p.valid_from`).all(
    memberId,
    date,
    date,
  ) as MembershipPeriod[];

export const memberByNumber = (db: ReadableDb, memberNumber: string): Member | undefined =>
  statement(db, `${MEMBER_SELECT} WHERE member_number = ?`).get(memberNumber) as Member | undefined;

/** How a page of the member list is read: see tree-share.ts. */
const BY_NUMBER = 'FROM members m CROSS JOIN membership_periods p ON p.member_id = m.id CROSS JOIN organisations o ON o.id = p.org_id';
const BY_HOME = 'FROM organisations o CROSS JOIN membership_periods p INDEXED BY membership_periods_org ON p.org_id = o.id CROSS JOIN members m ON m.id = p.member_id';

export class SqliteMemberReader implements MemberReader {
  constructor(private readonly db: ReadableDb) {}

  async byNumber(memberNumber: string): Promise<Member | undefined> {
    return memberByNumber(this.db, memberNumber);
  }

  async byIdh(idh: string): Promise<Member | undefined> {
    return statement(this.db, `${MEMBER_SELECT} WHERE idh = ?`).get(idh) as Member | undefined;
  }

  async periods(memberId: number): Promise<MembershipPeriod[]> {
    return statement(this.db, `${PERIOD_SELECT} WHERE p.member_id = ? ORDER BY p.valid_from, p.id`).all(memberId) as MembershipPeriod[];
  }

  async periodsAt(memberId: number, date: string): Promise<MembershipPeriod[]> {
    return periodsAt(this.db, memberId, date);
  }

  async listByHome(filter: OrgFilter, date: string, page: { after?: string; limit: number }): Promise<MemberSummary[]> {
    const where = orgFilterSql('o.path', filter);
    return statement(
      this.db,
      `SELECT m.member_number AS memberNumber, m.name, m.status, o.code AS homeOrgCode
       ${coversLargePart(this.db, filter) ? BY_NUMBER : BY_HOME}
       WHERE p.kind = 'home' AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to > ?) AND ${where.sql} AND m.member_number > ?
       ORDER BY m.member_number LIMIT ?`,
    ).all(date, date, ...where.params, page.after ?? '', page.limit) as MemberSummary[];
  }

  async roster(filter: OrgFilter, date: string): Promise<RosterMember[]> {
    const where = orgFilterSql('o.path', filter);
    return statement(
      this.db,
      `SELECT m.member_number AS memberNumber, m.name, m.status, o.code AS homeOrgCode, o.name AS homeOrgName
       FROM membership_periods p JOIN members m ON m.id = p.member_id JOIN organisations o ON o.id = p.org_id
       WHERE p.kind = 'home' AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to > ?) AND ${where.sql} AND m.status = 'active'
       ORDER BY m.member_number`,
    ).all(date, date, ...where.params) as RosterMember[];
  }

  async rosterVersion(treePath: string): Promise<number> {
    // Kept by the database's own triggers (migration 031), whoever writes.
    return (statement(this.db, 'SELECT version FROM roster_versions WHERE tree = ?').pluck().get(treePath) as number | undefined) ?? 0;
  }
}

function conflictOf(error: unknown): 'member_number' | 'idh' | undefined {
  const column = uniqueViolation(error);
  if (column === 'members.member_number') return 'member_number';
  if (column === 'members.idh') return 'idh';
  return undefined;
}

export class SqliteMemberWriter implements MemberWriter {
  constructor(private readonly db: WritableDb) {}

  /** Inserts one member with its home period and audit row; the caller provides the transaction. */
  private insert(member: NewMember, now: string, actor: AuditActor, action: string): Member {
    const id = statement(
      this.db,
      `INSERT INTO members (member_number, name, id_number_sealed, idh, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'active', ?, ?) RETURNING id`,
    ).pluck().get(member.memberNumber, member.name, member.idNumberSealed, member.idh, now, now) as number;
    statement(
      this.db,
      `INSERT INTO membership_periods (member_id, org_id, kind, valid_from, valid_to, created_at) VALUES (?, ?, 'home', ?, NULL, ?)`,
    ).run(id, member.homeOrgId, member.since, now);
    insertAudit(this.db, {
      at: now,
      actor,
      action,
      targetType: 'member',
      targetId: member.memberNumber,
      orgId: member.homeOrgId,
      // The ID number is deliberately absent: the trail must not become a second copy of it.
      summary: { after: { memberNumber: member.memberNumber, name: member.name, homeOrgId: member.homeOrgId, since: member.since } },
    });
    return memberByNumber(this.db, member.memberNumber) as Member;
  }

  async create(member: NewMember, now: string, actor: AuditActor): Promise<Member> {
    try {
      return this.db.transaction(() => this.insert(member, now, actor, 'member.create')).immediate();
    } catch (error) {
      const conflict = conflictOf(error);
      if (conflict === 'member_number') throw new ApiError('ERR_MEMBER_NUMBER_TAKEN', `member number ${member.memberNumber} is taken`);
      if (conflict === 'idh') throw new ApiError('ERR_ID_NUMBER_TAKEN', 'a member with this ID number exists');
      throw error;
    }
  }

  /**
   * One transaction for the whole file, so it lands whole or not at all (a session that ended meanwhile undoes it
   * all), written a few milliseconds at a time: between slices the event loop answers other requests, their reads on
   * the read-only connection, while the store's write lock, held until the commit, keeps every other write out.
   */
  async importMany(members: NewMember[], now: string, actor: AuditActor): Promise<ImportRowOutcome[]> {
    const turns = new EventLoopTurns();
    return immediateTransaction(this.db, async () => {
      const outcomes: ImportRowOutcome[] = [];
      for (const member of members) {
        await turns.next();
        outcomes.push(this.importOne(member, now, actor));
      }
      return outcomes;
    });
  }

  private importOne(member: NewMember, now: string, actor: AuditActor): ImportRowOutcome {
    try {
      // A nested transaction is a savepoint: a colliding row is undone alone and the batch goes on.
      this.db.transaction(() => this.insert(member, now, actor, 'member.import'))();
      return { ok: true };
    } catch (error) {
      const conflict = conflictOf(error);
      if (conflict) return { ok: false, conflict };
      throw error;
    }
  }

  async changeStatus(change: MemberStatusChange, now: string, actor: AuditActor): Promise<MemberStatusOutcome> {
    return this.db.transaction(() => {
      const { memberNumber, ...ended } = applyStatusChange(this.db, change, now, actor);
      return { member: memberByNumber(this.db, memberNumber) as Member, ...ended };
    }).immediate();
  }

  async correctStatus(correction: MemberStatusCorrection, now: string, actor: AuditActor): Promise<MemberStatusCorrectionOutcome> {
    return this.db.transaction(() => {
      const { memberNumber, ...corrected } = applyStatusCorrection(this.db, correction, now, actor);
      return { member: memberByNumber(this.db, memberNumber) as Member, ...corrected };
    }).immediate();
  }
}
