import { addYears } from '../../shared/org-calendar.ts';
import { DAY_MS } from '../clock.ts';
import type { ReadContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { today } from '../org-calendar.ts';

/**
 * How long a scheduled meeting may last, and how far from today it may start. Every kiosk of the organisation offers
 * a meeting as the current one from its start to its end, so its length is bounded: seven days hold the longest
 * training course held as one meeting, and anything longer is several meetings. A branch plans its meetings up to a
 * year ahead, and may enter those it held before it used the system, up to five years back.
 */
export const MEETING_SCHEDULE_LIMITS = { longestDays: 7, yearsBack: 5, yearsAhead: 1 } as const;

/** ERR_MEETING_SCHEDULE_INVALID unless the meeting (UTC timestamps) ends after it starts and keeps within the limits. */
export function assertMeetingSchedule(ctx: Pick<ReadContext, 'clock' | 'calendar'>, startsAt: string, endsAt: string): void {
  if (endsAt <= startsAt) throw new ApiError('ERR_MEETING_SCHEDULE_INVALID', 'a meeting must end after it starts', { startsAt, endsAt });
  const { longestDays, yearsBack, yearsAhead } = MEETING_SCHEDULE_LIMITS;
  if (Date.parse(endsAt) - Date.parse(startsAt) > longestDays * DAY_MS) {
    throw new ApiError('ERR_MEETING_SCHEDULE_INVALID', `a meeting lasts at most ${longestDays} days: schedule a longer course as several meetings`, { startsAt, endsAt, longestDays });
  }
  const day = today(ctx);
  const earliest = addYears(day, -yearsBack);
  const latest = addYears(day, yearsAhead);
  const startDay = ctx.calendar.dayOf(new Date(startsAt));
  if (startDay < earliest || startDay > latest) {
    const message = `a meeting starts from ${earliest} to ${latest} (at most ${yearsBack} years back and ${yearsAhead} year ahead, in the organisation's days): check the date`;
    throw new ApiError('ERR_MEETING_SCHEDULE_INVALID', message, { startsAt, endsAt, earliest, latest });
  }
}
