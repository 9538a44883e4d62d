import type { KioskHealth } from '../../../store/repositories/kiosk-health.ts';
import type { Thresholds } from '../../../schemas/thresholds.ts';
import type { Condition, Facts, Severity } from '../finding.ts';
import type { DiagnosticRule, Explainer } from '../rule.ts';
import { readableTime } from './readable-time.ts';

const HOUR_MS = 3_600_000;
/** silent this many times the threshold: no longer a kiosk switched off for a weekend */
const SERIOUS_SILENCE_FACTOR = 3;

/** The three kiosk conditions that hold for one kiosk now (none, one or several). */
function kioskConditions(kiosk: KioskHealth, numbers: Thresholds['kiosks'], now: Date): Condition[] {
  const lastContact = kiosk.lastSeenAt ?? kiosk.enrolledAt;
  const facts: Facts = { kiosk: kiosk.name, lastSeen: lastContact, pending: kiosk.outboxPending, skewSeconds: kiosk.skewSeconds };
  const base = { subject: `kiosk:${kiosk.kid}`, orgId: kiosk.orgId, people: [], facts, evidence: [{ kind: 'kiosk' as const, id: kiosk.kid }] };
  const conditions: Condition[] = [];

  const silentMs = now.getTime() - Date.parse(lastContact);
  const silentLimitMs = numbers.silentHours * HOUR_MS;
  if (silentMs >= silentLimitMs) {
    const severity: Severity = silentMs >= SERIOUS_SILENCE_FACTOR * silentLimitMs ? 'serious' : 'warning';
    // One silence is one occurrence: it ends when the kiosk is heard, and the next starts from that contact.
    conditions.push({ ...base, rule: 'kiosk-silent', episode: lastContact, severity });
  }
  if (kiosk.outboxPending !== null && kiosk.outboxPending >= numbers.backlogEvents) {
    conditions.push({ ...base, rule: 'kiosk-backlog', episode: kiosk.backlogSince ?? kiosk.pendingReportedAt ?? lastContact, severity: 'warning' });
  }
  if (kiosk.skewSeconds !== null && Math.abs(kiosk.skewSeconds) > numbers.skewSeconds) {
    conditions.push({ ...base, rule: 'kiosk-skew', episode: kiosk.skewSince ?? lastContact, severity: 'warning' });
  }
  return conditions;
}

const silent: Explainer = (facts, severity, { calendar }) => {
  const kiosk = String(facts.kiosk);
  const since = readableTime(facts.lastSeen, calendar);
  const long = severity === 'serious';
  return {
    zh: {
      title: `签到机“${kiosk}”已失去联系`,
      why:
        `服务器自 ${since} 起没有收到这台签到机的任何请求（配置同步或上传签到记录）${long ? '，时间已超过提醒时长的三倍' : ''}。` +
        '签到机离线时仍能签到，但记录只留在签到机里，服务器、上级组织和审计都看不到。',
      action: '请到现场查看签到机是否开机、网络是否连通；恢复联网后它会自动补传积压的记录。如果这台签到机已不再使用，请在管理后台停用它。',
    },
    en: {
      title: `Kiosk "${kiosk}" has gone silent`,
      why:
        `The server has not heard from this kiosk (configuration pull or event upload) since ${since}${long ? ', more than three times the reminder period' : ''}. ` +
        'An offline kiosk still records check-ins, but they stay on the kiosk: the server, higher organisations and auditors cannot see them.',
      action: 'Check on site that the kiosk is switched on and connected; once it is back online it uploads its backlog by itself. If the kiosk is no longer used, disable it in the console.',
    },
  };
};

const backlog: Explainer = (facts, _severity, { calendar }) => {
  const kiosk = String(facts.kiosk);
  const pending = String(facts.pending);
  const at = readableTime(facts.lastSeen, calendar);
  return {
    zh: {
      title: `签到机“${kiosk}”有 ${pending} 条记录未上传`,
      why: `签到机在 ${at} 报告，它的待上传队列中有 ${pending} 条已签名的记录，达到了提醒数量。这些记录还没有到达服务器，统计和审计中暂时看不到。`,
      action: '请检查签到机的网络连接和屏幕上的错误提示；网络正常仍上传不了时，请联系系统管理员。不要清空或重装签到机，否则这些记录会丢失。',
    },
    en: {
      title: `Kiosk "${kiosk}" has ${pending} events waiting to upload`,
      why: `At ${at} the kiosk reported ${pending} signed events waiting in its outbox, at or above the reminder level. They have not reached the server yet, so reports and audits do not show them.`,
      action: 'Check the kiosk network connection and the error shown on its screen; if the network is fine and uploads still fail, contact the system administrator. Do not wipe or reinstall the kiosk: the events would be lost.',
    },
  };
};

const skew: Explainer = (facts, _severity, { calendar }) => {
  const kiosk = String(facts.kiosk);
  const seconds = Number(facts.skewSeconds);
  const at = readableTime(facts.lastSeen, calendar);
  const size = String(Math.abs(seconds));
  return {
    zh: {
      title: `签到机“${kiosk}”的时钟偏差 ${size} 秒`,
      why: `签到机在 ${at} 联系服务器时，它的时钟比服务器${seconds > 0 ? '快' : '慢'} ${size} 秒，超过了允许的偏差。签到记录上的时间以签到机的时钟为准，时钟不准会让记录的时间失真。`,
      action: '请校正签到机的系统时间，并开启网络自动对时。',
    },
    en: {
      title: `Kiosk "${kiosk}" clock is off by ${size} s`,
      why: `When the kiosk contacted the server at ${at}, its clock was ${size} seconds ${seconds > 0 ? 'ahead of' : 'behind'} the server's, more than allowed. Check-in times are the kiosk's clock, so a wrong clock puts wrong times on the records.`,
      action: "Correct the kiosk's system time and turn on network time synchronisation.",
    },
  };
};

/**
 * Kiosks as the server hears them (kiosk_health, written on every authenticated request): silent for too
 * long, reporting an outbox backlog, or with a token clock off by more than allowed. An incremental run
 * looks at the kiosks heard from; silence grows with time alone, so the scheduled full run finds it.
 */
export const kioskRules: DiagnosticRule = {
  family: 'kiosks',
  rules: ['kiosk-silent', 'kiosk-backlog', 'kiosk-skew'],
  async evaluate({ now, scope, read, thresholdsFor }) {
    const kids = scope.kind === 'all' ? 'all' : [...scope.kiosks];
    const conditions: Condition[] = [];
    for (const kiosk of await read.kioskHealth.list(kids)) {
      conditions.push(...kioskConditions(kiosk, (await thresholdsFor(kiosk.orgId)).kiosks, now));
    }
    // Every kiosk of the scope is covered, found or not: a disabled kiosk's findings are then resolved.
    return { covered: kids === 'all' ? 'all' : new Set(kids.map((kid) => `kiosk:${kid}`)), conditions };
  },
  explain: { 'kiosk-silent': silent, 'kiosk-backlog': backlog, 'kiosk-skew': skew },
};
