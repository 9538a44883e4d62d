import { describe, expect, it } from 'vitest';
import { knownTimeZone, OrgCalendar } from '../../shared/org-calendar.ts';

describe('the organisation’s calendar', () => {
  const beijing = new OrgCalendar('Asia/Shanghai');
  const utc = new OrgCalendar('UTC');

  it('puts an instant on the day it falls on in the zone: in Beijing the day turns at 16:00 UTC', () => {
    expect(beijing.dayOf(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(beijing.dayOf(new Date('2026-03-01T16:00:00.000Z'))).toBe('2026-03-02');
    expect(beijing.dayOf('2026-03-01T23:30:00.000Z')).toBe('2026-03-02');
    expect(utc.dayOf('2026-03-01T23:30:00.000Z')).toBe('2026-03-01');
    expect(beijing.startOfDay('2026-03-02').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(utc.startOfDay('2026-03-02').toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it('reads an instant as a person there does, naming the offset', () => {
    expect(beijing.readable('2026-03-01T23:30:00.000Z')).toBe('2026-03-02 07:30 (UTC+08:00)');
    expect(utc.readable('2026-03-01T23:30:00.000Z')).toBe('2026-03-01 23:30 (UTC+00:00)');
    expect(new OrgCalendar('Asia/Kathmandu').readable('2026-03-01T23:30:00.000Z')).toBe('2026-03-02 05:15 (UTC+05:45)');
    expect(new OrgCalendar('America/New_York').readable('2026-03-01T23:30:00.000Z')).toBe('2026-03-01 18:30 (UTC-05:00)');
  });

  it('writes an instant in RFC 3339 on the zone’s clock with its offset, to the second, for a spreadsheet', () => {
    expect(beijing.timestamp('2026-11-27T23:30:00.000Z')).toBe('2026-11-28T07:30:00+08:00');
    expect(beijing.timestamp(new Date('2026-11-27T23:30:59.999Z'))).toBe('2026-11-28T07:30:59+08:00');
    expect(utc.timestamp('2026-11-27T23:30:00.000Z')).toBe('2026-11-27T23:30:00+00:00');
    expect(new OrgCalendar('Asia/Kathmandu').timestamp('2026-03-01T23:30:00.000Z')).toBe('2026-03-02T05:15:00+05:45');
    const newYork = new OrgCalendar('America/New_York');
    // Either side of 8 March 2026's change the offset is the one in force then.
    expect(newYork.timestamp('2026-03-08T06:59:59.000Z')).toBe('2026-03-08T01:59:59-05:00');
    expect(newYork.timestamp('2026-03-08T07:00:00.000Z')).toBe('2026-03-08T03:00:00-04:00');
    // The text names the instant it came from.
    expect(Date.parse(beijing.timestamp('2026-11-27T23:30:00.000Z'))).toBe(Date.parse('2026-11-27T23:30:00.000Z'));
  });

  it('follows a zone’s clock changes from its rules: a day that starts at 01:00 because midnight was skipped, a repeated hour read as its first time', () => {
    const saoPaulo = new OrgCalendar('America/Sao_Paulo');
    // 4 November 2018: clocks went from 00:00 straight to 01:00 (UTC-3 → UTC-2).
    expect(saoPaulo.startOfDay('2018-11-04').toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(saoPaulo.readable('2018-11-04T03:00:00.000Z')).toBe('2018-11-04 01:00 (UTC-02:00)');
    expect(saoPaulo.dayOf('2018-11-04T02:59:59.000Z')).toBe('2018-11-03');
    const newYork = new OrgCalendar('America/New_York');
    // 8 March 2026: 02:30 does not exist (02:00 → 03:00); it is read as 03:30 EDT.
    expect(newYork.fromWallClock(new Date('2026-03-08T02:30:00.000Z')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 1 November 2026: 01:30 happens twice; the first is 01:30 EDT.
    expect(newYork.fromWallClock(new Date('2026-11-01T01:30:00.000Z')).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(newYork.startOfDay('2026-03-08').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(newYork.startOfDay('2026-03-09').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('knows the zones Intl knows, spelt as Intl spells them, and no others', () => {
    expect(knownTimeZone('asia/shanghai')).toBe('Asia/Shanghai');
    expect(knownTimeZone('UTC')).toBe('UTC');
    expect(knownTimeZone('Asia/Beijing')).toBeUndefined();
    expect(knownTimeZone('')).toBeUndefined();
    expect(new OrgCalendar('asia/shanghai').timeZone).toBe('Asia/Shanghai');
  });
});
