import { z } from 'zod';
import { DAY_MS, isoTimestamp } from '../../../clock.ts';
import type { CardDenialEvent, SecurityAlarm } from '../../../store/repositories/security-signals.ts';
import type { ReadStore } from '../../../store/store.ts';
import { jwsPayload } from '../../../verify/jws-payload.ts';
import type { Condition, EvidenceRef, Scope } from '../finding.ts';
import type { DiagnosticRule, Explainer, RuleInput } from '../rule.ts';
import { formerName, UTC_DAYS } from '../calendar.ts';
import { widestSetting } from '../thresholds.ts';
import { readableTime } from './readable-time.ts';

/** A finding lists at most this many denial events as evidence (the newest); the count says how many there were. */
const MAX_DENIAL_EVIDENCE = 20;

/** What the rule needs from a card.denied payload. The event was verified at ingest; this only reads it. */
const DenialPayloadSchema = z.object({ at: z.string(), csn: z.string().regex(/^[0-9a-f]{16}$/).optional() });

interface Denial {
  eventId: string;
  kioskOrgId: number;
  csn: string;
  /** the tap's time, as the kiosk signed it, in UTC */
  at: string;
}

function decodeDenial(event: CardDenialEvent): Denial | undefined {
  try {
    const payload = DenialPayloadSchema.parse(jwsPayload(event.jws));
    const at = Date.parse(payload.at);
    if (payload.csn === undefined || !Number.isFinite(at)) return undefined;
    return { eventId: event.eventId, kioskOrgId: event.orgId, csn: payload.csn, at: isoTimestamp(new Date(at)) };
  } catch {
    return undefined;
  }
}

async function alarmConditions(input: RuleInput, longestLookbackDays: number): Promise<Condition[]> {
  const { now, scope, read, thresholdsFor } = input;
  const alarms: SecurityAlarm[] =
    scope.kind === 'all'
      ? await read.securitySignals.alarms({ since: isoTimestamp(new Date(now.getTime() - longestLookbackDays * DAY_MS)) })
      : await read.securitySignals.alarms({ ids: [...scope.alarms] });
  const owners = new Map((await read.securitySignals.cardOwners([...new Set(alarms.flatMap((alarm) => (alarm.csn ? [alarm.csn] : [])))])).map((owner) => [owner.csn, owner]));
  const conditions: Condition[] = [];
  for (const alarm of alarms) {
    const { alarmLookbackDays } = (await thresholdsFor(alarm.orgId)).security;
    // Days of 24 hours back from now, not calendar days: the lookback says how recent an alarm is, not a day anyone
    // must act by, so every alarm stays in view as long after it was raised, whatever the hour it came.
    if (Date.parse(alarm.at) < now.getTime() - alarmLookbackDays * DAY_MS) continue;
    const owner = alarm.csn ? owners.get(alarm.csn) : undefined;
    const evidence: EvidenceRef[] = [
      { kind: 'alarm', id: String(alarm.id) },
      { kind: 'kiosk', id: alarm.kioskKid },
      ...(alarm.csn ? [{ kind: 'card' as const, id: alarm.csn }] : []),
      ...alarm.eventIds.map((id) => ({ kind: 'event' as const, id })),
    ];
    conditions.push({
      rule: alarm.type === 'clone' ? 'card-clone' : 'kiosk-fork',
      subject: `alarm:${alarm.id}`,
      episode: String(alarm.id),
      orgId: alarm.orgId,
      severity: 'critical',
      people: owner ? [owner.memberId] : [],
      facts: { kiosk: alarm.kioskName, csn: alarm.csn, at: alarm.at },
      evidence,
    });
  }
  return conditions;
}

/**
 * The cards whose denials to count: every card in a full run; in an incremental one only the cards the
 * kiosks heard from denied within the window (their counts are the only ones that can have grown), the
 * cards just registered, and the touched members' cards that have a finding already (the serial is only
 * inside the signed events, so the kiosks that refused a card are not known when its owner, or the owner's
 * branch, changes — a card registered, a member transferred, left or deceased — and with it the branch to
 * tell; a check-in touches its member too, so only cards with a finding are looked up, not every denial).
 */
