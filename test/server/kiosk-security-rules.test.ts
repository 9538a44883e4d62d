import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { DAY_MS } from '../../server/clock.ts';
import type { ExplanationReading } from '../../server/domain/diagnostics/explanation-names.ts';
import { emptyScope, type Condition, type Scope } from '../../server/domain/diagnostics/finding.ts';
import type { DiagnosticRule } from '../../server/domain/diagnostics/rule.ts';
import { kioskRules } from '../../server/domain/diagnostics/rules/kiosks.ts';
import { securityRules } from '../../server/domain/diagnostics/rules/security.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../server/domain/diagnostics/thresholds.ts';
import { OrgCalendar } from '../../shared/org-calendar.ts';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { createMember, createTree, registeredIssuer } from './support/fixtures.ts';
import { ingest, issueCard, KioskSigner, memberWithCard, openDatabase, registerCard, scheduleMeeting, type TestCard } from './support/ingest-world.ts';
import { expectOk } from './support/http.ts';
import type { KioskKey } from './support/kiosk-keys.ts';
import { changeStatus } from './support/member-status-calls.ts';
import { memberSince } from './support/transfer-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const HOUR_MS = 3_600_000;

/** One rule family evaluated on the server's real database at the test clock's now. */
async function evaluate(t: TestServer, family: DiagnosticRule, scope: Scope, thresholds: Thresholds = DEFAULT_THRESHOLDS) {
  return family.evaluate({ now: t.clock.now(), calendar: t.server.context.calendar, scope, read: t.server.context.read, thresholdsFor: async () => thresholds, thresholdRows: [] });
}

/** How a finding is read in China: no meeting kinds needed, times in Beijing time. */
const inChina: ExplanationReading = { names: { meetingKinds: new Map() }, calendar: new OrgCalendar('Asia/Shanghai') };

const about = (conditions: Condition[], subject: string): Condition[] => conditions.filter((condition) => condition.subject === subject);

const dbValue = <T>(t: TestServer, sql: string, ...params: unknown[]): T => {
  const db = openDatabase(t.dataDir);
  try {
    return db.prepare(sql).pluck().get(...params) as T;
  } finally {
    db.close();
  }
};

const orgId = (t: TestServer, code: string): number => dbValue(t, 'SELECT id FROM organisations WHERE code = ?', code);
const memberId = (t: TestServer, card: TestCard): number => dbValue(t, 'SELECT id FROM members WHERE member_number = ?', card.member.memberNumber);
const kioskScope = (kid: string): Scope => ({ ...emptyScope(), kiosks: new Set([kid]) });

