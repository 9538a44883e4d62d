import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../server/clock.ts';
import type { RunCounts } from '../../server/domain/diagnostics/engine.ts';
import { FindingDetailSchema, FindingListSchema, type FindingView } from '../../server/schemas/findings.ts';
import { MAX_EVENTS_PER_BATCH } from '../../server/schemas/events.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import { createTree } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { fullRun, orgId, settled } from './support/diagnostics-world.ts';
import { KioskSigner } from './support/ingest-world.ts';
import { startTestServer, type EnrolledKiosk, type TestServer } from './support/test-server.ts';

const HOUR_MS = 3_600_000;
/** past the default silentHours (72) */
const SILENT_MS = 73 * HOUR_MS;

describe('every change that can move a finding tells the diagnostics engine, once', () => {
  let t: TestServer;

  const findings = async (query: string): Promise<FindingView[]> =>
    expectOk(await t.call('GET', `/api/v1/findings?limit=1000&${query}`, { token: await t.adminToken() }), 200, FindingListSchema).findings;
  const finding = async (id: number) => expectOk(await t.call('GET', `/api/v1/findings/${id}`, { token: await t.adminToken() }), 200, FindingDetailSchema);
  const silentFinding = async (kid: string): Promise<FindingView | undefined> =>
    (await findings('rule=kiosk-silent')).find((candidate) => candidate.subject === `kiosk:${kid}`);
  const runs = (): RunCounts => t.server.context.diagnostics.runs;
  /** what the change cost the engine, once everything it queued has run */
  const runsAfter = async (change: () => Promise<void>): Promise<RunCounts> => {
    await settled(t);
    const before = runs();
    await change();
    await settled(t);
    const after = runs();
    return { full: after.full - before.full, incremental: after.incremental - before.incremental };
  };

  /** Kiosks enrolled now and not heard from since: once the clock has moved on, the schedule's run finds them silent. */
  const silentKiosks = async (org: string, count: number): Promise<EnrolledKiosk[]> => {
    const kiosks: EnrolledKiosk[] = [];
    for (let i = 0; i < count; i += 1) kiosks.push(await t.enrollKiosk(org, `签到机${i + 1}`));
    t.clock.advance(SILENT_MS);
    await fullRun(t);
    for (const kiosk of kiosks) expect(await silentFinding(kiosk.kid), kiosk.kid).toMatchObject({ status: 'open', severity: 'warning' });
    return kiosks;
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    await settled(t);
  });
  afterAll(() => t.close());

  it('when an organisation is created where reminders start early, its meetings are due soon at once, without waiting for the schedule', async () => {
    const body = { org: 'A', orgKind: null, family: 'meeting-cadence', settings: { dueSoonDays: 40 } };
    expect((await t.call('PUT', '/api/v1/diagnostics/thresholds', { token: await t.adminToken(), json: body })).status).toBe(204);
    const cost = await runsAfter(async () => {
      const created = { code: 'A3', name: '甲镇第三支部', kind: 'branch', parent: 'A' };
      expectOk(await t.call('POST', '/api/v1/orgs', { token: await t.adminToken(), json: created }), 201, OrgSchema);
    });
    expect(cost).toEqual({ full: 0, incremental: 1 });
    const a3 = await orgId(t, 'A3');
    const due = await findings('rule=meeting-cadence&org=A3');
    // Monthly meetings fall within 40 days of today; the quarterly general meeting does not.
    expect(due.map((found) => found.subject).sort()).toEqual([`org:${a3}:committee`, `org:${a3}:group`, `org:${a3}:theme_day`]);
    for (const found of due) expect(found).toMatchObject({ severity: 'info', status: 'open', org: { code: 'A3' }, facts: { state: 'due-soon', lastHeld: null } });
  });

  it('when a silent kiosk is disabled, its reminder resolves at once, without waiting for the schedule', async () => {
    const [kiosk] = await silentKiosks('A1', 1);
    const silent = (await silentFinding(kiosk!.kid))!;
    const cost = await runsAfter(async () => {
      expect((await t.call('POST', `/api/v1/kiosks/${kiosk!.kid}/disable`, { token: await t.adminToken() })).status).toBe(200);
    });
    expect(cost).toEqual({ full: 0, incremental: 1 });
    expect(await silentFinding(kiosk!.kid)).toBeUndefined();
    expect(await finding(silent.id)).toMatchObject({ status: 'resolved', resolvedBy: null });
  });

  it('when a silent kiosk pulls its configuration, one incremental run resolves its reminder', async () => {
    const [kiosk] = await silentKiosks('A2', 1);
    const cost = await runsAfter(async () => {
      expect((await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk!) })).status).toBe(200);
    });
    expect(cost).toEqual({ full: 0, incremental: 1 });
    expect(await silentFinding(kiosk!.kid)).toBeUndefined();
  });

  it('when a silent kiosk posts a batch, the contact and the batch are looked at in one incremental run, which resolves its reminder', async () => {
    const [kiosk] = await silentKiosks('B1', 1);
    const signer = new KioskSigner(kiosk!);
    const cost = await runsAfter(async () => {
      const events = [await signer.sign({ type: 'card.denied', reason: 'expired' }, { at: t.clock.now().toISOString() })];
      const response = await t.call('POST', '/api/v1/events', { token: await t.kioskToken(kiosk!), json: { events } });
      expect(response.status).toBe(200);
    });
    expect(cost).toEqual({ full: 0, incremental: 1 });
    expect(await silentFinding(kiosk!.kid)).toBeUndefined();
  });

  it('when a batch is refused before it is applied (too many events, a bad body, too large a body), the contact still resolves the reminder, in one run', async () => {
    const kiosks = await silentKiosks('B1', 3);
    const refusals: [EnrolledKiosk, () => Promise<void>][] = [
      [
        kiosks[0]!,
        async () => {
          const events = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => 'x.y.z');
          expectError(await t.call('POST', '/api/v1/events', { token: await t.kioskToken(kiosks[0]!), json: { events } }), 413, 'ERR_BATCH_TOO_LARGE');
        },
      ],
      [
        kiosks[1]!,
        async () => {
          expectError(await t.call('POST', '/api/v1/events', { token: await t.kioskToken(kiosks[1]!), json: { events: 'not a list' } }), 400, 'ERR_VALIDATION');
        },
      ],
      [
        kiosks[2]!,
        async () => {
          const tooLarge = JSON.stringify({ events: ['x'.repeat(10 * 1024 * 1024)] });
          expectError(await t.call('POST', '/api/v1/events', { token: await t.kioskToken(kiosks[2]!), raw: tooLarge }), 413, 'ERR_BODY_TOO_LARGE');
        },
      ],
    ];
    for (const [kiosk, refuse] of refusals) {
      expect(await runsAfter(refuse), kiosk.kid).toEqual({ full: 0, incremental: 1 });
      expect(await silentFinding(kiosk.kid), kiosk.kid).toBeUndefined();
    }
  });

  it('when a kiosk opens a meeting, the overdue reminder of its kind resolves at once', async () => {
    const kiosk = await t.enrollKiosk('B1');
    t.clock.advance(32 * DAY_MS);
    await fullRun(t);
    const subject = `org:${await orgId(t, 'B1')}:group`;
    const overdue = (await findings('rule=meeting-cadence&org=B1')).find((found) => found.subject === subject);
    expect(overdue).toMatchObject({ status: 'open', facts: { state: 'overdue' } });
    const signer = new KioskSigner(kiosk);
    const cost = await runsAfter(async () => {
      const events = [await signer.sign({ type: 'meeting.open', meeting: uuidv7(), kind: 'group', title: '党小组会' }, { at: t.clock.now().toISOString() })];
      const response = await t.call('POST', '/api/v1/events', { token: await t.kioskToken(kiosk), json: { events } });
      expect(response.body).toMatchObject({ results: [{ status: 'accepted' }] });
    });
    expect(cost).toEqual({ full: 0, incremental: 1 });
    expect((await findings('rule=meeting-cadence&org=B1')).map((found) => found.subject)).not.toContain(subject);
    expect(await finding(overdue!.id)).toMatchObject({ status: 'resolved', resolvedBy: null });
  });
});
