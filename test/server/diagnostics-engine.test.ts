import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../server/clock.ts';
import { DiagnosticsEngine } from '../../server/domain/diagnostics/engine.ts';
import { emptyScope, type Scope } from '../../server/domain/diagnostics/finding.ts';
import type { DiagnosticRule } from '../../server/domain/diagnostics/rule.ts';
import { sixMonthRules } from '../../server/domain/diagnostics/rules/six-month.ts';
import { touched } from '../../server/domain/diagnostics/touched.ts';
import { createMember, createTree, registeredIssuer } from './support/fixtures.ts';
import { ingest, issueCard, KioskSigner, openDatabase, registerCard } from './support/ingest-world.ts';
import { settled } from './support/diagnostics-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/** A family that finds nothing and remembers every scope it was asked about, and how runs overlapped. */
function recordingFamily(options: { chunkBy?: 'members' | 'orgs'; slowMs?: number } = {}) {
  const scopes: Scope[] = [];
  let running = 0;
  let overlapped = false;
  const family: DiagnosticRule = {
    family: 'six-month',
    rules: ['six-month'],
    ...(options.chunkBy && { chunkBy: options.chunkBy }),
    async evaluate({ scope }) {
      running += 1;
      if (running > 1) overlapped = true;
      scopes.push(scope);
      await new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 0));
      running -= 1;
      return { covered: new Set<string>(), conditions: [] };
    },
    explain: {},
  };
  return { family, scopes, overlapped: () => overlapped };
}

const memberSets = (scopes: Scope[]) => scopes.map((scope) => (scope.kind === 'all' ? 'all' : [...scope.members].sort((a, b) => a - b)));

