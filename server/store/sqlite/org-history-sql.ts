import type { ReadableDb } from '../db-handles.ts';
import type { DayWindow, ElsewhereRow, GuestRow, HomeSpan, OrgHistoryReader, OrgMeetingRow } from '../repositories/histories.ts';
import { statement } from './statements.ts';

export class SqliteOrgHistoryReader implements OrgHistoryReader {
  constructor(private readonly db: ReadableDb) {}

  async meetingsHeld(orgId: number, window: DayWindow, now: string): Promise<OrgMeetingRow[]> {
    return statement(
      this.db,
      `SELECT mt.id, mt.kind, mt.title, mt.starts_at AS startsAt,
         (SELECT count(*) FROM attendance a WHERE a.meeting_id = mt.id AND a.attended_as = 'home') AS attended,
         (SELECT count(*) FROM attendance a WHERE a.meeting_id = mt.id AND a.attended_as <> 'home') AS guests
       FROM meetings mt
       WHERE mt.org_id = ? AND mt.status <> 'cancelled' AND mt.starts_at >= ? AND mt.starts_at < ? AND mt.starts_at < ?
       ORDER BY mt.starts_at, mt.id`,
    ).all(orgId, window.fromInstant, window.untilInstant, now) as OrgMeetingRow[];
  }

  async homeSpans(orgId: number, window: DayWindow): Promise<HomeSpan[]> {
    return statement(
      this.db,
      `SELECT valid_from AS validFrom, valid_to AS validTo FROM membership_periods
       WHERE org_id = ? AND kind = 'home' AND valid_from < ? AND (valid_to IS NULL OR valid_to > ?)`,
    ).all(orgId, window.until, window.from) as HomeSpan[];
  }

  async attendedElsewhere(orgId: number, window: DayWindow): Promise<ElsewhereRow[]> {
    return statement(
      this.db,
      `SELECT m.member_number AS member, m.name, host.code AS hostOrg, host.name AS hostOrgName, count(*) AS count
       FROM attendance a JOIN members m ON m.id = a.member_id JOIN organisations host ON host.id = a.host_org_id
       WHERE a.home_org_id = ? AND a.host_org_id <> ? AND a.at >= ? AND a.at < ?
       GROUP BY a.member_id, a.host_org_id ORDER BY m.member_number, host.code`,
    ).all(orgId, orgId, window.fromInstant, window.untilInstant) as ElsewhereRow[];
  }

  async guests(orgId: number, window: DayWindow): Promise<GuestRow[]> {
    return statement(
      this.db,
      `SELECT m.member_number AS member, m.name, home.code AS homeOrg, home.name AS homeOrgName, count(*) AS count,
         sum(a.attended_as = 'mobile') AS asMobile
       FROM attendance a JOIN members m ON m.id = a.member_id LEFT JOIN organisations home ON home.id = a.home_org_id
       WHERE a.host_org_id = ? AND a.attended_as <> 'home' AND a.at >= ? AND a.at < ?
       GROUP BY a.member_id, a.home_org_id ORDER BY m.member_number, home.code`,
    ).all(orgId, window.fromInstant, window.untilInstant) as GuestRow[];
  }
}
