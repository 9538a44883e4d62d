import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../scripts/lib/prng.ts';
import { DAY_MS } from '../../server/clock.ts';
import { DiagnosticsEngine } from '../../server/domain/diagnostics/engine.ts';
import { ALL_RULES } from '../../server/domain/diagnostics/rules/all-rules.ts';
import { openSqliteStore } from '../../server/store/sqlite/open-sqlite-store.ts';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { MeetingSchema } from '../../server/schemas/meetings.ts';
import { MAX_EVENTS_PER_BATCH } from '../../server/schemas/events.ts';
import { createMember, createTree, registeredIssuer } from './support/fixtures.ts';
import { ingest, issueCard, KioskSigner, openDatabase, registerCard, type TestCard } from './support/ingest-world.ts';
import { findingsOf, settled, type FindingRow } from './support/diagnostics-world.ts';
import { startTestServer, type EnrolledKiosk, type TestServer } from './support/test-server.ts';

const BRANCHES = ['A1', 'A2', 'B1'] as const;
const KINDS = ['committee', 'group', 'general_meeting', 'theme_day', 'lecture'] as const;
/** Cards are valid for a year from today; the clock stays well inside that. */
const MAX_CLOCK_MOVE_DAYS = 300;
const ROUNDS = 16;

/** What the comparison looks at: everything but ids and timestamps. */
const comparable = (rows: FindingRow[]) =>
  rows.map(({ rule, subject, episode, severity, org, people, facts }) => ({ rule, subject, episode, severity, org, people, facts }));

/**
 * A fresh recomputation on a copy of the database as it is now: no findings, then one full run — chunked
 * (with tiny chunks, so subjects fall on both sides of chunk boundaries) or every family evaluated whole.
 */