describe('kiosk rules: silent, backlog, skew', () => {
  let t: TestServer;
  const pull = async (kiosk: KioskKey, pending?: number, iatOffsetSeconds = 0) => {
    const iat = Math.floor(t.clock.now().getTime() / 1000) + iatOffsetSeconds;
    const headers: Record<string, string> = pending === undefined ? {} : { 'Mic-Outbox-Pending': String(pending) };
    expect((await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk, { iat }), headers })).status).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('when a kiosk is not heard from for silentHours, then it is silent (warning); after three times that, serious; when it is heard, the condition is gone', async () => {
    const kiosk = await t.enrollKiosk('A1', '甲镇一支部签到机');
    const subject = `kiosk:${kiosk.kid}`;
    await pull(kiosk);
    const lastSeen = t.clock.now().toISOString();
    t.clock.advance(71 * HOUR_MS);
    expect(about((await evaluate(t, kioskRules, { kind: 'all' })).conditions, subject)).toEqual([]);

    t.clock.advance(HOUR_MS);
    const warning = await evaluate(t, kioskRules, { kind: 'all' });
    expect(warning.covered).toBe('all');
    expect(about(warning.conditions, subject)).toEqual([
      {
        rule: 'kiosk-silent',
        subject,
        episode: lastSeen,
        orgId: orgId(t, 'A1'),
        severity: 'warning',
        people: [],
        facts: { kiosk: '甲镇一支部签到机', lastSeen, pending: null, skewSeconds: 0 },
        evidence: [{ kind: 'kiosk', id: kiosk.kid }],
      },
    ]);

    t.clock.advance(144 * HOUR_MS);
    expect(about((await evaluate(t, kioskRules, { kind: 'all' })).conditions, subject).map((c) => [c.rule, c.severity, c.episode])).toEqual([['kiosk-silent', 'serious', lastSeen]]);

    await pull(kiosk);
    const heard = await evaluate(t, kioskRules, kioskScope(kiosk.kid));
    expect(heard.covered).toEqual(new Set([subject]));
    expect(heard.conditions).toEqual([]);
  });

  it('when a kiosk was enrolled and never heard from, then its silence counts from enrolment', async () => {
    const kiosk = await t.enrollKiosk('B1');
    const enrolledAt = t.clock.now().toISOString();
    t.clock.advance(73 * HOUR_MS);
    expect(about((await evaluate(t, kioskRules, { kind: 'all' })).conditions, `kiosk:${kiosk.kid}`)).toMatchObject([
      { rule: 'kiosk-silent', episode: enrolledAt, facts: { lastSeen: enrolledAt, pending: null, skewSeconds: null } },
    ]);
  });

  it('when a kiosk reports a backlog at or above backlogEvents, then it is flagged from when the backlog began until it drains', async () => {
    const kiosk = await t.enrollKiosk('A2');
    await pull(kiosk, 499);
    expect((await evaluate(t, kioskRules, kioskScope(kiosk.kid))).conditions).toEqual([]);
    t.clock.advance(60_000);
    await pull(kiosk, 500);
    t.clock.advance(60_000);
    await pull(kiosk, 1200);
    const reported = t.clock.now().toISOString();
    const conditions = (await evaluate(t, kioskRules, kioskScope(kiosk.kid))).conditions;
    // The backlog began with the first non-empty report, before it crossed the threshold.
    const began = new Date(t.clock.now().getTime() - 120_000).toISOString();
    expect(conditions).toMatchObject([{ rule: 'kiosk-backlog', severity: 'warning', episode: began, facts: { pending: 1200, lastSeen: reported } }]);

    t.clock.advance(60_000);
    await pull(kiosk, 0);
    expect((await evaluate(t, kioskRules, kioskScope(kiosk.kid))).conditions).toEqual([]);
    // A request without the header leaves the drained state as it was.
    await pull(kiosk);
    expect((await evaluate(t, kioskRules, kioskScope(kiosk.kid))).conditions).toEqual([]);
  });

  it('when the token clock is off by more than skewSeconds, then the kiosk is flagged; back in step, it is not', async () => {
    const kiosk = await t.enrollKiosk('A2');
    const tight = { ...DEFAULT_THRESHOLDS, kiosks: { ...DEFAULT_THRESHOLDS.kiosks, skewSeconds: 20 } };
    await pull(kiosk);
    t.clock.advance(60_000);
    // The run of skewed contacts starts here, below the threshold; the finding's occurrence starts with it.
    await pull(kiosk, undefined, -20);
    const runBegan = t.clock.now().toISOString();
    expect((await evaluate(t, kioskRules, kioskScope(kiosk.kid), tight)).conditions).toEqual([]);
    t.clock.advance(60_000);
    await pull(kiosk, undefined, -25);
    t.clock.advance(60_000);
    await pull(kiosk, undefined, 25);
    expect((await evaluate(t, kioskRules, kioskScope(kiosk.kid), tight)).conditions).toMatchObject([
      { rule: 'kiosk-skew', severity: 'warning', episode: runBegan, facts: { skewSeconds: 25 } },
    ]);
    await pull(kiosk);
    expect((await evaluate(t, kioskRules, kioskScope(kiosk.kid), tight)).conditions).toEqual([]);
  });

  it('when a kiosk is disabled, then it is covered but raises nothing, so its findings resolve', async () => {
    const kiosk = await t.enrollKiosk('A1');
    t.clock.advance(100 * HOUR_MS);
    expect(about((await evaluate(t, kioskRules, { kind: 'all' })).conditions, `kiosk:${kiosk.kid}`)).toHaveLength(1);
    expect((await t.call('POST', `/api/v1/kiosks/${kiosk.kid}/disable`, { token: await t.adminToken() })).status).toBe(200);
    const after = await evaluate(t, kioskRules, kioskScope(kiosk.kid));
    expect(after).toEqual({ covered: new Set([`kiosk:${kiosk.kid}`]), conditions: [] });
  });

  it('explains each kiosk finding in Chinese and English, quoting the facts and the time as read in the organisation’s zone', () => {
    const facts = { kiosk: '甲镇一支部签到机', lastSeen: '2026-11-20T08:30:00.000Z', pending: 1200, skewSeconds: -95 };
    const silent = kioskRules.explain['kiosk-silent']!(facts, 'serious', inChina);
    expect(silent.zh.title).toContain('甲镇一支部签到机');
    expect(silent.zh.why).toContain('2026-11-20 16:30 (UTC+08:00)');
    expect(silent.zh.why).toContain('三倍');
    expect(silent.en.why).toContain('three times');
    expect(kioskRules.explain['kiosk-silent']!(facts, 'warning', inChina).zh.why).not.toContain('三倍');
    expect(kioskRules.explain['kiosk-backlog']!(facts, 'warning', inChina).zh.title).toContain('1200');
    const skew = kioskRules.explain['kiosk-skew']!(facts, 'warning', inChina);
    expect(skew.zh.why).toContain('慢 95 秒');
    expect(skew.en.why).toContain('95 seconds behind');
  });
});

