import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { AlarmListSchema } from '../../server/schemas/alarms.ts';
import { createTree, registeredIssuer, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { ingest, KioskSigner, memberWithCard, scheduleMeeting, storedEvents } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('GET /api/v1/alarms: what ingest raised, for admins, organisers and auditors within their subtree', () => {
  let t: TestServer;
  let forkKiosk: KioskSigner;
  let chainKiosk: KioskSigner;
  const list = async (token: string, query = '') => expectOk(await t.call('GET', `/api/v1/alarms${query}`, { token }), 200, AlarmListSchema).alarms;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    await registeredIssuer(t);
    // A forked kiosk in A1, a broken chain in B1.
    forkKiosk = new KioskSigner(await t.enrollKiosk('A1', '甲一支部签到机'));
    const original = await forkKiosk.sign({ type: 'card.denied', reason: 'expired' }, { advance: false });
    await ingest(t, forkKiosk.kiosk, [original, await forkKiosk.sign({ type: 'card.denied', reason: 'revoked' })]);
    chainKiosk = new KioskSigner(await t.enrollKiosk('B1', '乙一支部签到机'));
    await ingest(t, chainKiosk.kiosk, [await chainKiosk.sign({ type: 'card.denied', reason: 'expired' })]);
    await ingest(t, chainKiosk.kiosk, [await chainKiosk.sign({ type: 'card.denied', reason: 'expired' }, { prev: 'B'.repeat(43) })]);
  });
  afterAll(() => t.close());

  it('shows an admin every alarm, newest first, with the kiosk, organisation and the events that are the evidence', async () => {
    const alarms = await list(await t.adminToken());
    const forkEvents = storedEvents(t.dataDir, forkKiosk.kid).map((row) => row.event_id);
    expect(alarms.map((alarm) => [alarm.type, alarm.org, alarm.kiosk])).toEqual([
      ['chain', 'B1', chainKiosk.kid],
      ['fork', 'A1', forkKiosk.kid],
    ]);
    expect(alarms[1]?.events).toEqual(forkEvents);
    expect(alarms.map((alarm) => alarm.kioskName)).toEqual(['乙一支部签到机', '甲一支部签到机']);
    expect(await list(await t.adminToken(), '?type=fork')).toHaveLength(1);
    expect(await list(await t.adminToken(), '?org=B')).toHaveLength(1);
  });

  it('shows an auditor or organiser only the alarms of their subtree, and refuses another subtree', async () => {
    for (const role of ['auditor', 'organiser'] as const) {
      const token = await userToken(t, role, 'A');
      expect((await list(token)).map((alarm) => alarm.org)).toEqual(['A1']);
      expectError(await t.call('GET', '/api/v1/alarms?org=B1', { token }), 403, 'ERR_OUT_OF_SCOPE');
    }
  });

  it('refuses secretaries, and anyone without a session', async () => {
    expectError(await t.call('GET', '/api/v1/alarms', { token: await userToken(t, 'secretary', 'A1') }), 403, 'ERR_FORBIDDEN');
    expectError(await t.call('GET', '/api/v1/alarms'), 401, 'ERR_AUTH_REQUIRED');
  });

  it('lists a clone alarm with the card serial', async () => {
    const issuer = await registeredIssuer(t, 'second-od');
    const card = await memberWithCard(t, issuer, 'A2');
    const copy = ReferenceApplet.load(card.applet.save());
    const k = new KioskSigner(await t.enrollKiosk('A2'));
    const events = [await k.checkin(card, await scheduleMeeting(t, 'A2')), await k.checkin({ ...card, applet: copy, transport: new MemoryTransport(copy) }, await scheduleMeeting(t, 'A2'))];
    await ingest(t, k.kiosk, events);
    const [clone] = await list(await t.adminToken(), '?type=clone');
    expect(clone).toMatchObject({ type: 'clone', org: 'A2', kiosk: k.kid, csn: card.csn, details: expect.objectContaining({ member: card.member.memberNumber }) });
  });
});
