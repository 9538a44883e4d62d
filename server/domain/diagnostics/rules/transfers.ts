import { lapsesAtDayStart, lastValidDay } from '../../../../shared/letter-validity.ts';
import type { OrgCalendar } from '../../../../shared/org-calendar.ts';
import { addDays } from '../../../../shared/org-calendar.ts';
import { daysBetween, formerName, UTC_DAYS } from '../calendar.ts';
import { readableDay, readableTime } from './readable-time.ts';
import { widestSetting } from '../thresholds.ts';
import type { Condition, Facts } from '../finding.ts';
import type { DiagnosticRule, Explainer, RuleInput, RuleOutput } from '../rule.ts';

/** The longest lookback any configuration may set (the schema's bound on a number of days). */
const MAX_LOOKBACK_DAYS = 3650;

/**
 * Transfer letters (DESIGN §1): the sender stays responsible until the receiver accepts. The sender hears of
 * a letter about to expire and of one that expired unaccepted (and was not followed by a new letter); the
 * receiver hears of a letter waiting at it too long. Each letter is one subject; its expiry day, the last day it
 * is good for (shared/letter-validity.ts), names the episode. Days are whole days of the organisation's calendar,
 * as the people told count them: a letter good until Friday has 1 day left all Thursday long (0 on Friday itself,
 * until it expires), one issued on
 * the 1st has waited 14 days from the start of the 15th, and one that expired on the 1st stays a finding to
 * the end of the day expiredLookbackDays later.
 */
async function evaluate({ now, calendar, scope, read, thresholdsFor, thresholdRows }: RuleInput): Promise<RuleOutput> {
  const nowIso = now.toISOString();
  const today = calendar.dayOf(now);
  const subjects = scope.kind === 'all' ? 'all' : { members: [...scope.members], transfers: [...scope.transfers] };
  // Letters that expired before the day the longest expiredLookbackDays any organisation has reaches back to cannot be findings.
  const lookbackDays = scope.kind === 'all' ? widestSetting(thresholdRows, 'transfers', 'expiredLookbackDays') : MAX_LOOKBACK_DAYS;
  const letters = await read.diagnostics.letters(subjects, calendar.startOfDay(addDays(today, -lookbackDays)).toISOString());
  const conditions: Condition[] = [];
  const covered = new Set<string>();
  for (const letter of letters) {
    const subject = `transfer:${letter.id}`;
    covered.add(subject);
    const expiryDay = lastValidDay(letter.expiresAt, calendar);
    const base = {
      subject,
      episode: expiryDay,
      ...formerName(expiryDay, lastValidDay(letter.expiresAt, UTC_DAYS)),
      people: [letter.memberId],
      evidence: [
        { kind: 'transfer' as const, id: letter.id },
        { kind: 'member' as const, id: String(letter.memberId) },
      ],
    };
    const letterFacts = { from: letter.fromOrgCode, to: letter.toOrgCode, issuedAt: letter.issuedAt, expiresAt: letter.expiresAt };
    const open = letter.status === 'issued' && letter.expiresAt > nowIso;
    if (open) {
      const sender = (await thresholdsFor(letter.fromOrgId)).transfers;
      const daysLeft = daysBetween(today, expiryDay);
      if (daysLeft <= sender.expiringDays) {
        conditions.push({ ...base, rule: 'transfer-expiring', orgId: letter.fromOrgId, severity: 'warning', facts: { ...letterFacts, daysLeft } });
      }
      const receiver = (await thresholdsFor(letter.toOrgId)).transfers;
      const daysWaiting = daysBetween(calendar.dayOf(letter.issuedAt), today);
      if (daysWaiting >= receiver.waitingDays) {
        conditions.push({ ...base, rule: 'transfer-waiting', orgId: letter.toOrgId, severity: 'warning', facts: { ...letterFacts, daysWaiting } });
      }
      continue;
    }
    const lapsed = letter.status === 'expired' || letter.status === 'issued';
    if (!lapsed || letter.superseded) continue;
    const sender = (await thresholdsFor(letter.fromOrgId)).transfers;
    if (daysBetween(expiryDay, today) > sender.expiredLookbackDays) continue;
    conditions.push({ ...base, rule: 'transfer-expired', orgId: letter.fromOrgId, severity: 'serious', facts: letterFacts });
  }
  return { covered: scope.kind === 'all' ? 'all' : covered, conditions };
}

/** The last day a letter is good for, from the expiry the facts quote ('?' when they quote none). */
const lastDayOf = (expiresAt: unknown, calendar: OrgCalendar): string =>
  typeof expiresAt === 'string' && Number.isFinite(Date.parse(expiresAt)) ? lastValidDay(expiresAt, calendar) : '?';

/**
 * When to report by, in words: to the end of the letter's last day; on that day, "today". A letter issued before
 * letters ran to the end of a day lapses at the hour it was issued, and on its last day that hour is named.
 */
