import { formerName, UTC_DAYS, wholeMonthsBetween } from '../calendar.ts';
import type { OrgCalendar } from '../../../../shared/org-calendar.ts';
import type { ParticipationFacts } from '../../../store/repositories/diagnostics.ts';
import type { Condition, Facts, Severity } from '../finding.ts';
import type { DiagnosticRule, Explainer, RuleInput, RuleOutput } from '../rule.ts';

/**
 * The six-month rule (constitution art. 9): an active member who takes part in no organisational life,
 * anywhere, for six consecutive months is regarded as having left. The rule counts whole months since the
 * member's last check-in at any organisation (or, when there is none, since they became a member here) and
 * warns well before: warning, then serious, then the case the branch meeting must decide. A check-in
 * anywhere starts a new episode, so the finding resolves itself.
 */
const later = (a: Date, b: Date): Date => (a > b ? a : b);

/** Where the count starts: the last check-in anywhere, or when there is none the later of joining here (the start of that day) and being registered. */
const baselineOf = (row: ParticipationFacts, calendar: OrgCalendar): Date =>
  row.lastAt === null ? later(calendar.startOfDay(row.firstHomeFrom!), new Date(row.createdAt)) : new Date(row.lastAt);

/** The episode: the day the count starts from, marked when it is not a check-in's. */
const episodeOf = (row: ParticipationFacts, calendar: OrgCalendar): string => {
  const since = calendar.dayOf(baselineOf(row, calendar));
  return row.lastAt === null ? `since:${since}` : since;
};

async function evaluate({ now, calendar, scope, read, thresholdsFor }: RuleInput): Promise<RuleOutput> {
  const members = scope.kind === 'all' ? 'all' : [...scope.members];
  const rows = await read.diagnostics.participation(members, now.toISOString());
  const conditions: Condition[] = [];
  for (const row of rows) {
    const baseline = baselineOf(row, calendar);
    const months = wholeMonthsBetween(baseline, now, calendar);
    const settings = (await thresholdsFor(row.homeOrgId))['six-month'];
    let severity: Severity;
    if (months >= settings.decideMonths) severity = 'critical';
    else if (months >= settings.seriousMonths) severity = 'serious';
    else if (months >= settings.warnMonths) severity = 'warning';
    else continue;
    const since = calendar.dayOf(baseline);
    const episode = episodeOf(row, calendar);
    conditions.push({
      rule: 'six-month',
      subject: `member:${row.memberId}`,
      episode,
      ...formerName(episode, episodeOf(row, UTC_DAYS)),
      orgId: row.homeOrgId,
      severity,
      people: [row.memberId],
      facts: { lastParticipation: row.lastAt === null ? null : since, since, months },
      evidence: [{ kind: 'member', id: String(row.memberId) }],
    });
  }
  const covered = scope.kind === 'all' ? 'all' : new Set([...scope.members].map((id) => `member:${id}`));
  return { covered, conditions };
}

const explainSixMonth: Explainer = (facts: Facts, severity) => {
  const months = Number(facts.months);
  const last = facts.lastParticipation;
  const sinceZh = last === null ? `自${String(facts.since)}登记为本组织党员以来，没有任何参加组织生活的签到记录` : `最近一次参加组织生活是在${String(last)}`;
  const sinceEn = last === null ? `has no check-in at any meeting since becoming a member here on ${String(facts.since)}` : `last took part in a meeting on ${String(last)}`;
  if (severity === 'critical') {
    return {
      zh: {
        title: `该党员已连续${months}个月未参加组织生活`,
        why: `该党员${sinceZh}，到今天已连续${months}个月没有参加组织生活（在本支部或其他任何组织都没有签到记录）。按党章第九条，党员没有正当理由，连续六个月不参加党的组织生活，就被认为是自行脱党。`,
        action: '请支部书记先与该党员本人谈话，了解有无正当理由（如生病、外出务工未登记等）；没有正当理由的，支部大会应讨论决定，并报上级党组织。',
      },
      en: {
        title: `No participation for ${months} consecutive months`,
        why: `This member ${sinceEn}: ${months} consecutive months with no organisational life, here or anywhere else. Under article 9 of the constitution, a member who without proper reason takes part in no organisational life for six consecutive months is regarded as having left.`,
        action: 'Talk with the member to learn whether there is a proper reason (illness, working away without registering, …). If there is none, the branch general meeting must discuss and decide, and report to the organisation above.',
      },
    };
  }
  const serious = severity === 'serious';
  return {
    zh: {
      title: serious ? `该党员已连续${months}个月未参加组织生活，即将满六个月` : `该党员已连续${months}个月未参加组织生活`,
      why: `该党员${sinceZh}，到今天已连续${months}个月没有参加组织生活（在本支部或其他任何组织都没有签到记录）。按党章第九条，连续六个月不参加组织生活将被认为是自行脱党。`,
      action: serious
        ? '请支部书记尽快与该党员联系谈心，了解原因，帮助他（她）参加下一次组织生活；如在外地，可以到所在地党组织参加活动并刷卡签到，或登记为流动党员。'
        : '请联系该党员，提醒并邀请他（她）参加下一次组织生活；在任何党组织的会议上刷卡签到都算参加。',
    },
    en: {
      title: serious ? `No participation for ${months} months — six months are near` : `No participation for ${months} months`,
      why: `This member ${sinceEn}: ${months} consecutive months with no organisational life, here or anywhere else. Under article 9 of the constitution, six consecutive months without proper reason count as having left.`,
      action: serious
        ? 'Contact the member soon, learn why, and help them attend the next meeting; if they are away, a check-in at the local organisation counts, or they can register there as a mobile member.'
        : 'Contact the member and invite them to the next meeting; a check-in at any organisation’s meeting counts.',
    },
  };
};

export const sixMonthRules: DiagnosticRule = {
  family: 'six-month',
  rules: ['six-month'],
  chunkBy: 'members',
  evaluate,
  explain: { 'six-month': explainSixMonth },
};
