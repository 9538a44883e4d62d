import type { ThresholdNumber } from '../i18n/messages.ts';

export type ThresholdUnit = 'days' | 'months' | 'hours' | 'events' | 'seconds' | 'times';

export interface ThresholdLimit {
  min: number;
  /** absent: any whole number from `min` up */
  max?: number;
  unit: ThresholdUnit;
}

/**
 * What the server accepts for each number (server/schemas/thresholds.ts), so the form can say what to enter
 * before anything is sent. The console ships no server code; a unit test holds this table to the schemas.
 */
export const THRESHOLD_LIMITS: Record<ThresholdNumber, ThresholdLimit> = {
  dueSoonDays: { min: 0, max: 3650, unit: 'days' },
  missedAfterDays: { min: 0, max: 3650, unit: 'days' },
  warnMonths: { min: 1, max: 120, unit: 'months' },
  seriousMonths: { min: 1, max: 120, unit: 'months' },
  decideMonths: { min: 1, max: 120, unit: 'months' },
  expiringDays: { min: 0, max: 3650, unit: 'days' },
  waitingDays: { min: 0, max: 3650, unit: 'days' },
  expiredLookbackDays: { min: 0, max: 3650, unit: 'days' },
  lapsingDays: { min: 0, max: 3650, unit: 'days' },
  inactiveDays: { min: 0, max: 3650, unit: 'days' },
  silentHours: { min: 1, max: 24 * 365, unit: 'hours' },
  backlogEvents: { min: 1, unit: 'events' },
  skewSeconds: { min: 1, unit: 'seconds' },
  alarmLookbackDays: { min: 0, max: 3650, unit: 'days' },
  deniedCount: { min: 1, unit: 'times' },
  deniedWindowDays: { min: 0, max: 3650, unit: 'days' },
};

/** Digits typed with a Chinese input method come full-width ("１２"); they mean the same number. */
const halfWidth = (text: string): string => text.replace(/[\uFF10-\uFF19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));

/** The number typed into a field, or undefined when it is not a whole number within the limits. */
export function parseThreshold(text: string, limit: ThresholdLimit): number | undefined {
  const trimmed = halfWidth(text.trim());
  if (!/^\d+$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && value >= limit.min && (limit.max === undefined || value <= limit.max) ? value : undefined;
}
