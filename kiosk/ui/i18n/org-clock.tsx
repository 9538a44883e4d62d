import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { OrgCalendar } from '../../../shared/org-calendar.ts';

/** What a clock on the wall reads at an instant: the fields the screens write dates and times with. */
export interface ClockReading {
  year: number;
  /** 1 to 12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const calendars = new Map<string, OrgCalendar>();

/**
 * The organisation's clock at `instant` (its zone, as the server names it in the configuration), or the
 * computer's own when no zone is known yet: a kiosk whose computer was left on UTC still shows a meeting at
 * 14:00 Beijing time as 14:00.
 */
export function clockReading(instant: Date, timeZone: string | undefined): ClockReading {
  if (timeZone === undefined) {
    return { year: instant.getFullYear(), month: instant.getMonth() + 1, day: instant.getDate(), hour: instant.getHours(), minute: instant.getMinutes() };
  }
  let calendar = calendars.get(timeZone);
  if (!calendar) calendars.set(timeZone, (calendar = new OrgCalendar(timeZone)));
  const wall = calendar.wallClock(instant);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() };
}

const OrgClockContext = createContext<string | undefined>(undefined);

/** The zone every screen below shows times in (the configuration's; the kiosk config schema keeps only zones Intl knows). */
export function OrgClockProvider({ timeZone, children }: { timeZone: string | undefined; children: ReactNode }) {
  return <OrgClockContext.Provider value={timeZone}>{children}</OrgClockContext.Provider>;
}

/** Reads instants on the organisation's clock. */
export function useOrgClock(): (instant: Date) => ClockReading {
  const timeZone = useContext(OrgClockContext);
  return useCallback((instant: Date) => clockReading(instant, timeZone), [timeZone]);
}
