import { describe, expect, it } from 'vitest';
import { shownStatus } from '../../../console/ui/meetings/meeting-status.ts';

/*
 * The meeting list's state: a scheduled meeting's stored status says little while it is held (kiosks do not report
 * opening it), so check-ins, a close at a kiosk and the planned end tell.
 */

const now = new Date('2026-11-26T04:00:00.000Z');
const scheduled = { origin: 'scheduled' as const, status: 'scheduled' as const, endsAt: '2026-11-26T06:00:00.000Z', checkedIn: 0 };

describe('a meeting’s state in the console’s list', () => {
  it('shows a scheduled meeting under way while members are counted before its planned end, and over after it', () => {
    expect(shownStatus(scheduled, now)).toBe('scheduled');
    expect(shownStatus({ ...scheduled, checkedIn: 3 }, now)).toBe('open');
    expect(shownStatus({ ...scheduled, checkedIn: 3 }, new Date('2026-11-26T06:00:00.000Z'))).toBe('closed');
  });

  it('when a kiosk closed a scheduled meeting before its planned end, then it is over: 已结束 with members counted, 无人签到 without', () => {
    expect(shownStatus({ ...scheduled, status: 'closed', checkedIn: 3 }, now)).toBe('closed');
    expect(shownStatus({ ...scheduled, status: 'closed', checkedIn: 0 }, now)).toBe('unattended');
  });

  it('shows an ad-hoc meeting and a cancelled one as stored', () => {
    expect(shownStatus({ origin: 'ad_hoc', status: 'open', endsAt: null, checkedIn: 0 }, now)).toBe('open');
    expect(shownStatus({ origin: 'ad_hoc', status: 'closed', endsAt: '2026-11-26T03:00:00.000Z', checkedIn: 0 }, now)).toBe('closed');
    expect(shownStatus({ ...scheduled, status: 'cancelled' }, now)).toBe('cancelled');
  });
});
