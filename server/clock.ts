/**
 * Time comes from one place so tests can move it (token expiry, meeting windows) without sleeping. Which day an
 * instant falls on is the organisation's calendar's business (org-calendar.ts), beside the clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Timestamps are stored as UTC ISO strings with milliseconds, so they compare correctly as text. */
export const isoTimestamp = (date: Date): string => date.toISOString();

/** RFC 3339 with any offset → the stored UTC form, which compares correctly as text. */
export const utc = (timestamp: string): string => new Date(timestamp).toISOString();

export const DAY_MS = 86_400_000;

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
