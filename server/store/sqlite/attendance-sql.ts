import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type { AttendanceReader, AttendanceRecord, AttendanceWriter, MeetingTally, NewAttendance, RefusedCheckinRecord } from '../repositories/attendance.ts';
import { statement, uniqueViolation } from './statements.ts';

/**
 * Writes one attendance row. Synchronous and transaction-free on purpose: event ingest calls it inside
 * the transaction that stores its batch.
 */
export function insertAttendance(db: WritableDb, row: NewAttendance): 'recorded' | 'already-present' {
  try {
    statement(
      db,
      `INSERT INTO attendance (meeting_id, member_id, host_org_id, home_org_id, cross_org, attended_as, card_csn, kiosk_kid, at, recorded_at, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(row.meetingId, row.memberId, row.hostOrgId, row.homeOrgId, row.crossOrg ? 1 : 0, row.attendedAs, row.cardCsn, row.kioskKid, row.at, row.recordedAt, row.eventId);
    return 'recorded';
  } catch (error) {
    if (uniqueViolation(error) === 'attendance.meeting_id, attendance.member_id') return 'already-present';
    throw error;
  }
}

interface AttendanceRow extends Omit<AttendanceRecord, 'crossOrg'> {
  crossOrg: 0 | 1;
}

export class SqliteAttendanceReader implements AttendanceReader {
  constructor(private readonly db: ReadableDb) {}

  async forMeeting(meetingId: string): Promise<AttendanceRecord[]> {
    const rows = statement(
      this.db,
      `SELECT a.id, a.meeting_id AS meetingId, m.member_number AS memberNumber, m.name AS memberName, host.code AS hostOrgCode,
         home.code AS homeOrgCode, a.cross_org AS crossOrg, a.attended_as AS attendedAs, a.card_csn AS cardCsn, a.kiosk_kid AS kioskKid,
         a.at, a.recorded_at AS recordedAt, a.event_id AS eventId
       FROM attendance a
         JOIN members m ON m.id = a.member_id
         JOIN organisations host ON host.id = a.host_org_id
         LEFT JOIN organisations home ON home.id = a.home_org_id
       WHERE a.meeting_id = ? ORDER BY a.at, a.id`,
    ).all(meetingId) as AttendanceRow[];
    return rows.map((row) => ({ ...row, crossOrg: row.crossOrg === 1 }));
  }

  async refusedAt(meetingId: string): Promise<RefusedCheckinRecord[]> {
    const rows = statement(
      this.db,
      `SELECT e.event_id AS eventId, r.member_number AS memberNumber, m.name AS memberName,
         EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = r.meeting_id AND a.member_id = m.id) AS counted,
         e.kiosk_kid AS kioskKid, k.name AS kioskName, e.at, e.received_at AS receivedAt, e.code, e.jws
       FROM refused_checkins r
         JOIN events e ON e.id = r.event_row
         JOIN kiosks k ON k.kid = e.kiosk_kid
         LEFT JOIN members m ON m.member_number = r.member_number
       WHERE r.meeting_id = ? ORDER BY r.event_row`,
    ).all(meetingId) as (Omit<RefusedCheckinRecord, 'counted'> & { counted: 0 | 1 })[];
    return rows.map((row) => ({ ...row, counted: row.counted === 1 }));
  }

  async tallies(meetingIds: readonly string[]): Promise<Map<string, MeetingTally>> {
    if (meetingIds.length === 0) return new Map();
    // Refused members are counted once however often they tapped, and not at all once another tap counted them.
    const rows = statement(
      this.db,
      `SELECT g.value AS meetingId,
         (SELECT count(*) FROM attendance a WHERE a.meeting_id = g.value) AS checkedIn,
         (SELECT count(DISTINCT r.member_number) FROM refused_checkins r
           WHERE r.meeting_id = g.value
             AND NOT EXISTS (SELECT 1 FROM members m JOIN attendance a ON a.member_id = m.id AND a.meeting_id = r.meeting_id WHERE m.member_number = r.member_number)
         ) AS refused
       FROM json_each(?) g`,
    ).all(JSON.stringify(meetingIds)) as (MeetingTally & { meetingId: string })[];
    return new Map(rows.map(({ meetingId, ...tally }) => [meetingId, tally]));
  }
}

export class SqliteAttendanceWriter implements AttendanceWriter {
  constructor(private readonly db: WritableDb) {}

  async record(attendance: NewAttendance): Promise<'recorded' | 'already-present'> {
    return insertAttendance(this.db, attendance);
  }
}
