import { addCadence, daysBetween, formerName, UTC_DAYS } from '../calendar.ts';
import type { ExplanationNames } from '../explanation-names.ts';
import type { Condition, Facts, Severity } from '../finding.ts';
import type { DiagnosticRule, Explainer, RuleInput, RuleOutput } from '../rule.ts';

/**
 * A kind as the kinds table names it when the finding is read. The English name is a label ('Branch general
 * meeting'), so inside a sentence it starts in lower case, unless it starts with an abbreviation ('CPC …').
 * A code the table does not know shows as itself.
 */
function kindName(kind: unknown, names: ExplanationNames): { zh: string; en: string } {
  const named = names.meetingKinds.get(String(kind));
  if (!named) return { zh: String(kind), en: String(kind) };
  const en = /^\p{Lu}\p{Ll}/u.test(named.en) ? named.en.charAt(0).toLowerCase() + named.en.slice(1) : named.en;
  return { zh: named.zh, en };
}

function cadenceText(cadence: unknown): { zh: string; en: string } {
  const match = /^P(\d+)([MW])$/.exec(String(cadence));
  if (!match) return { zh: String(cadence), en: String(cadence) };
  const count = Number(match[1]);
  if (match[2] === 'W') return count === 1 ? { zh: '每周一次', en: 'every week' } : { zh: `每${count}周一次`, en: `every ${count} weeks` };
  if (count === 1) return { zh: '每月一次', en: 'every month' };
  if (count === 3) return { zh: '每季度一次', en: 'every quarter' };
  return { zh: `每${count}个月一次`, en: `every ${count} months` };
}

/**
 * Meeting cadence ("three meetings and one lecture"): each organisation holds each required kind of meeting
 * at its configured cadence, counted from the last one held (or from the organisation's creation). The due
 * date is a day of the organisation's calendar, the last day to hold the meeting on, and the rule counts whole
 * calendar days around it as a secretary does: due soon (info) from the start of the day dueSoonDays before
 * it, unless one is already planned by then; overdue (warning) from the start of the day after it; missed
 * (serious) once overdue for more than missedAfterDays days (with 7, from the start of the 8th day after it).
 * The due date names the episode: holding the meeting moves it, so the finding resolves itself.
 */
async function evaluate({ now, calendar, scope, read, thresholdsFor }: RuleInput): Promise<RuleOutput> {
  const orgs = scope.kind === 'all' ? await read.diagnostics.orgIdsAfter(0, Number.MAX_SAFE_INTEGER) : [...scope.orgs];
  const kinds = await read.diagnostics.meetingKinds();
  // A kind nobody can plan (retired, or never configured) is required of nobody, whatever the thresholds say.
  const inUse = new Set(kinds.filter((kind) => kind.active).map((kind) => kind.code));
  // Only the kinds an organisation must hold are looked up; every kind is covered, so a finding of a kind
  // that is no longer required resolves.
  const covered = new Set<string>();
  const required: { orgId: number; kind: string }[] = [];
  for (const orgId of orgs) {
    const every = (await thresholdsFor(orgId))['meeting-cadence'].every;
    for (const kind of new Set([...kinds.map((known) => known.code), ...Object.keys(every)])) {
      covered.add(`org:${orgId}:${kind}`);
      if (every[kind] && inUse.has(kind)) required.push({ orgId, kind });
    }
  }
  const pairs = await read.diagnostics.cadence(required, now.toISOString());
  const today = calendar.dayOf(now);
  const conditions: Condition[] = [];
  for (const pair of pairs) {
    const subject = `org:${pair.orgId}:${pair.kind}`;
    const settings = (await thresholdsFor(pair.orgId))['meeting-cadence'];
    const cadence = settings.every[pair.kind]!;
    const since = new Date(pair.lastHeldAt ?? pair.orgCreatedAt);
    const due = calendar.dayOf(addCadence(since, cadence, calendar));
    const daysOverdue = daysBetween(due, today);
    let state: 'due-soon' | 'overdue' | 'missed';
    let severity: Severity;
    if (daysOverdue > settings.missedAfterDays) [state, severity] = ['missed', 'serious'];
    else if (daysOverdue > 0) [state, severity] = ['overdue', 'warning'];
    else if (-daysOverdue <= settings.dueSoonDays && (pair.nextPlannedAt === null || calendar.dayOf(pair.nextPlannedAt) > due)) {
      [state, severity] = ['due-soon', 'info'];
    } else continue;
    conditions.push({
      rule: 'meeting-cadence',
      subject,
      episode: due,
      ...formerName(due, UTC_DAYS.dayOf(addCadence(since, cadence, UTC_DAYS))),
      orgId: pair.orgId,
      severity,
      people: [],
      facts: {
        kind: pair.kind,
        cadence,
        lastHeld: pair.lastHeldAt === null ? null : calendar.dayOf(pair.lastHeldAt),
        due,
        daysOverdue: Math.max(0, daysOverdue),
        state,
      },
      evidence: [{ kind: 'org', id: pair.orgCode }, ...(pair.lastHeldId === null ? [] : [{ kind: 'meeting' as const, id: pair.lastHeldId }])],
    });
  }
  return { covered: scope.kind === 'all' ? 'all' : covered, conditions };
}

