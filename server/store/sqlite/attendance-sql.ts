import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type { AttendanceReader, AttendanceRecord, AttendanceWriter, NewAttendance } from '../repositories/attendance.ts';
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
}

export class SqliteAttendanceWriter implements AttendanceWriter {
  constructor(private readonly db: WritableDb) {}

  async record(attendance: NewAttendance): Promise<'recorded' | 'already-present'> {
    return insertAttendance(this.db, attendance);
  }
}
