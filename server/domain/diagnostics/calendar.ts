import { DAY_MS } from '../../clock.ts';

/**
 * Calendar arithmetic of the rules, in UTC like every stored timestamp. A month is a calendar month: one
 * month after 31 January is the last day of February, as a secretary counting on a calendar would have it.
 */
export function addMonths(from: Date, months: number): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(from.getTime());
  result.setUTCFullYear(year, month, Math.min(from.getUTCDate(), lastDay));
  return result;
}

/** A cadence is an ISO 8601 period of whole months or weeks ('P1M', 'P3M', 'P2W'), as the threshold schema allows. */
export function addCadence(from: Date, cadence: string): Date {
  const match = /^P(\d+)([MW])$/.exec(cadence);
  if (!match) throw new RangeError(`not a cadence: ${cadence}`);
  const count = Number(match[1]);
  return match[2] === 'M' ? addMonths(from, count) : new Date(from.getTime() + count * 7 * DAY_MS);
}

/** Whole calendar months from `from` to `to` (0 when `to` is earlier). */
export function wholeMonthsBetween(from: Date, to: Date): number {
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  while (months > 0 && addMonths(from, months) > to) months -= 1;
  return Math.max(0, months);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const wholeDaysBetween = (from: Date, to: Date): number => Math.floor((to.getTime() - from.getTime()) / DAY_MS);

/** A stored date (YYYY-MM-DD) as the instant its day begins (UTC). */
export const startOfDay = (date: string): Date => new Date(`${date}T00:00:00.000Z`);

export const dayOf = (instant: Date | string): string => (typeof instant === 'string' ? new Date(instant) : instant).toISOString().slice(0, 10);
