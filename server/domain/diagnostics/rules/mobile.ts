import { daysBetween } from '../calendar.ts';
import type { Condition, Facts } from '../finding.ts';
import type { DiagnosticRule, Explainer, RuleInput, RuleOutput } from '../rule.ts';

/**
 * Mobile members (DESIGN §1): the host organisation records a mobile member's participation, so it hears of
 * a registration about to lapse (to extend it or let the member know) and of a mobile member it has not
 * seen at any of its meetings since the registration began.
 */
async function evaluate({ now, calendar, scope, read, thresholdsFor }: RuleInput): Promise<RuleOutput> {
  const today = calendar.dayOf(now);
  const members = scope.kind === 'all' ? 'all' : [...scope.members];
  const periods = await read.diagnostics.mobilePeriods(members, today, now.toISOString());
  const conditions: Condition[] = [];
  const covered = new Set<string>();
  for (const period of periods) {
    const subject = `mobile:${period.id}`;
    covered.add(subject);
    const live = period.validFrom <= today && (period.validTo === null || period.validTo > today);
    if (!live) continue;
    const settings = (await thresholdsFor(period.hostOrgId)).mobile;
    const base = {
      subject,
      orgId: period.hostOrgId,
      people: [period.memberId],
      facts: {
        home: period.homeOrgCode,
        host: period.hostOrgCode,
        validFrom: period.validFrom,
        validTo: period.validTo,
        lastAtHost: period.lastAtHost === null ? null : calendar.dayOf(period.lastAtHost),
      },
      evidence: [
        { kind: 'mobile-period' as const, id: String(period.id) },
        { kind: 'member' as const, id: String(period.memberId) },
      ],
    };
    if (period.validTo !== null && period.endedAt === null && daysBetween(today, period.validTo) <= settings.lapsingDays) {
      conditions.push({ ...base, rule: 'mobile-lapsing', episode: period.validTo, severity: 'info' });
    }
    const seenSinceStart = period.lastAtHost !== null && calendar.dayOf(period.lastAtHost) >= period.validFrom;
    if (!seenSinceStart && daysBetween(period.validFrom, today) >= settings.inactiveDays) {
      conditions.push({ ...base, rule: 'mobile-inactive', episode: period.validFrom, severity: 'warning' });
    }
  }
  return { covered: scope.kind === 'all' ? 'all' : covered, conditions };
}

const until = (facts: Facts) => (facts.validTo === null ? { zh: '长期', en: 'open-ended' } : { zh: `到${String(facts.validTo)}为止`, en: `until ${String(facts.validTo)}` });

const explainLapsing: Explainer = (facts: Facts) => ({
  zh: {
    title: `流动党员登记将于${String(facts.validTo)}到期`,
    why: `该党员（组织关系在“${String(facts.home ?? '—')}”）自${String(facts.validFrom)}起在本组织登记为流动党员，登记${until(facts).zh}，即将到期。到期后他（她）在本组织参加活动只算来访，不再记为流动党员。`,
    action: '请与该党员确认：如仍在本地，请在管理平台上延长登记期限；如已离开，可以不处理，到期后登记自动结束。',
  },
  en: {
    title: `Mobile registration ends on ${String(facts.validTo)}`,
    why: `The member (home organisation ${String(facts.home ?? '—')}) has been registered here as a mobile member since ${String(facts.validFrom)}, ${until(facts).en}. After that, their check-ins here count as visits only.`,
    action: 'Check with the member: if they are still here, extend the registration in the console; if they have left, nothing is needed — it ends by itself.',
  },
});

const explainInactive: Explainer = (facts: Facts) => {
  const lastZh = facts.lastAtHost === null ? '从未在本组织的会议上签到' : `最近一次在本组织签到是${String(facts.lastAtHost)}，登记之后还没有签到记录`;
  const lastEn = facts.lastAtHost === null ? 'has never checked in at a meeting here' : `last checked in here on ${String(facts.lastAtHost)}, before the registration`;
  return {
    zh: {
      title: '流动党员登记后没有参加本组织的活动',
      why: `该党员（组织关系在“${String(facts.home ?? '—')}”）自${String(facts.validFrom)}起在本组织登记为流动党员，${lastZh}。流动党员应当参加流入地党组织的组织生活。`,
      action: `请联系该党员，通知他（她）参加本组织的下一次组织生活，到会时刷卡签到；如已离开本地，请结束登记，并告知其组织关系所在的“${String(facts.home ?? '—')}”。`,
    },
    en: {
      title: 'Mobile member not seen at any meeting here',
      why: `The member (home organisation ${String(facts.home ?? '—')}) registered here as a mobile member on ${String(facts.validFrom)} and ${lastEn}. Mobile members take part in the host's organisational life.`,
      action: `Contact the member and invite them to the next meeting (a card check-in counts); if they have left, end the registration and let ${String(facts.home ?? 'their home organisation')} know.`,
    },
  };
};

export const mobileRules: DiagnosticRule = {
  family: 'mobile',
  rules: ['mobile-lapsing', 'mobile-inactive'],
  // Not chunked: a full run reads the live periods (tens of thousands) in one statement, where chunks of
  // members would seek every member of the province to find them.
  evaluate,
  explain: { 'mobile-lapsing': explainLapsing, 'mobile-inactive': explainInactive },
};
