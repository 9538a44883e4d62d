import { describe, expect, it } from 'vitest';
import { daysFromToday, endAfter, endOfDay, formatDate, formatDateTime, instantOf, lastDayOf, setOrgTimeZone, startOfDay } from '../../../console/ui/i18n/format.ts';
import { en } from '../../../console/ui/i18n/en.ts';
import { zhCN } from '../../../console/ui/i18n/zh-CN.ts';

/*
 * The console's dates and times are the organisation's, whatever zone this process (the computer) is in: the
 * instants below are chosen where Beijing, UTC and New York read different days.
 */

describe('the console’s times, in the organisation’s zone', () => {
  it('shows an instant as the organisation’s clock reads it, in the usual look', () => {
    setOrgTimeZone('Asia/Shanghai');
    expect(formatDateTime('2026-03-01T23:30:00.000Z')).toBe('2026-03-02 07:30');
    expect(formatDate('2026-03-01T23:30:00.000Z')).toBe('2026-03-02');
    setOrgTimeZone('America/New_York');
    expect(formatDateTime('2026-03-01T23:30:00.000Z')).toBe('2026-03-01 18:30');
    setOrgTimeZone('UTC');
    expect(formatDateTime('2026-03-01T23:30:00.000Z')).toBe('2026-03-01 23:30');
  });

  it('shows plain calendar dates from the API as they are, and nothing as a dash', () => {
    setOrgTimeZone('America/New_York');
    expect(formatDate('2026-03-02')).toBe('2026-03-02');
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
  });

  it('reads a typed date and time on the organisation’s clock: 14:00 in Beijing is 06:00 UTC', () => {
    setOrgTimeZone('Asia/Shanghai');
    expect(instantOf('2026-03-02T14:00')).toBe('2026-03-02T06:00:00.000Z');
    expect(instantOf('2026-03-02T07:30')).toBe('2026-03-01T23:30:00.000Z');
    // New York on the day its clocks go forward: 02:30 does not exist and reads as 03:30 EDT.
    setOrgTimeZone('America/New_York');
    expect(instantOf('2026-03-08T14:00')).toBe('2026-03-08T18:00:00.000Z');
    expect(instantOf('2026-03-08T02:30')).toBe('2026-03-08T07:30:00.000Z');
  });

  it('filters by the organisation’s whole days, 23 hours long on the day clocks go forward', () => {
    setOrgTimeZone('Asia/Shanghai');
    expect(startOfDay('2026-03-02')).toBe('2026-03-01T16:00:00.000Z');
    expect(endOfDay('2026-03-02')).toBe('2026-03-02T15:59:59.999Z');
    setOrgTimeZone('America/New_York');
    expect(startOfDay('2026-03-08')).toBe('2026-03-08T05:00:00.000Z');
    expect(endOfDay('2026-03-08')).toBe('2026-03-09T03:59:59.999Z');
  });

  it('counts days from the organisation’s today, not the computer’s', () => {
    const lateEveningUtc = new Date('2026-12-31T23:30:00.000Z');
    setOrgTimeZone('Asia/Shanghai');
    expect(daysFromToday(0, lateEveningUtc)).toBe('2027-01-01');
    expect(daysFromToday(-365, lateEveningUtc)).toBe('2026-01-01');
    setOrgTimeZone('America/New_York');
    expect(daysFromToday(0, lateEveningUtc)).toBe('2026-12-31');
    expect(daysFromToday(7, lateEveningUtc)).toBe('2027-01-07');
  });

  it('turns exclusive period ends into last days and back across months and years', () => {
    expect(lastDayOf('2026-03-01')).toBe('2026-02-28');
    expect(lastDayOf('2028-03-01')).toBe('2028-02-29');
    expect(endAfter('2026-12-31')).toBe('2027-01-01');
  });

  it('says the zone in both languages, Beijing time by its Chinese name', () => {
    expect(zhCN.timesInZone('Asia/Shanghai')).toBe('时间均为北京时间（Asia/Shanghai），不是这台电脑设置的时区');
    expect(zhCN.timesInZone('UTC')).toContain('UTC 时区');
    expect(en.timesInZone('Asia/Shanghai')).toContain('Times are in Asia/Shanghai');
  });
});
