/**
 * The kiosk's idea of now. Injected everywhere time matters (event `at`, credential expiry, token lifetimes,
 * back-off), so tests can set it and a kiosk in another time zone still writes its own offset.
 */
export interface Clock {
  now(): Date;
  /** minutes east of UTC at `date` (+480 for China Standard Time) */
  utcOffsetMinutes(date: Date): number;
}

export const systemClock: Clock = {
  now: () => new Date(),
  utcOffsetMinutes: (date) => -date.getTimezoneOffset(),
};

/** A clock that reads `source` and always writes the given offset, whatever the host's time zone is. */
export const clockWithOffset = (offsetMinutes: number, source: () => Date = () => new Date()): Clock => ({
  now: source,
  utcOffsetMinutes: () => offsetMinutes,
});
