import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explanationNames, type ExplanationNames } from '../../server/domain/diagnostics/explanation-names.ts';
import type { Facts, FindingRule, Severity } from '../../server/domain/diagnostics/finding.ts';
import { explainFinding } from '../../server/domain/diagnostics/rules/all-rules.ts';
import { OrgCalendar } from '../../shared/org-calendar.ts';
import { openSqliteStore } from '../../server/store/sqlite/open-sqlite-store.ts';

/** The names a fresh server has: the meeting kinds the migration seeds. */
let seeded: ExplanationNames;
/** Read in China, as the server's default zone has it. */
const beijing = new OrgCalendar('Asia/Shanghai');
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mic-explanations-'));
  const store = openSqliteStore(join(dir, 'names.db'));
  seeded = await explanationNames(store.read);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One finding of each rule this file covers, with facts as the rules write them. */
const EXAMPLES: [FindingRule, Severity, Facts, { zh: string[]; en: string[] }][] = [
  [
    'six-month',
    'critical',
    { lastParticipation: '2026-03-02', since: '2026-03-02', months: 6 },
    { zh: ['连续6个月', '2026-03-02', '党章第九条', '支部大会'], en: ['6 consecutive months', 'article 9'] },
  ],
  ['six-month', 'warning', { lastParticipation: null, since: '2026-01-10', months: 3 }, { zh: ['3个月', '2026-01-10'], en: ['3 months', '2026-01-10'] }],
  [
    'meeting-cadence',
    'serious',
    { kind: 'general_meeting', cadence: 'P3M', lastHeld: '2026-05-01', due: '2026-08-01', daysOverdue: 40, state: 'missed' },
    { zh: ['支部党员大会', '每季度一次', '2026-05-01', '2026-08-01', '40天'], en: ['branch general meeting', 'every quarter', '40 day'] },
  ],
  [
    'meeting-cadence',
    'info',
    { kind: 'theme_day', cadence: 'P1M', lastHeld: null, due: '2026-12-01', daysOverdue: 0, state: 'due-soon' },
    { zh: ['主题党日', '每月一次', '2026-12-01'], en: ['theme day', 'every month'] },
  ],
  [
    'transfer-expiring',
    'warning',
    { from: 'A1', to: 'B1', issuedAt: '2026-11-01T08:00:00.000Z', expiresAt: '2026-12-01T08:00:00.000Z', daysLeft: 4 },
    { zh: ['4天', 'B1', '2026-12-01'], en: ['4 day', 'B1'] },
  ],
  [
    'transfer-expired',
    'serious',
    { from: 'A1', to: 'B1', issuedAt: '2026-10-01T08:00:00.000Z', expiresAt: '2026-10-31T08:00:00.000Z' },
    { zh: ['过期', '2026-10-31', '重新开具'], en: ['expired', '2026-10-31'] },
  ],
  [
    'transfer-waiting',
    'warning',
    { from: 'A1', to: 'B1', issuedAt: '2026-11-01T08:00:00.000Z', expiresAt: '2026-12-01T08:00:00.000Z', daysWaiting: 20 },
    { zh: ['20天', 'A1', '退回'], en: ['20 days', 'A1'] },
  ],
  [
    'mobile-lapsing',
    'info',
    { home: 'A1', host: 'B1', validFrom: '2026-06-01', validTo: '2026-12-05', lastAtHost: null },
    { zh: ['2026-12-05', 'A1', '延长'], en: ['2026-12-05', 'extend'] },
  ],
  [
    'mobile-inactive',
    'warning',
    { home: 'A1', host: 'B1', validFrom: '2026-06-01', validTo: null, lastAtHost: null },
    { zh: ['2026-06-01', '从未', '结束登记'], en: ['never checked in', 'end the registration'] },
  ],
];

describe('explanations: plain language, in Chinese and English, quoting the facts', () => {
  for (const [rule, severity, facts, quotes] of EXAMPLES) {
    it(`a ${severity} ${rule} finding says what, why and what to do, with its numbers and dates`, () => {
      const { zh, en } = explainFinding(rule, facts, severity, { names: seeded, calendar: beijing });
      for (const text of [zh, en]) for (const part of [text.title, text.why, text.action]) expect(part.trim().length).toBeGreaterThan(5);
      const zhText = `${zh.title} ${zh.why} ${zh.action}`;
      const enText = `${en.title} ${en.why} ${en.action}`;
      for (const quote of quotes.zh) expect(zhText).toContain(quote);
      for (const quote of quotes.en) expect(enText).toContain(quote);
      expect(zhText).not.toMatch(/undefined|NaN|\[object/);
      expect(enText).not.toMatch(/undefined|NaN|\[object/);
    });
  }
});

describe('explanations name meeting kinds as the kinds table does when they are read', () => {
  const overdue: Facts = { kind: 'study_session', cadence: 'P1M', lastHeld: '2026-10-01', due: '2026-11-01', daysOverdue: 5, state: 'overdue' };
  const text = (names: ExplanationNames, facts: Facts = overdue) => {
    const { zh, en } = explainFinding('meeting-cadence', facts, 'warning', { names, calendar: beijing });
    return { zh: `${zh.title} ${zh.why} ${zh.action}`, en: `${en.title} ${en.why} ${en.action}` };
  };

  it('a kind added later reads with its names, the English one in lower case inside the sentence, an abbreviation as it is', () => {
    const added = text({ meetingKinds: new Map([['study_session', { zh: '专题学习会', en: 'Study session' }]]) });
    expect(added.zh).toContain('专题学习会已经逾期');
    expect(added.en).toContain('The study session is overdue');
    expect(added.en).not.toContain('study_session');
    const abbreviated = text({ meetingKinds: new Map([['study_session', { zh: '专题学习会', en: 'CPC study session' }]]) });
    expect(abbreviated.en).toContain('The CPC study session is overdue');
  });

  it('a kind the table does not know is named by its code rather than not at all', () => {
    const unknown = text(seeded);
    expect(unknown.zh).toContain('study_session已经逾期');
    expect(unknown.en).toContain('The study_session is overdue');
  });
});

describe('explanations quote the days of stored times as the organisation’s days', () => {
  // Issued at 07:30 on 2 November in Beijing, expiring at 07:30 on 2 December there: still the 1st in UTC.
  const facts: Facts = { from: 'A1', to: 'B1', issuedAt: '2026-11-01T23:30:00.000Z', expiresAt: '2026-12-01T23:30:00.000Z', daysLeft: 4 };

  it('a letter issued before 08:00 in Beijing is dated there the day after UTC’s; read in UTC, the same facts are dated in UTC', () => {
    const { zh, en } = explainFinding('transfer-expiring', facts, 'warning', { names: seeded, calendar: beijing });
    expect(zh.why).toContain('本组织于2026-11-02为该党员开具');
    expect(zh.why).toContain('有效期到2026-12-02');
    expect(en.why).toContain('on 2026-11-02, valid until 2026-12-02');
    const inUtc = explainFinding('transfer-expiring', facts, 'warning', { names: seeded, calendar: new OrgCalendar('UTC') });
    expect(inUtc.en.why).toContain('on 2026-11-01, valid until 2026-12-01');
  });
});
