import type { AttendedAs } from '../../schemas/meetings.ts';

export interface AttendanceRecord {
  id: number;
  meetingId: string;
  memberNumber: string;
  memberName: string;
  hostOrgCode: string;
  homeOrgCode: string | null;
  crossOrg: boolean;
  attendedAs: AttendedAs;
  cardCsn: string | null;
  kioskKid: string | null;
  at: string;
  recordedAt: string;
  eventId: string;
}

export interface NewAttendance {
  meetingId: string;
  memberId: number;
  hostOrgId: number;
  homeOrgId: number | null;
  crossOrg: boolean;
  attendedAs: AttendedAs;
  cardCsn: string | null;
  kioskKid: string | null;
  at: string;
  recordedAt: string;
  eventId: string;
}

export interface AttendanceReader {
  forMeeting(meetingId: string): Promise<AttendanceRecord[]>;
}

export interface AttendanceWriter {
  /** 'already-present' when the member is already recorded at the meeting (a second tap) */
  record(attendance: NewAttendance): Promise<'recorded' | 'already-present'>;
}
