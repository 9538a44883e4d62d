import { DAY_MS } from '../../clock.ts';
import { OrgCalendar } from '../../../shared/org-calendar.ts';

/**
 * Calendar arithmetic of the rules, on the organisation's calendar: months and weeks are counted on its clock
 * (a meeting held at 07:30 in Beijing on 31 January is due a month later on 28 February, at 07:30 there). A
 * month is a calendar month: one month after 31 January is the last day of February, as a secretary counting
 * on a calendar would have it.
 */
export function addMonths(from: Date, months: number, calendar: OrgCalendar): Date {
  const wall = calendar.wallClock(from);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(wall.getTime());
  result.setUTCFullYear(year, month, Math.min(wall.getUTCDate(), lastDay));
  return calendar.fromWallClock(result);
}

/** A cadence is an ISO 8601 period of whole months or weeks ('P1M', 'P3M', 'P2W'), as the threshold schema allows. */
export function addCadence(from: Date, cadence: string, calendar: OrgCalendar): Date {
  const match = /^P(\d+)([MW])$/.exec(cadence);
  if (!match) throw new RangeError(`not a cadence: ${cadence}`);
  const count = Number(match[1]);
  if (match[2] === 'M') return addMonths(from, count, calendar);
  return calendar.fromWallClock(new Date(calendar.wallClock(from).getTime() + count * 7 * DAY_MS));
}

/** Whole calendar months from `from` to `to` (0 when `to` is earlier). */
export function wholeMonthsBetween(from: Date, to: Date, calendar: OrgCalendar): number {
  const [start, end] = [calendar.wallClock(from), calendar.wallClock(to)];
  let months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + (end.getUTCMonth() - start.getUTCMonth());
  while (months > 0 && addMonths(from, months, calendar) > to) months -= 1;
  return Math.max(0, months);
}

/**
 * Calendar days from one day (YYYY-MM-DD) to another: the same in every zone, whatever its clock changes. The
 * rules count "N days" with it on the organisation's days, as a secretary counts them on a calendar: a letter
 * expiring on Friday expires in 1 day all Thursday long, and "7 days after" a day begins at a midnight there,
 * not at the clock time something happened.
 */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * The calendar the rules counted days in before the organisation's zone (MIC_TIME_ZONE) decided them: UTC. An
 * episode named by a day was named in it then, and a finding stored under that name is the same occurrence
 * (Condition.formerEpisode).
 */
export const UTC_DAYS = new OrgCalendar('UTC');

/** `{ formerEpisode }` when the occurrence was named otherwise in UTC days; nothing when the names agree. */
export const formerName = (episode: string, utcEpisode: string): { formerEpisode?: string } => (utcEpisode === episode ? {} : { formerEpisode: utcEpisode });
