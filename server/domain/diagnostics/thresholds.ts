import type { ThresholdFamily, Thresholds } from '../../schemas/thresholds.ts';

/**
 * The built-in numbers, before any configuration row. No meeting kind is required here: the branches'
 * "three meetings and one lecture" (DESIGN §1) is a configuration row the migration seeds for the kind
 * 'branch', so a county can change it like any other number. Merging is per key, and one level deep for
 * `every`, so a row that sets only `every.lecture` keeps the other kinds' cadences.
 */
export const DEFAULT_THRESHOLDS: Thresholds = {
  'meeting-cadence': {
    every: { general_meeting: null, committee: null, group: null, lecture: null, theme_day: null, other: null },
    dueSoonDays: 7,
    missedAfterDays: 30,
  },
  'six-month': { warnMonths: 3, seriousMonths: 5, decideMonths: 6 },
  transfers: { expiringDays: 7, waitingDays: 14, expiredLookbackDays: 90 },
  mobile: { lapsingDays: 14, inactiveDays: 60 },
  kiosks: { silentHours: 72, backlogEvents: 500, skewSeconds: 300 },
  security: { alarmLookbackDays: 30, deniedCount: 3, deniedWindowDays: 7 },
};

export type { ThresholdFamily, Thresholds };

/** One configuration row of `diagnostic_thresholds`. */
export interface ThresholdRow {
  id: number;
  /** null: the whole tree */
  orgId: number | null;
  /** null: every kind */
  orgKind: string | null;
  family: ThresholdFamily;
  settings: Record<string, unknown>;
}

/**
 * The configuration rows that reach one organisation, in the order they apply: from the root down to the
 * organisation itself (`pathIds`, root first), a kind-NULL row before a kind-specific one at each level.
 * Rows for other kinds or other subtrees do not reach it.
 */
export function rowsReaching(rows: readonly ThresholdRow[], pathIds: readonly number[], orgKind: string): ThresholdRow[] {
  const levels: (number | null)[] = [null, ...pathIds];
  return rows
    .filter((row) => levels.includes(row.orgId) && (row.orgKind === null || row.orgKind === orgKind))
    .sort((a, b) => levels.indexOf(a.orgId) - levels.indexOf(b.orgId) || (a.orgKind === null ? 0 : 1) - (b.orgKind === null ? 0 : 1));
}

/** The defaults, then each of `reaching` (as `rowsReaching` orders them) overriding what came before. */
export function mergeThresholds(reaching: readonly ThresholdRow[]): Thresholds {
  const merged = structuredClone(DEFAULT_THRESHOLDS) as Record<ThresholdFamily, Record<string, unknown>>;
  for (const row of reaching) {
    const target = merged[row.family];
    for (const [key, value] of Object.entries(row.settings)) {
      target[key] = isPlainObject(value) && isPlainObject(target[key]) ? { ...target[key], ...value } : value;
    }
  }
  return merged as Thresholds;
}

/** The numbers that hold for one organisation: the defaults, overridden by the rows that reach it. */
export const effectiveThresholds = (rows: readonly ThresholdRow[], pathIds: readonly number[], orgKind: string): Thresholds =>
  mergeThresholds(rowsReaching(rows, pathIds, orgKind));

/**
 * The largest number any organisation has for a setting: the default, or a configuration row's. A full
 * run reads back that far once, and each organisation's own number then narrows it.
 */
export function widestSetting<F extends ThresholdFamily>(rows: readonly ThresholdRow[], family: F, key: keyof Thresholds[F] & string): number {
  const configured = rows.flatMap((row) => (row.family === family && typeof row.settings[key] === 'number' ? [row.settings[key]] : []));
  return Math.max(Number(DEFAULT_THRESHOLDS[family][key]), ...configured);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
