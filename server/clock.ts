/** Time comes from one place so tests can move it (token expiry, meeting windows) without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Timestamps are stored as UTC ISO strings with milliseconds, so they compare correctly as text. */
export const isoTimestamp = (date: Date): string => date.toISOString();

/** Calendar dates (membership periods) are stored as YYYY-MM-DD in UTC. */
export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * The latest calendar day that has begun somewhere (UTC+14): the "today" a person may mean wherever they are.
 * Days are stored as UTC days, but in China, from midnight to 08:00, today is a day after UTC's.
 */
export const latestDayBegun = (now: Date): string => isoDate(new Date(now.getTime() + 14 * 3_600_000));

export const DAY_MS = 86_400_000;

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
