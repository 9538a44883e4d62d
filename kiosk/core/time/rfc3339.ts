import type { Clock } from './clock.ts';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * `2026-11-26T09:00:00.123+08:00`: local wall time with its offset, as DESIGN §4 asks for `at`. The card
 * signature binds this exact text, so it is produced once per event and never re-rendered.
 */
export function rfc3339WithOffset(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`
  );
}

export const eventTime = (clock: Clock): { date: Date; at: string } => {
  const date = clock.now();
  return { date, at: rfc3339WithOffset(date, clock.utcOffsetMinutes(date)) };
};
