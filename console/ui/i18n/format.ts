import { OrgCalendar } from '../../../shared/org-calendar.ts';

/**
 * Dates as organisers write them in both languages: 2025-03-07 and 14:30, in the organisation's time zone
 * (the server's MIC_TIME_ZONE, the zone of its days and of the kiosks), whatever zone the computer is set to:
 * a laptop on UTC or an auditor abroad sees the times the branches see. Plain dates from the API (membership
 * periods) are calendar dates and shown as they are.
 */
let calendar: OrgCalendar | undefined;

/** Set once at start from the server's answer, before any page shows or reads a time. */
export function setOrgTimeZone(timeZone: string): void {
  if (calendar?.timeZone !== timeZone) calendar = new OrgCalendar(timeZone);
}

const orgCalendar = (): OrgCalendar => {
  if (!calendar) throw new Error("the organisation's time zone is not known yet");
  return calendar;
};

/** The day (YYYY-MM-DD) an instant falls on where the organisation is. */
export const localDate = (date: Date): string => orgCalendar().dayOf(date);
/** Its hour and minute (14:30) there. */
export const localTime = (date: Date): string => orgCalendar().wallClock(date).toISOString().slice(11, 16);

export const formatDate = (iso: string | null | undefined): string => (iso ? (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : localDate(new Date(iso))) : '—');
export const formatDateTime = (iso: string | null | undefined): string => (iso ? `${localDate(new Date(iso))} ${localTime(new Date(iso))}` : '—');

/** A datetime-local input's value (2025-03-07T14:30) read on the organisation's clock, as the instant it names. */
export const instantOf = (wallClock: string): string => orgCalendar().fromWallClock(new Date(`${wallClock}:00.000Z`)).toISOString();

/** A date input's value (the organisation's calendar day) as the instant it starts, for `from` filters. */
export const startOfDay = (day: string): string => orgCalendar().startOfDay(day).toISOString();
/** …and the instant the day ends, so a `to` filter includes the whole day (23 or 25 hours long on a clock change). */
export const endOfDay = (day: string): string => new Date(orgCalendar().startOfDay(shiftDay(day, 1)).getTime() - 1).toISOString();

/** The organisation's today, moved by whole days. */
export const daysFromToday = (days: number, today = new Date()): string => shiftDay(localDate(today), days);

export const percent = (ratio: number | null | undefined): string => (ratio === null || ratio === undefined ? '—' : `${Math.round(ratio * 1000) / 10}%`);

/*
 * Periods end exclusively on the server (`to` is the first day no longer covered). People think in last
 * days, so the console shows and asks for the last day and converts at the edge.
 */
function shiftDay(day: string, by: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // Calendar arithmetic on UTC fields: no zone's clock change can move a plain date.
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d + by);
  return date.toISOString().slice(0, 10);
}
export const lastDayOf = (exclusiveEnd: string): string => shiftDay(exclusiveEnd, -1);
export const endAfter = (lastDay: string): string => shiftDay(lastDay, 1);

export type DurationUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** A length of time in the largest unit that still reads as a whole number people say (90 seconds, 10 minutes, 3 hours). */
export function roughDuration(seconds: number): { value: number; unit: DurationUnit } {
  const size = Math.abs(seconds);
  if (size < 120) return { value: Math.round(size), unit: 'seconds' };
  if (size < 2 * 3600) return { value: Math.round(size / 60), unit: 'minutes' };
  if (size < 2 * 86_400) return { value: Math.round(size / 3600), unit: 'hours' };
  return { value: Math.round(size / 86_400), unit: 'days' };
}
