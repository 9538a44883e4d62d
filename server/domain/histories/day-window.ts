import { ApiError } from '../../errors.ts';
import { addDays, type OrgCalendar } from '../../../shared/org-calendar.ts';
import type { DayWindow } from '../../store/repositories/histories.ts';

/** Before and after every date the system holds: an open end of a window. */
const OPEN = { from: '0000-01-01', until: '9999-12-31' };

/**
 * `from`..`to`, both inclusive and optional, as the store's half-open window; ERR_WINDOW_INVALID when reversed.
 * The days are the organisation's: a check-in at 07:30 in Beijing on 2 March is in a window from 2 March.
 */
export function dayWindow(query: { from?: string; to?: string }, calendar: OrgCalendar): DayWindow {
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new ApiError('ERR_WINDOW_INVALID', `the window ends (${query.to}) before it starts (${query.from})`, { from: query.from, to: query.to });
  }
  // The last day there is has no next day to stop before: a window to it is open-ended.
  const until = query.to === undefined || query.to >= OPEN.until ? undefined : addDays(query.to, 1);
  return {
    from: query.from ?? OPEN.from,
    until: until ?? OPEN.until,
    fromInstant: query.from === undefined ? OPEN.from : calendar.startOfDay(query.from).toISOString(),
    untilInstant: until === undefined ? OPEN.until : calendar.startOfDay(until).toISOString(),
  };
}
