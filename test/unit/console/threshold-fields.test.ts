import { describe, expect, it } from 'vitest';
import type { MeetingKind, OrgThresholds } from '../../../console/ui/api/types.ts';
import { zhCN } from '../../../console/ui/i18n/zh-CN.ts';
import { checkFields, fieldsOf, KEEP, NOT_REQUIRED } from '../../../console/ui/reminders/threshold-fields.ts';
import { parseThreshold, THRESHOLD_LIMITS } from '../../../console/ui/reminders/threshold-limits.ts';
import { meetingKindsOf, resolve } from '../../../console/ui/reminders/threshold-sources.ts';
import { DEFAULT_THRESHOLDS } from '../../../server/domain/diagnostics/thresholds.ts';
import { ThresholdSchemas } from '../../../server/schemas/thresholds.ts';

/** A branch under 甲镇党委, which has set the warning at four months for its subtree. */
const view: OrgThresholds = {
  org: { code: 'A1', name: '甲镇第一支部', kind: 'branch' },
  rows: [
    { org: null, orgName: null, orgKind: 'branch', family: 'meeting-cadence', settings: { every: { general_meeting: 'P3M', committee: 'P1M' } } },
    { org: 'A', orgName: '甲镇党委', orgKind: null, family: 'six-month', settings: { warnMonths: 4 } },
    { org: 'A1', orgName: '甲镇第一支部', orgKind: null, family: 'six-month', settings: { seriousMonths: 5 } },
  ],
  ownRows: [{ org: 'A1', orgName: '甲镇第一支部', orgKind: null, family: 'six-month', settings: { seriousMonths: 5 } }],
  defaults: DEFAULT_THRESHOLDS,
  effective: {
    ...DEFAULT_THRESHOLDS,
    'meeting-cadence': { ...DEFAULT_THRESHOLDS['meeting-cadence'], every: { ...DEFAULT_THRESHOLDS['meeting-cadence'].every, general_meeting: 'P3M', committee: 'P1M' } },
    'six-month': { warnMonths: 4, seriousMonths: 5, decideMonths: 6 },
  },
};
const own = view.ownRows[0];

/** The kinds in use as GET /meeting-kinds lists them: the seeded ones but 'other', retired, and one added. */
const kinds: MeetingKind[] = [
  ...['general_meeting', 'committee', 'group', 'lecture', 'theme_day'].map((code) => ({ code, nameZh: code, nameEn: code, cadence: null, active: true })),
  { code: 'study_session', nameZh: '专题学习会', nameEn: 'Study session', cadence: null, active: true },
];