describe('security rules: clone and fork alarms, repeated denials', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  const alarmId = (type: string, kid: string): number => dbValue(t, 'SELECT max(id) FROM alarms WHERE type = ? AND kiosk_kid = ?', type, kid);
  const alarmScope = (id: number): Scope => ({ ...emptyScope(), alarms: new Set([id]) });

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
  });
  afterAll(() => t.close());

  it('when ingest raises a fork alarm, then it is a critical kiosk-fork finding with the events as evidence, until it is older than alarmLookbackDays', async () => {
    const signer = new KioskSigner(await t.enrollKiosk('A1', 'fork kiosk'));
    const original = await signer.sign({ type: 'card.denied', reason: 'expired' }, { advance: false });
    const receipts = await ingest(t, signer.kiosk, [original, await signer.sign({ type: 'card.denied', reason: 'revoked' })]);
    expect(receipts.map((receipt) => receipt.code ?? receipt.status)).toEqual(['accepted', 'ERR_EVENT_FORK']);
    const id = alarmId('fork', signer.kid);
    const eventIds = JSON.parse(dbValue<string>(t, 'SELECT event_ids FROM alarms WHERE id = ?', id)) as string[];
    const at = dbValue<string>(t, 'SELECT at FROM alarms WHERE id = ?', id);

    const incremental = await evaluate(t, securityRules, alarmScope(id));
    expect(incremental.covered).toEqual(new Set([`alarm:${id}`]));
    expect(incremental.conditions).toEqual([
      {
        rule: 'kiosk-fork',
        subject: `alarm:${id}`,
        episode: String(id),
        orgId: orgId(t, 'A1'),
        severity: 'critical',
        people: [],
        facts: { kiosk: 'fork kiosk', csn: null, at },
        evidence: [{ kind: 'alarm', id: String(id) }, { kind: 'kiosk', id: signer.kid }, ...eventIds.map((event) => ({ kind: 'event', id: event }))],
      },
    ]);
    expect(about((await evaluate(t, securityRules, { kind: 'all' })).conditions, `alarm:${id}`)).toEqual(incremental.conditions);

    t.clock.advance(31 * DAY_MS);
    expect(about((await evaluate(t, securityRules, { kind: 'all' })).conditions, `alarm:${id}`)).toEqual([]);
    expect((await evaluate(t, securityRules, alarmScope(id))).conditions).toEqual([]);
  });

  it('when a copied card taps with a used counter, then the clone alarm is a critical card-clone finding naming the card and its member', async () => {
    const card = await memberWithCard(t, issuer, 'A2');
    const copy = ReferenceApplet.load(card.applet.save());
    const signer = new KioskSigner(await t.enrollKiosk('A2', 'clone kiosk'));
    const meeting = await scheduleMeeting(t, 'A2');
    await ingest(t, signer.kiosk, [await signer.checkin(card, meeting), await signer.checkin({ ...card, applet: copy, transport: new MemoryTransport(copy) }, meeting)]);
    const id = alarmId('clone', signer.kid);
    const conditions = (await evaluate(t, securityRules, alarmScope(id))).conditions;
    expect(conditions).toMatchObject([
      { rule: 'card-clone', subject: `alarm:${id}`, severity: 'critical', orgId: orgId(t, 'A2'), people: [memberId(t, card)], facts: { kiosk: 'clone kiosk', csn: card.csn } },
    ]);
    expect(conditions[0]!.evidence).toContainEqual({ kind: 'card', id: card.csn });
  });

  it('when one card is denied deniedCount times within deniedWindowDays, then it is flagged to its member\'s branch; fewer, or older, it is not', async () => {
    const card = await memberWithCard(t, issuer, 'B1');
    const subject = `card:${card.csn}`;
    const signer = new KioskSigner(await t.enrollKiosk('A1'));
    const other = new KioskSigner(await t.enrollKiosk('A2'));
    const deny = async (kiosk: KioskSigner, csn = card.csn) => {
      const receipts = await ingest(t, kiosk.kiosk, [await kiosk.sign({ type: 'card.denied', reason: 'revoked', csn }, { at: t.clock.now().toISOString() })]);
      expect(receipts[0]?.status).toBe('accepted');
    };
    const firstDay = t.today();
    await deny(signer);
    t.clock.advance(HOUR_MS);
    await deny(other);
    await deny(signer, 'ffffffffffffffff');
    expect(about((await evaluate(t, securityRules, kioskScope(signer.kid))).conditions, subject)).toEqual([]);

    t.clock.advance(DAY_MS);
    await deny(signer);
    const lastAt = t.clock.now().toISOString();
    // The incremental run starts from the kiosk heard from and counts the card's denials at every kiosk.
    const incremental = await evaluate(t, securityRules, kioskScope(signer.kid));
    expect(incremental.covered).toEqual(new Set([subject, 'card:ffffffffffffffff']));
    expect(incremental.conditions).toMatchObject([
      { rule: 'card-denied-repeatedly', subject, episode: firstDay, severity: 'warning', orgId: orgId(t, 'B1'), people: [memberId(t, card)], facts: { csn: card.csn, count: 3, lastAt } },
    ]);
    expect(incremental.conditions[0]!.evidence).toHaveLength(4);
    expect(about((await evaluate(t, securityRules, { kind: 'all' })).conditions, subject)).toEqual(incremental.conditions);
    // A kiosk that saw none of it: nothing of the card is covered.
    expect(await evaluate(t, securityRules, kioskScope((await t.enrollKiosk('B1')).kid))).toEqual({ covered: new Set(), conditions: [] });

    t.clock.advance(7 * DAY_MS);
    expect(about((await evaluate(t, securityRules, { kind: 'all' })).conditions, subject)).toEqual([]);
  });

  it('when an unknown card is denied repeatedly, then the finding goes to the organisation of the kiosk that saw it last', async () => {
    const signer = new KioskSigner(await t.enrollKiosk('B1'));
    const csn = '0123456789abcdef';
    for (let i = 0; i < 3; i++) {
      await ingest(t, signer.kiosk, [await signer.sign({ type: 'card.denied', reason: 'unknown-issuer', csn }, { at: t.clock.now().toISOString() })]);
    }
    expect((await evaluate(t, securityRules, kioskScope(signer.kid))).conditions).toMatchObject([{ subject: `card:${csn}`, orgId: orgId(t, 'B1'), people: [], facts: { count: 3 } }]);
  });

  it('explains each security finding in Chinese and English, quoting the facts and the time as read in the organisation’s zone', () => {
    const clone = securityRules.explain['card-clone']!({ kiosk: 'K1', csn: '0011223344556677', at: '2026-11-20T08:30:00.000Z' }, 'critical', inChina);
    expect(clone.zh.title).toContain('0011223344556677');
    expect(clone.zh.why).toContain('K1');
    expect(clone.zh.action).toContain('吊销');
    expect(clone.en.action).toContain('Revoke');
    expect(securityRules.explain['kiosk-fork']!({ kiosk: 'K2', csn: null, at: '2026-11-20T08:30:00.000Z' }, 'critical', inChina).en.title).toContain('K2');
    const denied = securityRules.explain['card-denied-repeatedly']!({ csn: '0011223344556677', count: 4, lastAt: '2026-11-21T09:00:00.000Z' }, 'warning', inChina);
    expect(denied.zh.why).toContain('4 次');
    expect(denied.en.why).toContain('2026-11-21 17:00 (UTC+08:00)');
  });
});

