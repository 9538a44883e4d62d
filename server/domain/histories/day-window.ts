import { DAY_MS } from '../../clock.ts';
import { ApiError } from '../../errors.ts';
import type { DayWindow } from '../../store/repositories/histories.ts';

/** Before and after every date the system holds: an open end of a window. */
const OPEN = { from: '0000-01-01', until: '9999-12-31' };

const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** `from`..`to`, both inclusive and optional, as the store's half-open window; ERR_WINDOW_INVALID when reversed. */
export function dayWindow(query: { from?: string; to?: string }): DayWindow {
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new ApiError('ERR_WINDOW_INVALID', `the window ends (${query.to}) before it starts (${query.from})`, { from: query.from, to: query.to });
  }
  return { from: query.from ?? OPEN.from, until: query.to === undefined ? OPEN.until : nextDay(query.to) };
}
