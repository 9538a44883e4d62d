import type { MeetingKind, OrgThresholds, ThresholdRow } from '../api/types.ts';
import type { Messages, ThresholdNumber } from '../i18n/messages.ts';
import { parseThreshold, THRESHOLD_LIMITS } from './threshold-limits.ts';
import { meetingKindsOf, numbersOf, resolve, valueIn, type ThresholdFamily } from './threshold-sources.ts';

/** A cadence select's value: keep what is set above, not required, or a period ('P3M'). */
export const KEEP = '';
export const NOT_REQUIRED = 'none';

/** What the form holds: the text of each number field and the choice for each meeting kind's cadence. */
export interface ThresholdFields {
  numbers: Partial<Record<ThresholdNumber, string>>;
  cadences: Record<string, string>;
}

/** The fields for one configuration row: its numbers filled in, everything it leaves alone empty; `kinds`: the meeting kinds in use. */
export function fieldsOf(view: OrgThresholds, family: ThresholdFamily, row: ThresholdRow | undefined, kinds: readonly MeetingKind[] | undefined): ThresholdFields {
  const numbers: ThresholdFields['numbers'] = {};
  for (const number of numbersOf(view, family)) {
    const value = row?.settings[number];
    numbers[number] = typeof value === 'number' ? String(value) : '';
  }
  const cadences: Record<string, string> = {};
  if (family === 'meeting-cadence') {
    for (const meetingKind of meetingKindsOf(view, kinds)) {
      const value = row ? valueIn(row.settings, { family, meetingKind }) : undefined;
      cadences[meetingKind] = value === undefined ? KEEP : value === null ? NOT_REQUIRED : String(value);
    }
  }
  return { numbers, cadences };
}

export interface CheckedFields {
  /** what to store: only what was filled in */
  settings: Record<string, unknown>;
  /** per number field, what is wrong and what to enter */
  problems: Partial<Record<ThresholdNumber, string>>;
  /** what is wrong with the numbers together */
  problem: string | undefined;
}

const SIX_MONTH_ORDER = ['warnMonths', 'seriousMonths', 'decideMonths'] as const;

/**
 * The row the fields make, checked before anything is sent. `without` is the row being replaced: where the
 * row applies to this organisation itself, a field left empty keeps what holds without it, and the months
 * of the six-month rule must still rise once the kept and the entered numbers are put together.
 */
export function checkFields(
  m: Messages,
  view: OrgThresholds,
  family: ThresholdFamily,
  fields: ThresholdFields,
  appliesHere: boolean,
  without: ThresholdRow | undefined,
): CheckedFields {
  const settings: Record<string, unknown> = {};
  const problems: CheckedFields['problems'] = {};
  for (const number of numbersOf(view, family)) {
    const text = (fields.numbers[number] ?? '').trim();
    if (text === '') continue;
    const limit = THRESHOLD_LIMITS[number];
    const value = parseThreshold(text, limit);
    if (value === undefined) problems[number] = m.thresholdInvalid(text, limit.min, limit.max, m.thresholdUnits[limit.unit]);
    else settings[number] = value;
  }
  const every: Record<string, string | null> = {};
  for (const [meetingKind, choice] of Object.entries(fields.cadences)) {
    if (choice !== KEEP) every[meetingKind] = choice === NOT_REQUIRED ? null : choice;
  }
  if (Object.keys(every).length > 0) settings.every = every;

  let problem: string | undefined;
  if (family === 'six-month' && Object.keys(problems).length === 0) {
    const months = SIX_MONTH_ORDER.map((number) => {
      const entered = settings[number];
      if (typeof entered === 'number') return entered;
      const kept = appliesHere ? resolve(view, { family, number }, without).value : undefined;
      return typeof kept === 'number' ? kept : undefined;
    });
    const known = months.filter((value): value is number => value !== undefined);
    if (known.some((value, index) => index > 0 && value <= (known[index - 1] ?? 0))) {
      const shown = (value: number | undefined): string => (value === undefined ? '—' : String(value));
      problem = m.monthsOutOfOrder(shown(months[0]), shown(months[1]), shown(months[2]));
    }
  }
  if (problem === undefined && Object.keys(problems).length === 0 && Object.keys(settings).length === 0) problem = m.nothingEntered;
  return { settings, problems, problem };
}