const explainCadence: Explainer = (facts: Facts, _severity, { names }) => {
  const kind = kindName(facts.kind, names);
  const every = cadenceText(facts.cadence);
  const lastZh = facts.lastHeld === null ? '本组织还没有召开过' + kind.zh : `上一次${kind.zh}是在${String(facts.lastHeld)}召开的`;
  const lastEn = facts.lastHeld === null ? `no ${kind.en} has been held yet` : `the last ${kind.en} was held on ${String(facts.lastHeld)}`;
  const days = Number(facts.daysOverdue);
  switch (facts.state) {
    case 'due-soon':
      return {
        zh: {
          title: `${kind.zh}即将到期`,
          why: `按规定，${kind.zh}应当${every.zh}。${lastZh}，下一次应在${String(facts.due)}之前召开，目前还没有安排。`,
          action: `请在${String(facts.due)}之前安排并召开${kind.zh}，并在会议登记终端上开启会议，让到会党员刷卡签到。`,
        },
        en: {
          title: `The ${kind.en} is due soon`,
          why: `A ${kind.en} is required ${every.en}; ${lastEn}, so the next one is due by ${String(facts.due)} and none is planned yet.`,
          action: `Schedule and hold the ${kind.en} before ${String(facts.due)}, and open it on the kiosk so members can check in with their cards.`,
        },
      };
    case 'overdue':
      return {
        zh: {
          title: `${kind.zh}已经逾期`,
          why: `按规定，${kind.zh}应当${every.zh}。${lastZh}，本应在${String(facts.due)}之前召开，现已逾期${days}天。`,
          action: `请尽快召开${kind.zh}，并在会议登记终端上开启会议，让到会党员刷卡签到；会议召开后，这条提醒会自动消除。`,
        },
        en: {
          title: `The ${kind.en} is overdue`,
          why: `A ${kind.en} is required ${every.en}; ${lastEn}, so one was due by ${String(facts.due)} — ${days} day(s) ago.`,
          action: `Hold the ${kind.en} as soon as possible and open it on the kiosk so members check in; this reminder clears itself once it is held.`,
        },
      };
    default:
      return {
        zh: {
          title: `${kind.zh}未按期召开`,
          why: `按规定，${kind.zh}应当${every.zh}。${lastZh}，本应在${String(facts.due)}之前召开，已经逾期${days}天仍未召开，视为未按期召开。`,
          action: `请立即安排召开${kind.zh}，并向上级党组织说明未按期召开的原因；会议召开并签到后，这条提醒会自动消除。`,
        },
        en: {
          title: `The ${kind.en} was missed`,
          why: `A ${kind.en} is required ${every.en}; ${lastEn}. It was due by ${String(facts.due)}, ${days} day(s) ago, and has still not been held.`,
          action: `Hold the ${kind.en} now and explain the delay to the organisation above; this reminder clears itself once the meeting is held with check-ins.`,
        },
      };
  }
};

export const meetingCadenceRules: DiagnosticRule = {
  family: 'meeting-cadence',
  rules: ['meeting-cadence'],
  chunkBy: 'orgs',
  evaluate,
  explain: { 'meeting-cadence': explainCadence },
};
