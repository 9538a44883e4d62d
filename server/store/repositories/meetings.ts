import type { MeetingOrigin, MeetingStatus } from '../../schemas/meetings.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { AuditActor } from './audit.ts';

export interface MeetingKind {
  code: string;
  nameZh: string;
  nameEn: string;
  cadence: string | null;
  /** false once retired */
  active: boolean;
}

export interface NewMeetingKind {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface Meeting {
  id: string;
  orgId: number;
  orgCode: string;
  orgPath: string;
  kind: string;
  title: string;
  place: string | null;
  startsAt: string;
  endsAt: string | null;
  origin: MeetingOrigin;
  status: MeetingStatus;
  /** when a kiosk closed it (its meeting.close's time); null while not closed. A scheduled meeting keeps its planned times beside it */
  closedAt: string | null;
  createdByUser: number | null;
  openedByKid: string | null;
  createdAt: string;
}

export interface NewScheduledMeeting {
  id: string;
  orgId: number;
  kind: string;
  title: string;
  place: string | null;
  startsAt: string;
  endsAt: string;
  createdByUser: number | null;
}

export interface NewAdHocMeeting {
  id: string;
  orgId: number;
  kind: string;
  title: string;
  startsAt: string;
  openedByKid: string;
}

/** A time window over meeting schedules: meetings that end after `from` and start before `to`. */
export interface MeetingWindow {
  from?: string;
  to?: string;
}

/** Where a page of the meeting list begins: after this meeting, in the list's order (start, then id). */
export interface MeetingMarker {
  startsAt: string;
  id: string;
}

export interface MeetingReader {
  /** every kind, retired ones too, in their display order */
  kinds(): Promise<MeetingKind[]>;
  byId(id: string): Promise<Meeting | undefined>;
  /** every meeting of the window within the filter (a kiosk's meetings around now), by start */
  list(filter: OrgFilter, window: MeetingWindow): Promise<Meeting[]>;
  /** up to `limit` meetings that start in [from, to) within the filter, after `after`, by start, then id */
  page(filter: OrgFilter, window: MeetingWindow, after: MeetingMarker | undefined, limit: number): Promise<Meeting[]>;
}

export interface MeetingWriter {
  /** ERR_MEETING_KIND_RETIRED when the kind is retired, checked in the same transaction: a retirement that took its turn first wins */
  schedule(meeting: NewScheduledMeeting, now: string, actor: AuditActor): Promise<Meeting>;
  /** a kind after the others in display order; ERR_MEETING_KIND_TAKEN when the code exists (retired or not) */
  addKind(kind: NewMeetingKind, now: string, actor: AuditActor): Promise<MeetingKind>;
  /** new names for a kind (retired or not); ERR_MEETING_KIND_NOT_FOUND */
  renameKind(code: string, names: { nameZh?: string; nameEn?: string }, now: string, actor: AuditActor): Promise<MeetingKind>;
  /** ERR_MEETING_KIND_NOT_FOUND, ERR_MEETING_KIND_RETIRED when it is already */
  retireKind(code: string, now: string, actor: AuditActor): Promise<MeetingKind>;
}
