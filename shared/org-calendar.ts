/** The organisation's zone when MIC_TIME_ZONE is not set: the organisation is in China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** hours whose offset is remembered; cleared when full (ten years of distinct hours is below it) */
const OFFSET_CACHE_HOURS = 100_000;

/** The day (YYYY-MM-DD) `days` calendar days after `day` (before it when negative): plain dates, no zone's clock change moves them. */
export const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The same day `years` years after `day` (before it when negative); 29 February in a year without one is 1 March. */
export function addYears(day: string, years: number): string {
  const date = new Date(Date.parse(`${day}T00:00:00Z`));
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString().slice(0, 10);
}

/** The zone as Intl spells it ('asia/shanghai' → 'Asia/Shanghai'), or undefined when Intl does not know it. */
export function knownTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** '+08:00', '-03:30': an offset as RFC 3339 writes it. */
const offsetText = (offsetMs: number): string => {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
};

/**
 * The organisation's calendar: which day an instant falls on where the organisation is, and when a day begins
 * there. Timestamps are stored in UTC; calendar dates (membership periods, the day a status changed) are the
 * organisation's days, so "today" is its day, not UTC's — in China UTC is still on the day before until 08:00.
 * Offsets come from Intl (the zone's rules, daylight saving included), never from a fixed number of hours, and
 * nothing here needs Node: the server counts its days with it, and the console in a browser in any zone shows
 * and reads times with it as the server's zone does.
 */
export class OrgCalendar {
  readonly timeZone: string;
  private readonly formatter: Intl.DateTimeFormat;
  /** the offset throughout one UTC hour, by hour number: a province's timestamps fall in far fewer hours than they number */
  private readonly offsets = new Map<number, number>();

  /** RangeError for a zone Intl does not know (configuration checks it first, with a message that says what to set). */
  constructor(timeZone: string) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    this.timeZone = this.formatter.resolvedOptions().timeZone;
  }

  /** The day (YYYY-MM-DD) an instant falls on in the organisation's zone. */
  dayOf(instant: Date | string): string {
    return this.wallClock(instant).toISOString().slice(0, 10);
  }

  /** The first instant of a day (YYYY-MM-DD): its midnight, or the moment the clock jumps to when a change skips midnight. */
  startOfDay(day: string): Date {
    return this.fromWallClock(new Date(`${day}T00:00:00.000Z`));
  }

  /** The zone's clock reading at an instant, as a Date whose UTC fields read it: for calendar arithmetic. */
  wallClock(instant: Date | string): Date {
    const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
    return new Date(ms + this.offsetAt(ms));
  }

  /**
   * The instant the zone's clock reads `wall` (its UTC fields). A reading the clock repeats when it goes back is
   * the earlier instant; one it skips when it jumps forward is read on the clock before the jump, so it lands
   * just after the jump (midnight skipped → the day's first instant).
   */
  fromWallClock(wall: Date): Date {
    const reading = wall.getTime();
    // Instants near the reading lie within a day of it whatever the zone, so these bracket any change there.
    const before = this.offsetAt(reading - DAY_MS);
    const after = this.offsetAt(reading + DAY_MS);
    if (before === after) return new Date(reading - before);
    const onBefore = reading - before;
    const onAfter = reading - after;
    const beforeHolds = this.offsetAt(onBefore) === before;
    const afterHolds = this.offsetAt(onAfter) === after;
    if (beforeHolds && afterHolds) return new Date(Math.min(onBefore, onAfter));
    if (afterHolds) return new Date(onAfter);
    return new Date(onBefore);
  }

  /** '2026-03-02 07:30 (UTC+08:00)': an instant as a person there reads it, naming the offset. */
  readable(instant: Date | string): string {
    const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
    const offset = this.offsetAt(ms);
    const wall = new Date(ms + offset).toISOString();
    return `${wall.slice(0, 10)} ${wall.slice(11, 16)} (UTC${offsetText(offset)})`;
  }

  /**
   * '2026-03-02T07:30:00+08:00': an instant in RFC 3339 on the zone's clock, to the second, for files people open
   * in a spreadsheet: the time people there saw, on the organisation's day, with the offset that pins it to one instant.
   */
  timestamp(instant: Date | string): string {
    const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
    const offset = this.offsetAt(ms);
    return `${new Date(ms + offset).toISOString().slice(0, 19)}${offsetText(offset)}`;
  }

  /** How far the zone's clock is ahead of UTC at `ms` (negative west of Greenwich). */
  private offsetAt(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    const known = this.offsets.get(hour);
    if (known !== undefined) return known;
    // Clocks change on whole seconds and never twice within an hour: the same offset at the hour's first and
    // last second holds throughout it.
    const first = this.measure(hour * HOUR_MS);
    if (first !== this.measure((hour + 1) * HOUR_MS - SECOND_MS)) return this.measure(ms);
    if (this.offsets.size >= OFFSET_CACHE_HOURS) this.offsets.clear();
    this.offsets.set(hour, first);
    return first;
  }

  private measure(ms: number): number {
    const fields: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const part of this.formatter.formatToParts(new Date(ms))) fields[part.type] = part.value;
    const year = Number(fields.year);
    // Set field by field: Date.UTC would read years below 100 as 19xx.
    const wall = new Date(0);
    wall.setUTCFullYear(fields.era === 'BC' ? 1 - year : year, Number(fields.month) - 1, Number(fields.day));
    wall.setUTCHours(Number(fields.hour) % 24, Number(fields.minute), Number(fields.second), 0);
    return wall.getTime() - Math.floor(ms / SECOND_MS) * SECOND_MS;
  }
}
