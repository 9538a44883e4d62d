import type { OrgCalendar } from '../../../../shared/org-calendar.ts';

/**
 * An instant as an explanation quotes it: '2026-11-27T00:45:12.345Z' → '2026-11-27 08:45 (UTC+08:00)' in China.
 * The organisation's own clock, since that is what the people told read; it names its offset, since the same
 * text also goes out by webhook and is read wherever the receiver is.
 */
export const readableTime = (iso: unknown, calendar: OrgCalendar): string =>
  typeof iso === 'string' && Number.isFinite(Date.parse(iso)) ? calendar.readable(iso) : '?';

/** The organisation's day of a stored timestamp ('2026-11-26T17:00:00.000Z' → '2026-11-27' in China). */
export const readableDay = (iso: unknown, calendar: OrgCalendar): string =>
  typeof iso === 'string' && Number.isFinite(Date.parse(iso)) ? calendar.dayOf(iso) : '?';
