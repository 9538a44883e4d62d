/**
 * Dates as organisers write them in both languages: 2025-03-07 and 14:30, in the computer's time zone
 * (the county's). Plain dates from the API (membership periods) are calendar dates and shown as they are.
 */
const pad = (value: number): string => String(value).padStart(2, '0');

export const localDate = (date: Date): string => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
export const localTime = (date: Date): string => `${pad(date.getHours())}:${pad(date.getMinutes())}`;

export const formatDate = (iso: string | null | undefined): string => (iso ? (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : localDate(new Date(iso))) : '—');
export const formatDateTime = (iso: string | null | undefined): string => (iso ? `${localDate(new Date(iso))} ${localTime(new Date(iso))}` : '—');

/** A date input's value (local calendar day) as the instant it starts, for `from` filters. */
export const startOfDay = (day: string): string => new Date(`${day}T00:00:00`).toISOString();
/** …and the instant the day ends, so a `to` filter includes the whole day. */
export const endOfDay = (day: string): string => new Date(new Date(`${day}T00:00:00`).getTime() + 86_400_000 - 1).toISOString();

export const daysFromToday = (days: number, today = new Date()): string => localDate(new Date(today.getFullYear(), today.getMonth(), today.getDate() + days));

export const percent = (ratio: number | null | undefined): string => (ratio === null || ratio === undefined ? '—' : `${Math.round(ratio * 1000) / 10}%`);

/*
 * Periods end exclusively on the server (`to` is the first day no longer covered). People think in last
 * days, so the console shows and asks for the last day and converts at the edge.
 */
const shiftDay = (day: string, by: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localDate(new Date(y, m - 1, d + by));
};
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