async function denialsToCount(read: ReadStore, scope: Scope, since: string): Promise<{ denials: Denial[]; covered: Set<string> | 'all' }> {
  const decode = (events: CardDenialEvent[]): Denial[] => events.map(decodeDenial).filter((denial) => denial !== undefined);
  if (scope.kind === 'all') return { denials: decode(await read.securitySignals.denials(since, 'all')), covered: 'all' };
  const heard = scope.kiosks.size === 0 ? [] : decode(await read.securitySignals.denials(since, [...scope.kiosks])).map((denial) => denial.csn);
  const touched = new Set([...heard, ...scope.cards, ...(await read.securitySignals.deniedCardsOf([...scope.members]))]);
  if (touched.size === 0) return { denials: [], covered: new Set() };
  const denials = decode(await read.securitySignals.denials(since, 'all')).filter((denial) => touched.has(denial.csn));
  return { denials, covered: new Set([...touched].map((csn) => `card:${csn}`)) };
}

async function denialConditions(input: RuleInput, denials: Denial[]): Promise<Condition[]> {
  const { now, calendar, read, thresholdsFor } = input;
  const byCard = new Map<string, Denial[]>();
  for (const denial of denials) byCard.set(denial.csn, [...(byCard.get(denial.csn) ?? []), denial]);
  const owners = new Map((await read.securitySignals.cardOwners([...byCard.keys()])).map((owner) => [owner.csn, owner]));
  const conditions: Condition[] = [];
  for (const [csn, all] of byCard) {
    all.sort((a, b) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId));
    const owner = owners.get(csn);
    // The member's branch looks after the member's card; a card unknown here is the business of the kiosk's organisation.
    const orgId = owner?.homeOrgId ?? all.at(-1)!.kioskOrgId;
    const { deniedCount, deniedWindowDays } = (await thresholdsFor(orgId)).security;
    // A window of 24-hour days sliding with the present, not calendar days: it measures how often a card is refused,
    // so the same refusals count the same at any hour, where a calendar window would drop a whole day of them at midnight.
    const windowStart = isoTimestamp(new Date(now.getTime() - deniedWindowDays * DAY_MS));
    const recent = all.filter((denial) => denial.at >= windowStart);
    if (recent.length < deniedCount) continue;
    const firstDay = calendar.dayOf(recent[0]!.at);
    conditions.push({
      rule: 'card-denied-repeatedly',
      subject: `card:${csn}`,
      episode: firstDay,
      ...formerName(firstDay, UTC_DAYS.dayOf(recent[0]!.at)),
      orgId,
      severity: 'warning',
      people: owner ? [owner.memberId] : [],
      facts: { csn, count: recent.length, lastAt: recent.at(-1)!.at },
      evidence: [{ kind: 'card', id: csn }, ...recent.slice(-MAX_DENIAL_EVIDENCE).map((denial) => ({ kind: 'event' as const, id: denial.eventId }))],
    });
  }
  return conditions;
}

const clone: Explainer = (facts, _severity, { calendar }) => {
  const csn = String(facts.csn);
  const kiosk = String(facts.kiosk);
  const at = readableTime(facts.at, calendar);
  return {
    zh: {
      title: `发现复制卡：卡号 ${csn}`,
      why:
        `${at}，签到机“${kiosk}”收到这张卡的一次刷卡，它的计数值与此前另一次刷卡相同，但签名的内容不同。` +
        '正品卡每刷一次计数都会增加，同一计数出现两个不同的签名，只能说明卡里的密钥存在第二份副本。后一次刷卡已被拒绝。',
      action: '请立即在管理后台吊销这张卡，联系持卡人核实卡片的去向并为其补办新卡；相关记录已保留，可作为证据。',
    },
    en: {
      title: `Cloned card: serial ${csn}`,
      why:
        `At ${at} kiosk "${kiosk}" received a tap by this card with the same counter as an earlier tap but a different signed challenge. ` +
        'A genuine card raises its counter on every tap, so two signatures on one counter prove a second copy of the card key exists. The later tap was refused.',
      action: 'Revoke the card in the console now, ask the holder where the card has been, and issue a replacement; the events are kept as evidence.',
    },
  };
};

