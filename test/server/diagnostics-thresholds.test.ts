import { describe, expect, it } from 'vitest';
import { addCadence, addMonths, wholeMonthsBetween } from '../../server/domain/diagnostics/calendar.ts';
import { DEFAULT_THRESHOLDS, effectiveThresholds, type ThresholdRow } from '../../server/domain/diagnostics/thresholds.ts';
import { OrgCalendar } from '../../shared/org-calendar.ts';

/** The tree: 1 (county) → 4 (committee) → 17 (branch); 5 is another committee. */
const PATH_17 = [1, 4, 17];

const row = (id: number, orgId: number | null, orgKind: string | null, family: ThresholdRow['family'], settings: Record<string, unknown>): ThresholdRow => ({
  id,
  orgId,
  orgKind,
  family,
  settings,
});

describe('effective thresholds: defaults, then configuration down the organisation’s path', () => {
  it('with no configuration an organisation has the defaults', () => {
    expect(effectiveThresholds([], PATH_17, 'branch')).toEqual(DEFAULT_THRESHOLDS);
  });

  it('a row at an ancestor holds below it; a deeper row wins over it; rows of other subtrees do not apply', () => {
    const rows = [
      row(1, 1, null, 'six-month', { warnMonths: 2, seriousMonths: 4 }),
      row(2, 17, null, 'six-month', { warnMonths: 4 }),
      row(3, 5, null, 'six-month', { decideMonths: 12 }),
    ];
    expect(effectiveThresholds(rows, PATH_17, 'branch')['six-month']).toEqual({ warnMonths: 4, seriousMonths: 4, decideMonths: 6 });
    expect(effectiveThresholds(rows, [1, 4], 'committee')['six-month']).toEqual({ warnMonths: 2, seriousMonths: 4, decideMonths: 6 });
  });

  it('at the same organisation a kind-specific row wins over a row for every kind, whatever their order', () => {
    const rows = [row(1, 4, 'branch', 'transfers', { waitingDays: 21 }), row(2, 4, null, 'transfers', { waitingDays: 10, expiringDays: 3 })];
    expect(effectiveThresholds(rows, PATH_17, 'branch').transfers).toEqual({ waitingDays: 21, expiringDays: 3, expiredLookbackDays: 90 });
    // The committee itself is not a branch: only the kind-NULL row reaches it.
    expect(effectiveThresholds(rows, [1, 4], 'committee').transfers.waitingDays).toBe(10);
  });

  it('a whole-tree row for a kind applies to that kind everywhere and to no other kind', () => {
    const rows = [row(1, null, 'branch', 'meeting-cadence', { every: { committee: 'P1M' } })];
    expect(effectiveThresholds(rows, PATH_17, 'branch')['meeting-cadence'].every.committee).toBe('P1M');
    expect(effectiveThresholds(rows, [1, 4], 'committee')['meeting-cadence'].every.committee).toBeNull();
  });

  it('cadences merge kind by kind: a row setting one kind keeps the others', () => {
    const rows = [
      row(1, null, 'branch', 'meeting-cadence', { every: { general_meeting: 'P3M', committee: 'P1M' } }),
      row(2, 4, null, 'meeting-cadence', { every: { lecture: 'P2W' }, dueSoonDays: 3 }),
    ];
    const cadence = effectiveThresholds(rows, PATH_17, 'branch')['meeting-cadence'];
    expect(cadence.every).toMatchObject({ general_meeting: 'P3M', committee: 'P1M', lecture: 'P2W', group: null });
    expect(cadence).toMatchObject({ dueSoonDays: 3, missedAfterDays: 30 });
  });

  it('does not change the defaults it starts from', () => {
    effectiveThresholds([row(1, null, null, 'kiosks', { silentHours: 1 })], PATH_17, 'branch');
    expect(DEFAULT_THRESHOLDS.kiosks.silentHours).toBe(72);
  });
});

describe('calendar months as a secretary counts them', () => {
  const utc = new OrgCalendar('UTC');
  const beijing = new OrgCalendar('Asia/Shanghai');

  it('a month after 31 January is the last day of February', () => {
    expect(addMonths(new Date('2026-01-31T08:00:00Z'), 1, utc).toISOString()).toBe('2026-02-28T08:00:00.000Z');
    expect(addMonths(new Date('2028-01-31T08:00:00Z'), 1, utc).toISOString()).toBe('2028-02-29T08:00:00.000Z');
    expect(addCadence(new Date('2026-11-30T00:00:00Z'), 'P3M', utc).toISOString()).toBe('2027-02-28T00:00:00.000Z');
    expect(addCadence(new Date('2026-11-30T00:00:00Z'), 'P2W', utc).toISOString()).toBe('2026-12-14T00:00:00.000Z');
  });

  it('whole months count only once the same day and time has come round', () => {
    const from = new Date('2026-03-15T10:00:00Z');
    expect(wholeMonthsBetween(from, new Date('2026-09-15T09:59:59Z'), utc)).toBe(5);
    expect(wholeMonthsBetween(from, new Date('2026-09-15T10:00:00Z'), utc)).toBe(6);
    expect(wholeMonthsBetween(from, new Date('2026-03-01T00:00:00Z'), utc)).toBe(0);
  });

  it('months are counted on the organisation’s calendar: 01:00 on 31 January in Beijing (30 January in UTC) is a month before 28 February there', () => {
    const lastDayOfJanuary = new Date('2026-01-30T17:00:00Z');
    expect(addMonths(lastDayOfJanuary, 1, beijing).toISOString()).toBe('2026-02-27T17:00:00.000Z');
    expect(addMonths(lastDayOfJanuary, 1, utc).toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect(wholeMonthsBetween(lastDayOfJanuary, new Date('2026-02-28T00:00:00Z'), beijing)).toBe(1);
    expect(wholeMonthsBetween(lastDayOfJanuary, new Date('2026-02-28T00:00:00Z'), utc)).toBe(0);
  });

  it('across a clock change, a month later is the same time of day on the local clock', () => {
    const newYork = new OrgCalendar('America/New_York');
    // 09:00 on 15 February (EST, UTC-5) → 09:00 on 15 March (EDT, UTC-4): 31 days less an hour.
    expect(addMonths(new Date('2026-02-15T14:00:00Z'), 1, newYork).toISOString()).toBe('2026-03-15T13:00:00.000Z');
    expect(wholeMonthsBetween(new Date('2026-02-15T14:00:00Z'), new Date('2026-03-15T13:00:00Z'), newYork)).toBe(1);
    expect(wholeMonthsBetween(new Date('2026-02-15T14:00:00Z'), new Date('2026-03-15T13:59:59Z'), utc)).toBe(0);
    // Two weeks after 09:00 on 1 March is 09:00 on 15 March, an hour short of 14 × 24 hours.
    expect(addCadence(new Date('2026-03-01T14:00:00Z'), 'P2W', newYork).toISOString()).toBe('2026-03-15T13:00:00.000Z');
  });
});
