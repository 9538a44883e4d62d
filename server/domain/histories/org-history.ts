import { authorize } from '../../auth/policy.ts';
import type { Principal } from '../../auth/principal.ts';
import { isoTimestamp } from '../../clock.ts';
import type { ReadContext } from '../../context.ts';
import type { OrgCalendar } from '../../../shared/org-calendar.ts';
import type { ElsewhereRow, GuestRow, HomeSpan, OrgMeetingRow } from '../../store/repositories/histories.ts';
import type { Org } from '../../store/repositories/orgs.ts';
import { requireOrg } from '../lookups.ts';
import { dayWindow } from './day-window.ts';

export interface MonthCount {
  month: string;
  kind: string;
  meetings: number;
}

export interface OrgMeetingRate extends OrgMeetingRow {
  /** members with a home period there on the meeting's day, the day its check-ins are filed under */
  expected: number;
  /** attended / expected, to 4 decimals; null when nobody was expected */
  rate: number | null;
}

export interface OrgHistory {
  org: Org;
  byKindAndMonth: MonthCount[];
  meetings: OrgMeetingRate[];
  elsewhere: ElsewhereRow[];
  guests: GuestRow[];
}

const rateOf = (attended: number, expected: number): number | null => (expected === 0 ? null : Math.round((attended / expected) * 10_000) / 10_000);

const expectedOn = (spans: readonly HomeSpan[], day: string): number => spans.filter((span) => span.validFrom <= day && (span.validTo === null || span.validTo > day)).length;

/** Meetings counted per month (YYYY-MM of the start, on the organisation's calendar) and kind, in month then kind order. */
export function countByMonthAndKind(meetings: readonly { startsAt: string; kind: string }[], calendar: OrgCalendar): MonthCount[] {
  const counts = new Map<string, MonthCount>();
  for (const meeting of meetings) {
    const month = calendar.dayOf(meeting.startsAt).slice(0, 7);
    const key = `${month} ${meeting.kind}`;
    const entry = counts.get(key) ?? { month, kind: meeting.kind, meetings: 0 };
    entry.meetings += 1;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => (a.month === b.month ? a.kind.localeCompare(b.kind) : a.month.localeCompare(b.month)));
}

/**
 * One organisation's organisational life in a window: the meetings it held by month and kind, each
 * meeting's attendance rate (its own members who came / members with a home period there that day), its
 * members who attended elsewhere, and the guests it received. Participation counts on both sides: a
 * mobile member's meeting at the host appears here among the host's guests and, for the home
 * organisation, among its members who attended elsewhere.
 */
export async function orgHistory(ctx: ReadContext, principal: Principal, code: string, query: { from?: string; to?: string }): Promise<OrgHistory> {
  const org = await requireOrg(ctx.read, code);
  authorize(principal, 'history.read', org);
  const window = dayWindow(query, ctx.calendar);
  const [held, spans, elsewhere, guests] = await Promise.all([
    ctx.read.orgHistory.meetingsHeld(org.id, window, isoTimestamp(ctx.clock.now())),
    ctx.read.orgHistory.homeSpans(org.id, window),
    ctx.read.orgHistory.attendedElsewhere(org.id, window),
    ctx.read.orgHistory.guests(org.id, window),
  ]);
  const meetings = held.map((meeting) => {
    const expected = expectedOn(spans, ctx.calendar.dayOf(meeting.startsAt));
    return { ...meeting, expected, rate: rateOf(meeting.attended, expected) };
  });
  return { org, byKindAndMonth: countByMonthAndKind(meetings, ctx.calendar), meetings, elsewhere, guests };
}
