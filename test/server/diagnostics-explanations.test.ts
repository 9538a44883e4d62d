import { describe, expect, it } from 'vitest';
import type { Facts, FindingRule, Severity } from '../../server/domain/diagnostics/finding.ts';
import { explainFinding } from '../../server/domain/diagnostics/rules/all-rules.ts';

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
      const { zh, en } = explainFinding(rule, facts, severity);
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
