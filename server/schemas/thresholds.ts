import { z } from 'zod';
import { MeetingKindCodeSchema } from './meetings.ts';

/**
 * The numbers of the diagnostic rules, one object per family. Each is configuration: the defaults in
 * server/domain/diagnostics/thresholds.ts, overridden per organisation kind and per subtree. Days are calendar
 * days of the organisation's zone, each from one midnight there to the next, except in the security family's
 * windows, which reach back from now in days of 24 hours.
 */
const days = z.number().int().min(0).max(3650);
const months = z.number().int().min(1).max(120);
/** how often a meeting kind is due: an ISO 8601 period of whole months or weeks ('P1M', 'P3M', 'P2W'), or null when not required */
const Cadence = z.string().regex(/^P(\d{1,2}M|\d{1,2}W)$/, 'a cadence is P<n>M or P<n>W').nullable();

export const ThresholdSchemas = {
  'meeting-cadence': z.strictObject({
    every: z.record(MeetingKindCodeSchema, Cadence).describe('meeting kind → cadence; null = not required'),
    dueSoonDays: days.describe('a meeting is "due soon" from this many days before its due date, unless one is scheduled by then'),
    missedAfterDays: days.describe('an overdue meeting counts as missed once more than this many days have passed since its due date'),
  }),
  'six-month': z.strictObject({
    warnMonths: months.describe('no participation anywhere for this long: warning'),
    seriousMonths: months.describe('… this long: serious'),
    decideMonths: months.describe('… this long: the branch meeting must decide (constitution art. 9)'),
  }),
  transfers: z.strictObject({
    expiringDays: days.describe('an open letter whose expiry day is at most this many days away is flagged to the sender'),
    waitingDays: days.describe('an open letter issued at least this many days ago is flagged to the receiver'),
    expiredLookbackDays: days.describe('a letter that expired unaccepted is flagged to the sender until this many days after its expiry day'),
  }),
  mobile: z.strictObject({
    lapsingDays: days.describe('a mobile registration ending within this many days is flagged to the host'),
    inactiveDays: days.describe('a mobile member registered this long with no participation at the host is flagged'),
  }),
  kiosks: z.strictObject({
    silentHours: z.number().int().min(1).max(24 * 365).describe('a kiosk not heard from for this long is silent'),
    backlogEvents: z.number().int().min(1).describe('an outbox backlog at or above this many events is flagged'),
    skewSeconds: z.number().int().min(1).describe('a kiosk clock off by more than this is flagged'),
  }),
  security: z.strictObject({
    alarmLookbackDays: days.describe('clone and fork alarms raised within this many days (of 24 hours, back from now) are findings'),
    deniedCount: z.number().int().min(1).describe('a card denied this many times …'),
    deniedWindowDays: days.describe('… within this many days (of 24 hours, back from now) is flagged'),
  }),
} as const;

export type ThresholdFamily = keyof typeof ThresholdSchemas;
export type Thresholds = { [F in ThresholdFamily]: z.infer<(typeof ThresholdSchemas)[F]> };

export const THRESHOLD_FAMILIES = Object.keys(ThresholdSchemas) as ThresholdFamily[];