function reportBy(facts: Facts, calendar: OrgCalendar): { zh: string; en: string } {
  const lastDay = lastDayOf(facts.expiresAt, calendar);
  if (Number(facts.daysLeft) !== 0) return { zh: `最晚在${lastDay}`, en: `by the end of ${lastDay}` };
  if (typeof facts.expiresAt === 'string' && !lapsesAtDayStart(facts.expiresAt, calendar)) {
    const at = readableTime(facts.expiresAt, calendar);
    return { zh: `在${at}之前`, en: `before ${at}` };
  }
  return { zh: '今天之内', en: 'by the end of today' };
}

const explainExpiring: Explainer = (facts: Facts, _severity, { calendar }) => {
  const day = (timestamp: unknown): string => readableDay(timestamp, calendar);
  const lastDay = lastDayOf(facts.expiresAt, calendar);
  const daysLeft = Number(facts.daysLeft);
  const isLastDay = daysLeft === 0;
  const by = reportBy(facts, calendar);
  return {
    zh: {
      title: isLastDay ? '组织关系介绍信今天到期' : `组织关系介绍信还有${daysLeft}天到期`,
      why: `本组织于${day(facts.issuedAt)}为该党员开具了转往“${String(facts.to)}”的组织关系介绍信，有效期到${lastDay}，${isLastDay ? '今天就到期' : `还剩${daysLeft}天`}，对方组织还没有接收。党员在对方接收之前，仍由本组织负责管理。`,
      action: `请联系该党员，提醒他（她）${by.zh}到“${String(facts.to)}”报到；如有困难，也可以联系对方组织问清情况。`,
    },
    en: {
      title: isLastDay ? 'Transfer letter expires today' : `Transfer letter expires in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`,
      why: `This organisation issued a transfer letter to ${String(facts.to)} on ${day(facts.issuedAt)}, valid until ${lastDay}; the receiver has not accepted it yet. Until it does, the member remains this organisation's responsibility.`,
      action: `Remind the member to report to ${String(facts.to)} ${by.en}, or contact the receiving organisation to find out what is holding it up.`,
    },
  };
};

const explainExpired: Explainer = (facts: Facts, _severity, { calendar }) => {
  const day = (timestamp: unknown): string => readableDay(timestamp, calendar);
  const lastDay = lastDayOf(facts.expiresAt, calendar);
  return {
    zh: {
      title: '组织关系介绍信已过期，对方未接收',
      why: `本组织于${day(facts.issuedAt)}为该党员开具的转往“${String(facts.to)}”的介绍信，有效期到${lastDay}，已经过期，对方组织没有接收。介绍信过期后，该党员的组织关系仍在本组织。`,
      action: '请联系该党员了解情况：如仍需转接，请重新开具介绍信；如不再转接，请继续在本组织管理，按时通知他（她）参加组织生活。',
    },
    en: {
      title: 'Transfer letter expired unaccepted',
      why: `The letter this organisation issued on ${day(facts.issuedAt)} to ${String(facts.to)} was valid until ${lastDay} and expired without being accepted, so the membership stays here.`,
      action: 'Contact the member: if the transfer is still needed, issue a new letter; if not, keep them in this organisation and invite them to its meetings.',
    },
  };
};

const explainWaiting: Explainer = (facts: Facts, _severity, { calendar }) => {
  const day = (timestamp: unknown): string => readableDay(timestamp, calendar);
  const lastDay = lastDayOf(facts.expiresAt, calendar);
  return {
    zh: {
      title: `有一封转入介绍信已等待${String(facts.daysWaiting)}天`,
      why: `“${String(facts.from)}”于${day(facts.issuedAt)}开具了转入本组织的组织关系介绍信，已经等待${String(facts.daysWaiting)}天，本组织还没有接收，介绍信有效期到${lastDay}。`,
      action: '请联系该党员尽快来报到：党员本人刷卡、支部书记刷卡确认即可在会议登记终端上完成接收；如不能接收，请在管理平台上退回并说明理由。',
    },
    en: {
      title: `Incoming transfer letter waiting ${String(facts.daysWaiting)} days`,
      why: `${String(facts.from)} issued a letter transferring a member here on ${day(facts.issuedAt)}; it has waited ${String(facts.daysWaiting)} days without being accepted and is valid until ${lastDay}.`,
      action: 'Ask the member to report soon: the member taps their card and the secretary confirms with theirs at the kiosk. If you cannot accept, return the letter in the console with a reason.',
    },
  };
};

export const transferRules: DiagnosticRule = {
  family: 'transfers',
  rules: ['transfer-expiring', 'transfer-expired', 'transfer-waiting'],
  chunkBy: 'members',
  evaluate,
  explain: { 'transfer-expiring': explainExpiring, 'transfer-expired': explainExpired, 'transfer-waiting': explainWaiting },
};