describe('the diagnostics engine: queued, coalesced, never two runs at once', () => {
  let t: TestServer;
  const engineWith = (rules: readonly DiagnosticRule[], options: { chunkSize?: number; webhook?: boolean } = {}) =>
    new DiagnosticsEngine({ read: t.server.context.read, write: t.server.context.write, clock: t.clock, calendar: t.server.context.calendar, logger: pino({ level: 'silent' }) }, { rules, ...options });

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    for (let i = 0; i < 5; i += 1) await createMember(t, 'A1', { since: '2020-01-01' });
    await settled(t);
  });
  afterAll(() => t.close());

  it('changes notified together are looked at in one run over their union', async () => {
    const recorder = recordingFamily();
    const engine = engineWith([recorder.family]);
    engine.notify(touched({ members: [1, 2] }));
    engine.notify(touched({ members: [2, 3] }));
    engine.notify(touched({ orgs: [4] }));
    await engine.idle();
    expect(memberSets(recorder.scopes)).toEqual([[1, 2, 3]]);
  });

  it('a change notified during a run is looked at by the next run, after it; a full run absorbs what is queued', async () => {
    const recorder = recordingFamily({ slowMs: 30 });
    const engine = engineWith([recorder.family]);
    engine.notify(touched({ members: [1] }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    engine.notify(touched({ members: [2] }));
    engine.notify({ kind: 'all' });
    engine.notify(touched({ members: [3] }));
    await engine.idle();
    expect(memberSets(recorder.scopes)).toEqual([[1], 'all']);
    expect(recorder.overlapped()).toBe(false);
  });

  it('direct runs and queued runs take turns', async () => {
    const recorder = recordingFamily({ slowMs: 20 });
    const engine = engineWith([recorder.family]);
    engine.notify(touched({ members: [1] }));
    await Promise.all([engine.runIncremental(touched({ members: [2] })), engine.runFull(), engine.idle()]);
    expect(recorder.scopes).toHaveLength(3);
    expect(recorder.overlapped()).toBe(false);
  });

  it('an empty change queues nothing, and after stop() nothing more runs', async () => {
    const recorder = recordingFamily();
    const engine = engineWith([recorder.family]);
    engine.notify(emptyScope());
    await engine.idle();
    expect(recorder.scopes).toEqual([]);
    await engine.stop();
    engine.notify(touched({ members: [1] }));
    await engine.idle();
    expect(recorder.scopes).toEqual([]);
  });

  it('stop() ends a long full run at its next chunk rather than waiting for the whole tree', async () => {
    const recorder = recordingFamily({ chunkBy: 'members', slowMs: 40 });
    const engine = engineWith([recorder.family], { chunkSize: 1 });
    const run = engine.runFull();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await engine.stop();
    await run;
    expect(recorder.scopes.length).toBeGreaterThan(0);
    expect(recorder.scopes.length).toBeLessThan(5);
  });

  it('a full run goes through the members in chunks, reporting progress, and each chunk covers only its members', async () => {
    const recorder = recordingFamily({ chunkBy: 'members' });
    const engine = engineWith([recorder.family], { chunkSize: 2 });
    const progress: [number, number][] = [];
    await engine.runFull((done, total) => progress.push([done, total]));
    const ids = await t.server.context.read.diagnostics.memberIdsAfter(0, 100);
    expect(memberSets(recorder.scopes)).toEqual([ids.slice(0, 2), ids.slice(2, 4), [ids[4]]]);
    expect(progress).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });

  it('each committed kiosk batch tells the engine once what it touched: the member, the organisation, the kiosk, the alarm raised', async () => {
    const issuer = await registeredIssuer(t);
    const kiosk = new KioskSigner(await t.enrollKiosk('B1'));
    const card = await issueCard(issuer, await createMember(t, 'A1', { since: '2020-01-01' }));
    await registerCard(t, card);
    const engine = t.server.context.diagnostics;
    const notify = engine.notify.bind(engine);
    const seen: Scope[] = [];
    engine.notify = (scope) => {
      seen.push(scope);
      notify(scope);
    };
    try {
      const at = t.clock.now().toISOString();
      const meeting = uuidv7();
      const events = [
        await kiosk.sign({ type: 'meeting.open', meeting, kind: 'group', title: '小组会' }, { at }),
        await kiosk.checkin(card, meeting, { at }),
        // seq 1 again with other content: a fork, refused and alarmed
        await kiosk.sign({ type: 'meeting.open', meeting: uuidv7(), kind: 'group', title: '另一个' }, { at, seq: 1, prev: null, advance: false }),
      ];
      expect((await ingest(t, kiosk.kiosk, events)).map((receipt) => receipt.status)).toEqual(['accepted', 'accepted', 'rejected']);
    } finally {
      Reflect.deleteProperty(engine, 'notify');
    }
    const db = openDatabase(t.dataDir);
    try {
      const memberId = db.prepare('SELECT id FROM members WHERE member_number = ?').pluck().get(card.member.memberNumber);
      const b1 = db.prepare(`SELECT id FROM organisations WHERE code = 'B1'`).pluck().get();
      const alarm = db.prepare(`SELECT id FROM alarms WHERE kiosk_kid = ? AND type = 'fork'`).pluck().get(kiosk.kid);
      // The batch's scope is the request's one notice: it names the kiosk, so its contact is looked at in the same run.
      expect(seen).toEqual([{ kind: 'some', members: new Set([memberId]), orgs: new Set([b1]), kiosks: new Set([kiosk.kid]), transfers: new Set(), alarms: new Set([alarm]), cards: new Set() }]);
    } finally {
      db.close();
    }
  });

  it('with the webhook on, each finding opened or escalated gets its delivery row in the same run', async () => {
    await settled(t);
    const members = (await t.server.context.read.diagnostics.subjectCounts()).members;
    const engine = engineWith([sixMonthRules], { webhook: true });
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 100 * DAY_MS));
    const opened = await engine.runFull();
    t.clock.set(new Date(start.getTime() + 160 * DAY_MS));
    const escalated = await engine.runFull();
    t.clock.set(start);
    const db = openDatabase(t.dataDir);
    try {
      const rows = db.prepare('SELECT finding_id AS findingId, action, payload FROM webhook_deliveries ORDER BY id').all() as { findingId: number; action: string; payload: string }[];
      expect(opened).toMatchObject({ opened: members, escalated: 0 });
      expect(escalated).toMatchObject({ opened: 0, escalated: members });
      expect(rows.map((row) => row.action)).toEqual([...Array(members).fill('opened'), ...Array(members).fill('escalated')]);
      for (const row of rows) expect(JSON.parse(row.payload)).toEqual({ findingId: row.findingId, action: row.action });
    } finally {
      db.close();
    }
  });
});
