import type { ReadableDb } from '../db-handles.ts';
import { anyOrgFilterSql } from '../org-filter.ts';
import type { AttendancePosition, AttendanceQuery, DayWindow, HistoryPeriod, MemberAttendance, MemberHistoryReader } from '../repositories/histories.ts';
import type { MobilePeriod } from '../repositories/mobile-periods.ts';
import type { Transfer } from '../repositories/transfers.ts';
import { MOBILE_SELECT } from './mobile-periods-sql.ts';
import { statement } from './statements.ts';
import { TRANSFER_SELECT } from './transfers-sql.ts';

const ATTENDANCE_FROM = `FROM attendance a
    JOIN meetings mt ON mt.id = a.meeting_id
    JOIN organisations host ON host.id = a.host_org_id
    LEFT JOIN organisations home ON home.id = a.home_org_id`;

/** The member's attendance in the window (and kind), where the host or the home at the time is in scope. */
function attendanceWhere(memberId: number, query: AttendanceQuery): { sql: string; params: (string | number | null)[] } {
  const inScope = anyOrgFilterSql(['host.path', 'home.path'], query.scope);
  return {
    sql: `a.member_id = ? AND a.at >= ? AND a.at < ? AND (? IS NULL OR mt.kind = ?) AND ${inScope.sql}`,
    params: [memberId, query.window.fromInstant, query.window.untilInstant, query.kind ?? null, query.kind ?? null, ...inScope.params],
  };
}

export class SqliteMemberHistoryReader implements MemberHistoryReader {
  constructor(private readonly db: ReadableDb) {}

  async homePeriods(memberId: number, window: DayWindow): Promise<HistoryPeriod[]> {
    return statement(
      this.db,
      `SELECT p.id, p.member_id AS memberId, p.org_id AS orgId, o.code AS orgCode, o.path AS orgPath, o.name AS orgName, p.kind,
         p.valid_from AS validFrom, p.valid_to AS validTo
       FROM membership_periods p JOIN organisations o ON o.id = p.org_id
       WHERE p.member_id = ? AND p.kind = 'home' AND p.valid_from < ? AND (p.valid_to IS NULL OR p.valid_to > ?)
       ORDER BY p.valid_from, p.id`,
    ).all(memberId, window.until, window.from) as HistoryPeriod[];
  }

  async mobilePeriods(memberId: number, window: DayWindow): Promise<MobilePeriod[]> {
    return statement(this.db, `${MOBILE_SELECT} AND p.member_id = ? AND p.valid_from < ? AND (p.valid_to IS NULL OR p.valid_to > ?) ORDER BY p.valid_from, p.id`).all(
      memberId,
      window.until,
      window.from,
    ) as MobilePeriod[];
  }

  async transfers(memberId: number, window: DayWindow): Promise<Transfer[]> {
    return statement(this.db, `${TRANSFER_SELECT} WHERE t.member_id = ? AND t.issued_at >= ? AND t.issued_at < ? ORDER BY t.issued_at, t.id`).all(
      memberId,
      window.fromInstant,
      window.untilInstant,
    ) as Transfer[];
  }

  async attendance(memberId: number, query: AttendanceQuery, page: { after?: AttendancePosition; limit: number }): Promise<MemberAttendance[]> {
    const where = attendanceWhere(memberId, query);
    // Keyset paging, newest first: (at, id) below the last one shown. '~' sorts after every timestamp.
    const after = page.after ?? { at: '~', id: 0 };
    return statement(
      this.db,
      `SELECT a.id, a.meeting_id AS meetingId, a.at, mt.kind, mt.title, mt.starts_at AS startsAt, host.code AS hostOrgCode, host.name AS hostOrgName,
         home.code AS homeOrgCode, a.attended_as AS attendedAs, a.event_id AS eventId, a.kiosk_kid AS kioskKid, e.log_index AS logIndex
       ${ATTENDANCE_FROM}
         LEFT JOIN events e ON e.event_id = a.event_id AND e.status = 'accepted'
       WHERE ${where.sql} AND (a.at < ? OR (a.at = ? AND a.id < ?))
       ORDER BY a.at DESC, a.id DESC LIMIT ?`,
    ).all(...where.params, after.at, after.at, after.id === 0 ? Number.MAX_SAFE_INTEGER : after.id, page.limit) as MemberAttendance[];
  }

  async countAttendance(memberId: number, query: AttendanceQuery): Promise<number> {
    const where = attendanceWhere(memberId, query);
    return statement(this.db, `SELECT count(*) ${ATTENDANCE_FROM} WHERE ${where.sql}`).pluck().get(...where.params) as number;
  }
}
