import type { AttendedAs } from '../../schemas/meetings.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { MembershipPeriod } from './members.ts';
import type { MobilePeriod } from './mobile-periods.ts';
import type { Transfer } from './transfers.ts';

/**
 * A window of whole days of the organisation's calendar, twice: as days, for the dates stored as days (periods),
 * and as the instants those days begin in its zone, for the UTC timestamps (`at >= fromInstant AND at <
 * untilInstant`). An open end is a day before or after every date, which also sorts before or after every timestamp.
 */
export interface DayWindow {
  /** first day, inclusive (YYYY-MM-DD) */
  from: string;
  /** the day after the last, exclusive (YYYY-MM-DD) */
  until: string;
  /** the instant `from` begins (UTC ISO) */
  fromInstant: string;
  /** the instant `until` begins (UTC ISO) */
  untilInstant: string;
}

export interface HistoryPeriod extends MembershipPeriod {
  orgName: string;
}

export interface MemberAttendance {
  id: number;
  meetingId: string;
  at: string;
  kind: string;
  title: string;
  startsAt: string;
  hostOrgCode: string;
  hostOrgName: string;
  homeOrgCode: string | null;
  attendedAs: AttendedAs;
  eventId: string;
  kioskKid: string | null;
  logIndex: number | null;
}

/** Keyset position in attendance, newest first: the next page starts after (at, id). */
export interface AttendancePosition {
  at: string;
  id: number;
}

export interface AttendanceQuery {
  window: DayWindow;
  kind?: string;
  /** attendance shows where the host or the member's home at the time is within this */
  scope: OrgFilter;
}

export interface MemberHistoryReader {
  homePeriods(memberId: number, window: DayWindow): Promise<HistoryPeriod[]>;
  mobilePeriods(memberId: number, window: DayWindow): Promise<MobilePeriod[]>;
  transfers(memberId: number, window: DayWindow): Promise<Transfer[]>;
  attendance(memberId: number, query: AttendanceQuery, page: { after?: AttendancePosition; limit: number }): Promise<MemberAttendance[]>;
  countAttendance(memberId: number, query: AttendanceQuery): Promise<number>;
}

export interface OrgMeetingRow {
  id: string;
  kind: string;
  title: string;
  startsAt: string;
  attended: number;
  guests: number;
}

/** A home period at an organisation, as far as who it expects at a meeting on a given day. */
export interface HomeSpan {
  validFrom: string;
  validTo: string | null;
}

export interface ElsewhereRow {
  member: string;
  name: string;
  hostOrg: string;
  hostOrgName: string;
  count: number;
}

export interface GuestRow {
  member: string;
  name: string;
  homeOrg: string | null;
  homeOrgName: string | null;
  count: number;
  asMobile: number;
}

export interface OrgHistoryReader {
  /** meetings held (not cancelled, begun before `now`) in the window, with attendance */
  meetingsHeld(orgId: number, window: DayWindow, now: string): Promise<OrgMeetingRow[]>;
  /** the home periods at the organisation that overlap the window: the members each of its meetings expected */
  homeSpans(orgId: number, window: DayWindow): Promise<HomeSpan[]>;
  /** the organisation's members (home at the time) at other organisations' meetings, per member and host */
  attendedElsewhere(orgId: number, window: DayWindow): Promise<ElsewhereRow[]>;
  /** members of other organisations at its meetings (mobile members and visitors), per member and home */
  guests(orgId: number, window: DayWindow): Promise<GuestRow[]>;
}