describe('the console’s threshold form', () => {
  it('knows the same limits as the server’s schemas, number by number', () => {
    const numbers = Object.entries(ThresholdSchemas).flatMap(([, schema]) => Object.entries(schema.shape).filter(([key]) => key !== 'every'));
    expect(numbers.map(([key]) => key).sort()).toEqual(Object.keys(THRESHOLD_LIMITS).sort());
    for (const [key, schema] of numbers) {
      const limit = THRESHOLD_LIMITS[key as keyof typeof THRESHOLD_LIMITS];
      const bounds = schema as unknown as { minValue: number; maxValue: number };
      expect(limit.min, key).toBe(bounds.minValue);
      expect(limit.max ?? Number.MAX_SAFE_INTEGER, key).toBe(bounds.maxValue);
    }
  });

  it('reads whole numbers within the limits, typed with half- or full-width digits, and nothing else', () => {
    const months = THRESHOLD_LIMITS.warnMonths;
    expect(parseThreshold(' 2 ', months)).toBe(2);
    expect(parseThreshold('１２', months)).toBe(12);
    expect(parseThreshold('0', months)).toBeUndefined();
    expect(parseThreshold('121', months)).toBeUndefined();
    expect(parseThreshold('2.5', months)).toBeUndefined();
    expect(parseThreshold('-1', months)).toBeUndefined();
    expect(parseThreshold('两个月', months)).toBeUndefined();
    expect(parseThreshold('99999999999999999999', THRESHOLD_LIMITS.backlogEvents)).toBeUndefined();
  });

  it('fills the fields with the row being changed and leaves the rest empty', () => {
    expect(fieldsOf(view, 'six-month', own, kinds)).toEqual({ numbers: { warnMonths: '', seriousMonths: '5', decideMonths: '' }, cadences: {} });
    const cadences = fieldsOf(view, 'meeting-cadence', { ...view.rows[0]!, settings: { every: { committee: 'P2M', lecture: null } } }, kinds).cadences;
    expect(cadences).toMatchObject({ committee: 'P2M', lecture: NOT_REQUIRED, general_meeting: KEEP, study_session: KEEP });
  });

  it('offers a cadence for each kind in use, in its order, a kind added since too, and for a retired kind only where a row still sets it', () => {
    expect(meetingKindsOf(view, kinds)).toEqual(['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'study_session']);
    const retiredSet: OrgThresholds = { ...view, ownRows: [{ org: 'A1', orgName: '甲镇第一支部', orgKind: null, family: 'meeting-cadence', settings: { every: { other: 'P6M' } } }] };
    expect(meetingKindsOf(retiredSet, kinds)).toEqual(['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'study_session', 'other']);
    expect(fieldsOf(retiredSet, 'meeting-cadence', retiredSet.ownRows[0], kinds).cadences).toMatchObject({ other: 'P6M', study_session: KEEP });
    // Before the kinds have loaded, the kinds the rows set are still shown.
    expect(meetingKindsOf(view, undefined)).toEqual(['general_meeting', 'committee']);
  });

  it('stores only what is filled in, and says what is wrong and what to enter', () => {
    const ok = checkFields(zhCN, view, 'six-month', { numbers: { warnMonths: '2', seriousMonths: '', decideMonths: '' }, cadences: {} }, true, own);
    expect(ok).toEqual({ settings: { warnMonths: 2 }, problems: {}, problem: undefined });

    const wrong = checkFields(zhCN, view, 'six-month', { numbers: { warnMonths: '0', seriousMonths: 'abc', decideMonths: '' }, cadences: {} }, true, own);
    expect(wrong.problems).toEqual({
      warnMonths: '“0”填得不对。请填 1 到 120 之间的整数（单位：个月），或者不填。',
      seriousMonths: '“abc”填得不对。请填 1 到 120 之间的整数（单位：个月），或者不填。',
    });
    const kiosks = checkFields(zhCN, view, 'kiosks', { numbers: { backlogEvents: '0' }, cadences: {} }, true, undefined);
    expect(kiosks.problems.backlogEvents).toBe('“0”填得不对。请填 1 或更大的整数（单位：条），或者不填。');
  });

  it('holds the six-month months in order once the kept numbers are counted, but only where they are known', () => {
    // Without this branch's own row the serious month is the default 5; a warning at 5 would never show.
    const clash = checkFields(zhCN, view, 'six-month', { numbers: { warnMonths: '5', seriousMonths: '', decideMonths: '' }, cadences: {} }, true, own);
    expect(clash.problem).toBe('月数要一个比一个多：“注意”少于“严重”，“严重”少于“需支部大会讨论”。现在是 5、5、6 个月，请改正后再保存。');
    // For another kind of organisation the kept numbers are not known here: only what is entered is compared.
    expect(checkFields(zhCN, view, 'six-month', { numbers: { warnMonths: '5', seriousMonths: '', decideMonths: '' }, cadences: {} }, false, undefined).problem).toBeUndefined();
    expect(checkFields(zhCN, view, 'six-month', { numbers: { warnMonths: '5', seriousMonths: '', decideMonths: '4' }, cadences: {} }, false, undefined).problem).toContain('5、—、4');
  });

  it('refuses a change that fills in nothing, and keeps a cadence set to "not required"', () => {
    expect(checkFields(zhCN, view, 'transfers', { numbers: { expiringDays: ' ' }, cadences: {} }, true, undefined).problem).toBe(zhCN.nothingEntered);
    const cadence = checkFields(zhCN, view, 'meeting-cadence', { numbers: {}, cadences: { lecture: 'P2M', committee: NOT_REQUIRED, group: KEEP } }, true, undefined);
    expect(cadence.settings).toEqual({ every: { lecture: 'P2M', committee: null } });
  });

  it('names where a number comes from: the default, a row above, or this organisation’s own', () => {
    expect(resolve(view, { family: 'six-month', number: 'decideMonths' })).toEqual({ value: 6, from: undefined });
    expect(resolve(view, { family: 'six-month', number: 'warnMonths' }).from?.orgName).toBe('甲镇党委');
    expect(resolve(view, { family: 'six-month', number: 'seriousMonths' }).from?.org).toBe('A1');
    expect(resolve(view, { family: 'six-month', number: 'seriousMonths' }, own)).toEqual({ value: 5, from: undefined });
    expect(resolve(view, { family: 'meeting-cadence', meetingKind: 'committee' }).from?.org).toBeNull();
    // A kind added since the defaults were written is not required by default, as on the server.
    expect(resolve(view, { family: 'meeting-cadence', meetingKind: 'study_session' })).toEqual({ value: null, from: undefined });
  });
});
