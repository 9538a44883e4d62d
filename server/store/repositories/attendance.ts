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

/** A signed check-in the server refused, with the meeting's view of its member. */
export interface RefusedCheckinRecord {
  eventId: string;
  memberNumber: string;
  /** null when the server has no member with the number the event names */
  memberName: string | null;
  /** the member is counted at the meeting all the same: another tap of theirs was accepted */
  counted: boolean;
  kioskKid: string;
  kioskName: string;
  /** the tap's time as the kiosk signed it (RFC 3339 with the kiosk's offset) */
  at: string;
  receivedAt: string;
  code: string;
  /** the event as received: the card's serial and the name on its credential are only in there */
  jws: string;
}

/** How many members a meeting counts, and how many more tapped but were refused and are not counted. */
export interface MeetingTally {
  checkedIn: number;
  refused: number;
}

export interface AttendanceReader {
  forMeeting(meetingId: string): Promise<AttendanceRecord[]>;
  /** the signed check-ins naming this meeting that the server refused, in the order they were received */
  refusedAt(meetingId: string): Promise<RefusedCheckinRecord[]>;
  /** each meeting's tally, by id (every id given has one) */
  tallies(meetingIds: readonly string[]): Promise<Map<string, MeetingTally>>;
}

export interface AttendanceWriter {
  /** 'already-present' when the member is already recorded at the meeting (a second tap) */
  record(attendance: NewAttendance): Promise<'recorded' | 'already-present'>;
}
