import type { ReadableDb } from '../db-handles.ts';
import { anyOrgFilterSql, type OrgFilter } from '../org-filter.ts';
import type { Evidence, EvidenceReader } from '../repositories/evidence.ts';
import type { DayWindow } from '../repositories/histories.ts';
import { statement } from './statements.ts';

const CHECKIN_SELECT = `SELECT e.event_id AS eventId, e.log_index AS logIndex, e.kiosk_kid AS kioskKid, e.jws, 'checkin' AS type,
    m.member_number AS memberNumber, host.code AS orgCode, e.at, a.meeting_id AS meetingId, NULL AS transferId, a.attended_as AS attendedAs
  FROM attendance a
    JOIN events e ON e.event_id = a.event_id AND e.status = 'accepted'
    JOIN members m ON m.id = a.member_id
    JOIN organisations host ON host.id = a.host_org_id
    LEFT JOIN organisations home ON home.id = a.home_org_id`;

const ACCEPTANCE_SELECT = `SELECT e.event_id AS eventId, e.log_index AS logIndex, e.kiosk_kid AS kioskKid, e.jws, 'transfer.accept' AS type,
    m.member_number AS memberNumber, r.code AS orgCode, e.at, NULL AS meetingId, t.id AS transferId, NULL AS attendedAs
  FROM transfers t
    JOIN events e ON e.event_id = t.accept_event_id AND e.status = 'accepted'
    JOIN members m ON m.id = t.member_id
    JOIN organisations f ON f.id = t.from_org_id
    JOIN organisations r ON r.id = t.to_org_id
  WHERE t.status = 'accepted' AND t.accepted_via = 'kiosk'`;

export class SqliteEvidenceReader implements EvidenceReader {
  constructor(private readonly db: ReadableDb) {}

  async memberCheckins(memberId: number, window: DayWindow, scope: OrgFilter, limit: number): Promise<Evidence[]> {
    const inScope = anyOrgFilterSql(['host.path', 'home.path'], scope);
    return statement(this.db, `${CHECKIN_SELECT} WHERE a.member_id = ? AND a.at >= ? AND a.at < ? AND ${inScope.sql} ORDER BY a.at, a.id LIMIT ?`).all(
      memberId,
      window.fromInstant,
      window.untilInstant,
      ...inScope.params,
      limit,
    ) as Evidence[];
  }

  async memberAcceptances(memberId: number, window: DayWindow, scope: OrgFilter): Promise<Evidence[]> {
    const inScope = anyOrgFilterSql(['f.path', 'r.path'], scope);
    return statement(this.db, `${ACCEPTANCE_SELECT} AND t.member_id = ? AND t.closed_at >= ? AND t.closed_at < ? AND ${inScope.sql} ORDER BY t.closed_at, t.id`).all(
      memberId,
      window.fromInstant,
      window.untilInstant,
      ...inScope.params,
    ) as Evidence[];
  }

  async orgCheckins(orgId: number, window: DayWindow, limit: number): Promise<Evidence[]> {
    return statement(this.db, `${CHECKIN_SELECT} WHERE a.host_org_id = ? AND a.at >= ? AND a.at < ? ORDER BY a.at, a.id LIMIT ?`).all(
      orgId,
      window.fromInstant,
      window.untilInstant,
      limit,
    ) as Evidence[];
  }

  async orgAcceptances(orgId: number, window: DayWindow): Promise<Evidence[]> {
    return statement(this.db, `${ACCEPTANCE_SELECT} AND t.to_org_id = ? AND t.closed_at >= ? AND t.closed_at < ? ORDER BY t.closed_at, t.id`).all(
      orgId,
      window.fromInstant,
      window.untilInstant,
    ) as Evidence[];
  }
}
