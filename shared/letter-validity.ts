import { addDays, type OrgCalendar } from './org-calendar.ts';

/**
 * How long a transfer letter is good for, as people read it: "valid 30 days, until 31 March" means all of 31 March
 * on the organisation's calendar. A letter issued on day D for N days is good to the end of day D + N there, and
 * lapses at the first instant of the day after (its midnight, or the moment the clock jumps to when a change skips
 * it); `expiresAt` stores that instant, and a letter is open while the clock is before it.
 */
export function letterExpiresAt(issuedAt: Date, validDays: number, calendar: OrgCalendar): Date {
  const lastDay = addDays(calendar.dayOf(issuedAt), validDays);
  return calendar.startOfDay(addDays(lastDay, 1));
}

/**
 * The last instant a letter is good: its day is the one the letter reads "valid until". Letters issued before
 * validity ran to the end of a day lapse at the time of day they were issued, and read the same day as before.
 */
export const lastValidInstant = (expiresAt: string): Date => new Date(Date.parse(expiresAt) - 1);

/** The organisation's last day (YYYY-MM-DD) a letter is good for. */
export const lastValidDay = (expiresAt: string, calendar: OrgCalendar): string => calendar.dayOf(lastValidInstant(expiresAt));

/**
 * Whether the letter lapses when a day begins, so it is good all its last day; a letter issued before that lapses
 * at the hour it was issued, and a reminder on its last day must name the hour.
 */
export const lapsesAtDayStart = (expiresAt: string, calendar: OrgCalendar): boolean =>
  calendar.startOfDay(calendar.dayOf(expiresAt)).getTime() === Date.parse(expiresAt);