describe('kiosk and security findings kept by the server engine', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  interface FindingRow {
    id: number;
    rule: string;
    severity: string;
    status: string;
    episode: string;
    resolved_by: number | null;
  }
  const findings = (subject: string): FindingRow[] => {
    const db = openDatabase(t.dataDir);
    try {
      return db.prepare('SELECT id, rule, severity, status, episode, resolved_by FROM findings WHERE subject = ? ORDER BY id').all(subject) as FindingRow[];
    } finally {
      db.close();
    }
  };
  const history = (id: number): string[] => {
    const db = openDatabase(t.dataDir);
    try {
      return db.prepare('SELECT action || \':\' || severity FROM finding_history WHERE finding_id = ? ORDER BY id').pluck().all(id) as string[];
    } finally {
      db.close();
    }
  };
  const pull = async (kiosk: KioskKey, headers: Record<string, string> = {}) => {
    expect((await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk), headers })).status).toBe(200);
    await t.server.context.diagnostics.idle();
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
  });
  afterAll(() => t.close());

  it('when a kiosk falls silent, then a warning opens and escalates to serious; when the kiosk is heard again, the rules resolve it at once', async () => {
    const kiosk = await t.enrollKiosk('A1');
    const subject = `kiosk:${kiosk.kid}`;
    t.clock.advance(73 * HOUR_MS);
    await t.server.context.diagnostics.runFull();
    const [opened] = findings(subject);
    expect(opened).toMatchObject({ rule: 'kiosk-silent', severity: 'warning', status: 'open' });
    t.clock.advance(150 * HOUR_MS);
    await t.server.context.diagnostics.runFull();
    expect(findings(subject)).toMatchObject([{ id: opened!.id, severity: 'serious', status: 'open' }]);

    // The contact itself tells the engine: no full run needed.
    await pull(kiosk);
    expect(findings(subject)).toMatchObject([{ id: opened!.id, status: 'resolved', resolved_by: null }]);
    expect(history(opened!.id)).toEqual(['opened:warning', 'escalated:serious', 'resolved:serious']);
  });

  it('when a kiosk reports a backlog, then a backlog finding opens; when it reports its outbox drained, then it is resolved', async () => {
    const kiosk = await t.enrollKiosk('A2');
    const subject = `kiosk:${kiosk.kid}`;
    await pull(kiosk, { 'Mic-Outbox-Pending': '800' });
    expect(findings(subject)).toMatchObject([{ rule: 'kiosk-backlog', severity: 'warning', status: 'open' }]);
    t.clock.advance(60_000);
    await pull(kiosk, { 'Mic-Outbox-Pending': '0' });
    expect(findings(subject)).toMatchObject([{ rule: 'kiosk-backlog', status: 'resolved' }]);
  });

  it('when ingest raises a fork alarm or a card is denied again and again, then the batch itself opens the findings', async () => {
    const forked = new KioskSigner(await t.enrollKiosk('B1'));
    const signer = new KioskSigner(await t.enrollKiosk('B1'));
    const card = await memberWithCard(t, issuer, 'B1');
    const at = () => t.clock.now().toISOString();
    const original = await forked.sign({ type: 'card.denied', reason: 'revoked', csn: card.csn }, { advance: false, at: at() });
    await ingest(t, forked.kiosk, [original, await forked.sign({ type: 'card.denied', reason: 'expired', csn: card.csn }, { at: at() })]);
    await t.server.context.diagnostics.idle();
    const fork = dbValue<number>(t, "SELECT id FROM alarms WHERE type = 'fork' AND kiosk_kid = ?", forked.kid);
    expect(findings(`alarm:${fork}`)).toMatchObject([{ rule: 'kiosk-fork', severity: 'critical', status: 'open', episode: String(fork) }]);
    // The forked copy was refused: one accepted denial so far, and another at a second kiosk is two.
    await ingest(t, signer.kiosk, [await signer.sign({ type: 'card.denied', reason: 'revoked', csn: card.csn }, { at: at() })]);
    await t.server.context.diagnostics.idle();
    expect(findings(`card:${card.csn}`)).toEqual([]);
    await ingest(t, signer.kiosk, [await signer.sign({ type: 'card.denied', reason: 'revoked', csn: card.csn }, { at: at() })]);
    await t.server.context.diagnostics.idle();
    expect(findings(`card:${card.csn}`)).toMatchObject([{ rule: 'card-denied-repeatedly', severity: 'warning', status: 'open' }]);
  });

  describe('a refused card whose owner changes', () => {
    const liveFinding = (csn: string) =>
      dbValue<string | undefined>(t, "SELECT json_object('id', id, 'org', org_id, 'people', json(people)) FROM findings WHERE subject = ? AND status <> 'resolved'", `card:${csn}`);
    /** Three refusals at a kiosk of A1: an unknown card is A1's business, a known one its member's branch's. */
    const refusedAtA1 = async (csn: string, expected: { org: string; people: number[] } = { org: 'A1', people: [] }): Promise<{ id: number; org: number; people: number[] }> => {
      const kiosk = new KioskSigner(await t.enrollKiosk('A1'));
      const events: string[] = [];
      for (let i = 0; i < 3; i++) events.push(await kiosk.sign({ type: 'card.denied', reason: 'bad-signature', csn }, { at: t.clock.now().toISOString() }));
      await ingest(t, kiosk.kiosk, events);
      await t.server.context.diagnostics.idle();
      const finding = JSON.parse(liveFinding(csn) ?? 'null') as { id: number; org: number; people: number[] };
      expect(finding).toMatchObject({ org: orgId(t, expected.org), people: expected.people });
      return finding;
    };
    /** The finding after the change's own incremental run, with no full run in between. */
    const afterTheChange = async (change: () => Promise<void>) => {
      const { full } = t.server.context.diagnostics.runs;
      await change();
      await t.server.context.diagnostics.idle();
      expect(t.server.context.diagnostics.runs.full).toBe(full);
    };

    it('when a touched member’s card has no finding, then no denial is counted for it (every check-in touches its member)', async () => {
      const card = await memberWithCard(t, issuer, 'B1');
      const scope: Scope = { ...emptyScope(), members: new Set([memberId(t, card)]) };
      expect((await evaluate(t, securityRules, scope)).covered).toEqual(new Set());
      await refusedAtA1(card.csn, { org: 'B1', people: [memberId(t, card)] });
      expect((await evaluate(t, securityRules, scope)).covered).toEqual(new Set([`card:${card.csn}`]));
    });

    it('when the member is transferred from B1 to A2, then the finding moves to A2 at once', async () => {
      const card = await memberWithCard(t, issuer, 'B1');
      const before = await refusedAtA1(card.csn, { org: 'B1', people: [memberId(t, card)] });
      const admin = await t.adminToken();
      await afterTheChange(async () => {
        const letter = expectOk(await t.call('POST', '/api/v1/transfers', { token: admin, json: { member: card.member.memberNumber, toOrg: 'A2', reason: '工作调动' } }), 201, TransferSchema);
        expectOk(await t.call('POST', `/api/v1/transfers/${letter.id}/accept`, { token: admin }), 200, TransferSchema);
      });
      expect(JSON.parse(liveFinding(card.csn)!)).toEqual({ id: before.id, org: orgId(t, 'A2'), people: [memberId(t, card)] });
    });

    it('when the member leaves, then the finding goes to the kiosk’s organisation at once (no branch looks after the member any more)', async () => {
      const card = await issueCard(issuer, await memberSince(t, 'B1', '2024-01-01'));
      await registerCard(t, card);
      const before = await refusedAtA1(card.csn, { org: 'B1', people: [memberId(t, card)] });
      const on = t.today();
      await afterTheChange(async () => {
        expect((await changeStatus(t, await t.adminToken(), card.member.memberNumber, { status: 'left', on, reason: '退出' })).status).toBe(200);
      });
      expect(JSON.parse(liveFinding(card.csn)!)).toEqual({ id: before.id, org: orgId(t, 'A1'), people: [memberId(t, card)] });
    });

    it('when the card is registered to a member of B1, then the finding moves to B1 at once and names the member', async () => {
      const card = await issueCard(issuer, await createMember(t, 'B1'));
      const before = await refusedAtA1(card.csn);
      await afterTheChange(() => registerCard(t, card));
      expect(JSON.parse(liveFinding(card.csn)!)).toEqual({ id: before.id, org: orgId(t, 'B1'), people: [memberId(t, card)] });
    });

    it('when the card replaces the member’s card, then the finding moves to the member’s branch at once', async () => {
      const old = await memberWithCard(t, issuer, 'B1');
      const card = await issueCard(issuer, old.member);
      const before = await refusedAtA1(card.csn);
      await afterTheChange(async () => {
        const response = await t.call('POST', `/api/v1/cards/${old.csn}/replace`, { token: await t.adminToken(), json: { credential: card.credential } });
        expect(response.status).toBe(201);
      });
      expect(JSON.parse(liveFinding(card.csn)!)).toEqual({ id: before.id, org: orgId(t, 'B1'), people: [memberId(t, card)] });
    });
  });
});