const fork: Explainer = (facts, _severity, { calendar }) => {
  const kiosk = String(facts.kiosk);
  const at = readableTime(facts.at, calendar);
  return {
    zh: {
      title: `签到机“${kiosk}”的记录链出现分叉`,
      why:
        `${at}，服务器收到这台签到机的一条记录，它使用了一个已被占用的序号，内容却不同。正常的签到机不会这样：` +
        '这说明签到机的数据被复制或从备份还原过，或者它的密钥被另一台设备使用。后到的记录已被拒绝并保留为证据。',
      action: '请检查这台签到机是否被重装、还原或复制过；无法解释时，请在管理后台停用它、重新注册，并报告安全负责人。',
    },
    en: {
      title: `Kiosk "${kiosk}" event chain forked`,
      why:
        `At ${at} the server received an event from this kiosk that reuses a sequence number already taken, with different content. ` +
        'A working kiosk never does this: its data was copied or restored from a backup, or its key is used by another device. The later event was refused and kept as evidence.',
      action: 'Find out whether the kiosk was reinstalled, restored or copied; if that cannot be explained, disable it in the console, enrol it again and report it to the security officer.',
    },
  };
};

const denied: Explainer = (facts, _severity, { calendar }) => {
  const csn = String(facts.csn);
  const count = String(facts.count);
  const last = readableTime(facts.lastAt, calendar);
  return {
    zh: {
      title: `卡号 ${csn} 近期多次被拒`,
      why: `这张卡近期在签到机上被拒绝了 ${count} 次，最近一次在 ${last}。可能是卡已过期、被吊销或损坏后仍在使用，也可能有人在尝试使用别人的卡。`,
      action: '请联系持卡人了解情况：卡过期或损坏的，为其补办新卡；卡已挂失或吊销却仍有人在用的，请核查使用者。',
    },
    en: {
      title: `Card ${csn} refused repeatedly`,
      why: `This card was refused at kiosks ${count} times recently, last at ${last}. It may be expired, revoked or damaged and still in use, or someone may be trying to use another person's card.`,
      action: 'Contact the card holder: issue a new card if it expired or is damaged; if it was reported lost or revoked and is still being used, find out who is using it.',
    },
  };
};

/**
 * Security: the clone and fork alarms ingest raised (one finding each, while within the lookback), and
 * cards refused again and again. An incremental run looks at the alarms raised, the kiosks heard from, the
 * cards registered and the touched members' cards with a denial finding.
 */
export const securityRules: DiagnosticRule = {
  family: 'security',
  rules: ['card-clone', 'kiosk-fork', 'card-denied-repeatedly'],
  async evaluate(input) {
    const { now, calendar, scope, read, thresholdRows } = input;
    // One query with the longest window any organisation has covers every organisation's own. It reads receipt
    // times from the start of the window's first day: the window is judged on the kiosks' clocks, which may run ahead.
    const alarmDays = widestSetting(thresholdRows, 'security', 'alarmLookbackDays');
    const deniedDays = widestSetting(thresholdRows, 'security', 'deniedWindowDays');
    const since = calendar.startOfDay(calendar.dayOf(new Date(now.getTime() - deniedDays * DAY_MS)));
    const { denials, covered } = await denialsToCount(read, scope, isoTimestamp(since));
    const conditions = [...(await alarmConditions(input, alarmDays)), ...(await denialConditions(input, denials))];
    if (scope.kind === 'all' || covered === 'all') return { covered: 'all', conditions };
    return { covered: new Set([...covered, ...[...scope.alarms].map((id) => `alarm:${id}`)]), conditions };
  },
  explain: { 'card-clone': clone, 'kiosk-fork': fork, 'card-denied-repeatedly': denied },
};
