import type { OrgCalendar } from '../../shared/org-calendar.ts';
import type { MemberHistory } from '../domain/histories/member-history.ts';
import type { OrgHistory } from '../domain/histories/org-history.ts';
import type { HistoryAttendanceView, MemberHistoryQuery, MemberHistoryView, OrgHistoryQuery, OrgHistoryView } from '../schemas/histories.ts';
import type { MemberAttendance } from '../store/repositories/histories.ts';
import type { CsvTable } from './csv.ts';
import { mobilePeriodView } from './mobile-views.ts';
import { transferView } from './transfer-views.ts';

export const attendanceEntryView = (entry: MemberAttendance): HistoryAttendanceView => ({
  meeting: entry.meetingId,
  at: entry.at,
  kind: entry.kind,
  title: entry.title,
  startsAt: entry.startsAt,
  hostOrg: entry.hostOrgCode,
  hostOrgName: entry.hostOrgName,
  homeOrg: entry.homeOrgCode,
  attendedAs: entry.attendedAs,
  guest: entry.attendedAs !== 'home',
  votingRights: entry.attendedAs === 'home',
  evidence: { eventId: entry.eventId, kiosk: entry.kioskKid, logIndex: entry.logIndex },
});

export const memberHistoryView = (history: MemberHistory, window: { from?: string; to?: string }, today: string): MemberHistoryView => ({
  member: history.member.memberNumber,
  name: history.member.name,
  from: window.from ?? null,
  to: window.to ?? null,
  periods: history.periods.map((period) => ({ org: period.orgCode, orgName: period.orgName, kind: 'home', from: period.validFrom, to: period.validTo })),
  mobile: history.mobile.map((period) => mobilePeriodView(period, today)),
  transfers: history.transfers.map(transferView),
  attendance: history.attendance.map(attendanceEntryView),
  total: history.total,
  next: history.next,
});

/**
 * One part of a member's history as a table, for CSV. Times are on the organisation's clock with their offset, as
 * the console shows them: a spreadsheet shows the text as it is, and a UTC time there is often the day before.
 */
export function memberHistoryTable(history: MemberHistory, part: MemberHistoryQuery['part'], calendar: OrgCalendar, today: string): CsvTable {
  const member = history.member.memberNumber;
  const time = (instant: string | null): string | null => (instant === null ? null : calendar.timestamp(instant));
  switch (part) {
    case 'attendance':
      return {
        name: `member-${member}-attendance`,
        columns: ['member', 'at', 'meeting', 'kind', 'title', 'host_org', 'host_org_name', 'home_org', 'attended_as', 'voting_rights', 'event_id', 'kiosk', 'log_index'],
        rows: history.attendance.map((entry) => [member, time(entry.at), entry.meetingId, entry.kind, entry.title, entry.hostOrgCode, entry.hostOrgName, entry.homeOrgCode, entry.attendedAs, entry.attendedAs === 'home', entry.eventId, entry.kioskKid, entry.logIndex]),
      };
    case 'periods':
      return {
        name: `member-${member}-periods`,
        columns: ['member', 'org', 'org_name', 'kind', 'from', 'to'],
        rows: history.periods.map((period) => [member, period.orgCode, period.orgName, period.kind, period.validFrom, period.validTo]),
      };
    case 'mobile':
      return {
        name: `member-${member}-mobile`,
        columns: ['member', 'id', 'org', 'org_name', 'home_org', 'from', 'to', 'reason', 'status'],
        rows: history.mobile.map((period) => {
          const view = mobilePeriodView(period, today);
          return [member, view.id, view.org, view.orgName, view.homeOrg, view.from, view.to, view.reason, view.status];
        }),
      };
    case 'transfers':
      return {
        name: `member-${member}-transfers`,
        columns: ['member', 'id', 'from_org', 'to_org', 'reason', 'issued_at', 'expires_at', 'status', 'closed_at', 'accepted_via'],
        rows: history.transfers.map((letter) => [member, letter.id, letter.fromOrgCode, letter.toOrgCode, letter.reason, time(letter.issuedAt), time(letter.expiresAt), letter.status, time(letter.closedAt), letter.acceptedVia]),
      };
  }
}

export const orgHistoryView = (history: OrgHistory, window: { from?: string; to?: string }): OrgHistoryView => ({
  org: history.org.code,
  name: history.org.name,
  from: window.from ?? null,
  to: window.to ?? null,
  byKindAndMonth: history.byKindAndMonth,
  meetings: history.meetings.map((meeting) => ({
    meeting: meeting.id,
    title: meeting.title,
    kind: meeting.kind,
    startsAt: meeting.startsAt,
    attended: meeting.attended,
    expected: meeting.expected,
    rate: meeting.rate,
    guests: meeting.guests,
  })),
  elsewhere: history.elsewhere,
  guests: history.guests,
});

/** One table of an organisation's history, for CSV: times and months on the organisation's clock, as for a member. */
export function orgHistoryTable(history: OrgHistory, part: OrgHistoryQuery['part'], calendar: OrgCalendar): CsvTable {
  const org = history.org.code;
  switch (part) {
    case 'meetings':
      return {
        name: `org-${org}-meetings`,
        columns: ['org', 'meeting', 'starts_at', 'kind', 'title', 'attended', 'expected', 'rate', 'guests'],
        rows: history.meetings.map((meeting) => [org, meeting.id, calendar.timestamp(meeting.startsAt), meeting.kind, meeting.title, meeting.attended, meeting.expected, meeting.rate, meeting.guests]),
      };
    case 'months':
      return {
        name: `org-${org}-months`,
        columns: ['org', 'month', 'kind', 'meetings'],
        rows: history.byKindAndMonth.map((entry) => [org, entry.month, entry.kind, entry.meetings]),
      };
    case 'elsewhere':
      return {
        name: `org-${org}-elsewhere`,
        columns: ['org', 'member', 'name', 'host_org', 'host_org_name', 'meetings'],
        rows: history.elsewhere.map((entry) => [org, entry.member, entry.name, entry.hostOrg, entry.hostOrgName, entry.count]),
      };
    case 'guests':
      return {
        name: `org-${org}-guests`,
        columns: ['org', 'member', 'name', 'home_org', 'home_org_name', 'meetings', 'as_mobile'],
        rows: history.guests.map((entry) => [org, entry.member, entry.name, entry.homeOrg, entry.homeOrgName, entry.count, entry.asMobile]),
      };
  }
}