async function freshFullRun(t: TestServer, mode: 'chunked' | 'whole'): Promise<FindingRow[]> {
  const folder = mkdtempSync(join(tmpdir(), 'mic-diag-copy-'));
  const file = join(folder, 'member-card.db');
  const source = openDatabase(t.dataDir);
  try {
    source.prepare('VACUUM INTO ?').run(file);
  } finally {
    source.close();
  }
  const store = openSqliteStore(file, t.clock.now(), { withoutLogTree: true });
  try {
    store.handles.writable.exec('DELETE FROM webhook_deliveries; DELETE FROM finding_history; DELETE FROM findings;');
    const rules = mode === 'chunked' ? ALL_RULES : ALL_RULES.map((family) => ({ ...family, chunkBy: undefined }));
    const engine = new DiagnosticsEngine({ read: store.read, write: store.write, clock: t.clock, calendar: t.server.context.calendar, logger: pino({ level: 'silent' }) }, { chunkSize: 2, rules });
    await engine.runFull();
    return findingsOf({ ...t, dataDir: folder });
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

interface Letter {
  id: string;
  expiresAt: string;
}

/**
 * Random data and random changes, each through the real API or as real signed kiosk batches, with the
 * server's own engine running incrementally after each; the clock jumps now and then (followed by the
 * scheduled full run, which is what finds conditions that arise by time alone).
 */
function randomWorld(seed: number) {
  const random = seededRandom(seed);
  const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let t: TestServer;
  let issuer: IssuerKeyFile;
  const cards: TestCard[] = [];
  const kiosks = new Map<string, KioskSigner>();
  /** kiosks that only pull their configuration, or fail to deliver, until one is disabled */
  const spareKiosks: EnrolledKiosk[] = [];
  const disabledKiosks = new Set<string>();
  const heldBy = new Map<string, string[]>();
  const openLetters = new Map<string, Letter>();
  const mobile: number[] = [];
  let movedDays = 0;
  let newOrgs = 0;
  const log: string[] = [];

  const day = (offsetDays = 0): string => t.dayOf(new Date(t.clock.now().getTime() + offsetDays * DAY_MS));
  const token = () => t.adminToken();

  const operations: [weight: number, name: string, run: () => Promise<void>][] = [
    [
      30,
      'kiosk batch',
      async () => {
        const org = pick(BRANCHES);
        const kiosk = kiosks.get(org)!;
        const at = t.clock.now().toISOString();
        const events: string[] = [];
        let meeting: string;
        const started = heldBy.get(org) ?? [];
        if (started.length > 0 && random() < 0.4) meeting = pick(started);
        else {
          meeting = uuidv7();
          events.push(await kiosk.sign({ type: 'meeting.open', meeting, kind: pick(KINDS), title: '会议' }, { at }));
        }
        const attendees = new Set(Array.from({ length: int(0, 3) }, () => pick(cards)));
        for (const card of attendees) events.push(await kiosk.checkin(card, meeting, { at }));
        const receipts = await ingest(t, kiosk.kiosk, events);
        expect(receipts.map((receipt) => receipt.status)).toEqual(events.map(() => 'accepted'));
        log.push(`batch at ${org}: ${events.length} events`);
      },
    ],
    [
      10,
      'schedule a meeting',
      async () => {
        const org = pick(BRANCHES);
        const startsAt = new Date(t.clock.now().getTime() + int(-3, 20) * DAY_MS + int(0, 23) * 3600_000);
        const body = { org, kind: pick(KINDS), startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 7200_000).toISOString() };
        const response = await t.call('POST', '/api/v1/meetings', { token: await token(), json: body });
        expect(response.status).toBe(201);
        // Check-ins go to meetings that have started; this one may start later, then the kiosk may use it.
        if (startsAt <= t.clock.now()) heldBy.set(org, [...(heldBy.get(org) ?? []), MeetingSchema.parse(response.body).id]);
        log.push(`schedule ${body.kind} at ${org} ${body.startsAt}`);
      },
    ],
    [
      12,
      'issue a transfer letter',
      async () => {
        const card = pick(cards);
        const toOrg = pick(BRANCHES);
        const response = await t.call('POST', '/api/v1/transfers', {
          token: await token(),
          json: { member: card.member.memberNumber, toOrg, reason: '工作调动', validDays: int(3, 40) },
        });
        if (response.status === 201) {
          const letter = TransferSchema.parse(response.body);
          openLetters.set(letter.id, { id: letter.id, expiresAt: letter.expiresAt });
        }
        log.push(`issue a letter for ${card.member.memberNumber} to ${toOrg}: ${response.status}`);
      },
    ],
    [
      10,
      'settle a transfer letter',
      async () => {
        const open = [...openLetters.values()].filter((letter) => letter.expiresAt > t.clock.now().toISOString());
        if (open.length === 0) return;
        const letter = pick(open);
        const action = pick(['accept', 'return', 'cancel'] as const);
        const json = action === 'accept' ? undefined : { reason: '不符合条件' };
        const response = await t.call('POST', `/api/v1/transfers/${letter.id}/${action}`, { token: await token(), ...(json && { json }) });
        openLetters.delete(letter.id);
        log.push(`${action} letter ${letter.id}: ${response.status}`);
      },
    ],
    [
      8,
      'register a mobile member',
      async () => {
        const card = pick(cards);
        const body = { org: pick(BRANCHES), from: day(int(-5, 5)), ...(random() < 0.7 && { to: day(int(8, 80)) }) };
        const response = await t.call('POST', `/api/v1/members/${card.member.memberNumber}/mobile-periods`, { token: await token(), json: body });
        if (response.status === 201) mobile.push(MobilePeriodSchema.parse(response.body).id);
        log.push(`register ${card.member.memberNumber} at ${body.org}: ${response.status}`);
      },
    ],
    [
      8,
      'extend or end a mobile registration',
      async () => {
        if (mobile.length === 0) return;
        const id = pick(mobile);
        const response =
          random() < 0.5
            ? await t.call('POST', `/api/v1/mobile-periods/${id}/extend`, { token: await token(), json: { to: day(int(20, 120)) } })
            : await t.call('POST', `/api/v1/mobile-periods/${id}/end`, { token: await token(), json: { on: day(int(1, 10)) } });
        log.push(`change mobile period ${id}: ${response.status}`);
      },
    ],
    [
      4,
      'change a threshold',
      async () => {
        // Reminders that start about a month early make a new organisation's monthly meetings due soon at once.
        const [family, settings] = random() < 0.5 ? ['six-month', { warnMonths: int(1, 4) }] : ['meeting-cadence', { dueSoonDays: int(25, 45) }];
        const body = { org: pick(['A', 'A2', 'B1', 'CTY']), orgKind: null, family, settings: random() < 0.2 ? null : settings };
        const response = await t.call('PUT', '/api/v1/diagnostics/thresholds', { token: await token(), json: body });
        expect(response.status).toBeLessThan(300);
        log.push(`${family} threshold at ${body.org}: ${JSON.stringify(body.settings)}`);
      },
    ],
    [
      3,
      'create an organisation',
      async () => {
        newOrgs += 1;
        const body = { code: `N${newOrgs}`, name: `新支部${newOrgs}`, kind: 'branch', parent: pick(['A', 'B']) };
        const response = await t.call('POST', '/api/v1/orgs', { token: await token(), json: body });
        expect(response.status).toBe(201);
        log.push(`create ${body.code} under ${body.parent}`);
      },
    ],
    [
      3,
      'create a member',
      async () => {
        await createMember(t, pick(BRANCHES), { since: day(int(-400, 0)) });
        log.push('create a member');
      },
    ],
    [
      8,
      'a kiosk pulls its configuration',
      async () => {
        const kiosk = pick([...[...kiosks.values()].map((signer) => signer.kiosk), ...spareKiosks.filter((spare) => !disabledKiosks.has(spare.kid))]);
        const headers: Record<string, string> = {};
        if (random() < 0.6) headers['Mic-Outbox-Pending'] = String(pick([0, int(1, 499), int(500, 900)]));
        if (random() < 0.6) headers['Mic-Clock-Offset'] = String(pick([0, int(-600, 600)]));
        const response = await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk), headers });
        expect(response.status).toBe(200);
        log.push(`kiosk ${kiosk.kid.slice(0, 6)} pulls ${JSON.stringify(headers)}`);
      },
    ],
    [
      3,
      'a batch refused before it is applied',
      async () => {
        const kiosk = pick(spareKiosks.filter((spare) => !disabledKiosks.has(spare.kid)));
        const tooMany = random() < 0.5;
        const json = tooMany ? { events: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => 'x.y.z') } : { events: 'not a list' };
        const response = await t.call('POST', '/api/v1/events', { token: await t.kioskToken(kiosk), json, headers: { 'Mic-Outbox-Pending': String(int(0, 900)) } });
        expect(response.status).toBe(tooMany ? 413 : 400);
        log.push(`kiosk ${kiosk.kid.slice(0, 6)} sends a refused batch`);
      },
    ],
    [
      1,
      'disable a kiosk',
      async () => {
        const enabled = spareKiosks.filter((spare) => !disabledKiosks.has(spare.kid));
        // One spare stays in service for the other changes.
        if (enabled.length < 2) return;
        const kiosk = pick(enabled);
        const response = await t.call('POST', `/api/v1/kiosks/${kiosk.kid}/disable`, { token: await token() });
        expect(response.status).toBe(200);
        disabledKiosks.add(kiosk.kid);
        log.push(`disable kiosk ${kiosk.kid.slice(0, 6)}`);
      },
    ],
    [
      18,
      'the clock moves on',
      async () => {
        const days = int(1, 35);
        if (movedDays + days > MAX_CLOCK_MOVE_DAYS) return;
        movedDays += days;
        t.clock.advance(days * DAY_MS + int(0, 23) * 3600_000);
        // What the hourly schedule does: everything once more, at the new time.
        await t.server.context.diagnostics.runFull();
        log.push(`clock +${days} days`);
      },
    ],
  ];
  const totalWeight = operations.reduce((sum, [weight]) => sum + weight, 0);

  return {
    log,
    get t() {
      return t;
    },
    async start(): Promise<void> {
      t = await startTestServer();
      await createTree(t);
      issuer = await registeredIssuer(t);
      for (const org of BRANCHES) kiosks.set(org, new KioskSigner(await t.enrollKiosk(org)));
      for (const org of [...BRANCHES, 'A1']) spareKiosks.push(await t.enrollKiosk(org, `备用签到机 ${org}`));
      for (let i = 0; i < 12; i += 1) {
        const card = await issueCard(issuer, await createMember(t, BRANCHES[i % BRANCHES.length]!, { since: '2020-01-01' }));
        await registerCard(t, card);
        cards.push(card);
      }
      await settled(t);
    },
    async step(): Promise<void> {
      let roll = random() * totalWeight;
      const operation = operations.find(([weight]) => (roll -= weight) < 0) ?? operations[0]!;
      await operation[2]();
      await settled(t);
    },
  };
}

describe('incremental runs after each change give the findings a full recomputation gives', () => {
  for (const seed of [7, 2026]) {
    describe(`on random data and changes (seed ${seed})`, () => {
      const world = randomWorld(seed);
      beforeAll(() => world.start());
      afterAll(() => world.t.close());

      it('after every five random changes and clock moves, the live findings equal a fresh full run, chunked or whole', async () => {
        let compared = 0;
        let nonEmpty = 0;
        for (let round = 0; round < ROUNDS; round += 1) {
          for (let i = 0; i < 5; i += 1) await world.step();
          const live = comparable(findingsOf(world.t));
          expect(live, `after:\n${world.log.join('\n')}`).toEqual(comparable(await freshFullRun(world.t, 'chunked')));
          expect(live, `after:\n${world.log.join('\n')}`).toEqual(comparable(await freshFullRun(world.t, 'whole')));
          compared += 1;
          if (live.length > 0) nonEmpty += 1;
        }
        expect(compared).toBe(ROUNDS);
        // The data must be rich enough to say something: findings exist in most rounds.
        expect(nonEmpty).toBeGreaterThan(ROUNDS / 2);
      }, 180_000);
    });
  }
});
