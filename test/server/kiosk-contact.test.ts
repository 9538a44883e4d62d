import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskHttpClient } from '../../kiosk/core/sync/http-client.ts';
import { parseClockOffset, parseOutboxPending } from '../../server/domain/kiosk-contact.ts';
import { KioskListSchema, KioskSchema } from '../../server/schemas/kiosks.ts';
import { createTree, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { KioskSigner, openDatabase } from './support/ingest-world.ts';
import type { KioskKey } from './support/kiosk-keys.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

interface HealthRow {
  last_seen_at: string;
  skew_seconds: number;
  skew_since: string | null;
  outbox_pending: number | null;
  pending_reported_at: string | null;
  backlog_since: string | null;
}

describe('kiosk contact: every authenticated kiosk request is recorded in kiosk_health', () => {
  let t: TestServer;
  const health = (kid: string): HealthRow | undefined => {
    const db = openDatabase(t.dataDir);
    try {
      return db.prepare('SELECT last_seen_at, skew_seconds, skew_since, outbox_pending, pending_reported_at, backlog_since FROM kiosk_health WHERE kid = ?').get(kid) as HealthRow | undefined;
    } finally {
      db.close();
    }
  };
  const pullConfig = async (kiosk: KioskKey, headers: Record<string, string> = {}, iatOffsetSeconds = 0): Promise<number> => {
    const iat = Math.floor(t.clock.now().getTime() / 1000) + iatOffsetSeconds;
    return (await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk, { iat }), headers })).status;
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('when a kiosk pulls its configuration with Mic-Outbox-Pending, then its last contact, token skew and backlog are stored at the server time', async () => {
    const kiosk = await t.enrollKiosk('A1');
    expect(health(kiosk.kid)).toBeUndefined();
    expect(await pullConfig(kiosk, { 'Mic-Outbox-Pending': '42' }, -7)).toBe(200);
    const at = t.clock.now().toISOString();
    expect(health(kiosk.kid)).toEqual({ last_seen_at: at, skew_seconds: -7, skew_since: at, outbox_pending: 42, pending_reported_at: at, backlog_since: at });
  });

  it('when the kiosk reports its own clock offset in Mic-Clock-Offset, then that is the skew recorded; a malformed one falls back to the token', async () => {
    const kiosk = await t.enrollKiosk('A1');
    expect(await pullConfig(kiosk, { 'Mic-Clock-Offset': '-600' })).toBe(200);
    const at = t.clock.now().toISOString();
    expect(health(kiosk.kid)).toMatchObject({ skew_seconds: -600, skew_since: at });
    t.clock.advance(1_000);
    expect(await pullConfig(kiosk, { 'Mic-Clock-Offset': 'slow' }, -3)).toBe(200);
    expect(health(kiosk.kid)).toMatchObject({ skew_seconds: -3, skew_since: at });
    t.clock.advance(1_000);
    expect(await pullConfig(kiosk, { 'Mic-Clock-Offset': '0' })).toBe(200);
    expect(health(kiosk.kid)).toMatchObject({ skew_seconds: 0, skew_since: null });
  });

  it('when the backlog persists, then it keeps the time it began; when the kiosk reports an empty outbox, then the backlog ends', async () => {
    const kiosk = await t.enrollKiosk('A1');
    await pullConfig(kiosk, { 'Mic-Outbox-Pending': '600' });
    const began = t.clock.now().toISOString();
    t.clock.advance(3_600_000);
    await pullConfig(kiosk, { 'Mic-Outbox-Pending': '450' });
    expect(health(kiosk.kid)).toMatchObject({ outbox_pending: 450, backlog_since: began, pending_reported_at: t.clock.now().toISOString(), skew_since: null });
    t.clock.advance(60_000);
    await pullConfig(kiosk, { 'Mic-Outbox-Pending': '0' });
    expect(health(kiosk.kid)).toMatchObject({ outbox_pending: 0, backlog_since: null });
  });

  it('when a kiosk posts events, then the request is contact too, with the header it sends', async () => {
    const signer = new KioskSigner(await t.enrollKiosk('B1'));
    const events = [await signer.sign({ type: 'card.denied', reason: 'expired' })];
    t.clock.advance(1_000);
    const response = await t.call('POST', '/api/v1/events', { token: await t.kioskToken(signer.kiosk), json: { events }, headers: { 'Mic-Outbox-Pending': '1' } });
    expect(response.status).toBe(200);
    expect(health(signer.kid)).toMatchObject({ last_seen_at: t.clock.now().toISOString(), skew_seconds: 0, outbox_pending: 1 });
  });

  it('when the header is not a non-negative integer, then the request succeeds, the contact is recorded and the last reported backlog stays', async () => {
    const kiosk = await t.enrollKiosk('A2');
    await pullConfig(kiosk, { 'Mic-Outbox-Pending': '5' });
    for (const bad of ['-1', '1.5', 'many', '', '12345678901', '0x10']) {
      t.clock.advance(1_000);
      expect(await pullConfig(kiosk, { 'Mic-Outbox-Pending': bad }), bad).toBe(200);
      expect(health(kiosk.kid), bad).toMatchObject({ last_seen_at: t.clock.now().toISOString(), outbox_pending: 5 });
    }
    t.clock.advance(1_000);
    expect(await pullConfig(kiosk)).toBe(200);
    expect(health(kiosk.kid)).toMatchObject({ last_seen_at: t.clock.now().toISOString(), outbox_pending: 5 });
  });

  it("when the kiosk core's own HTTP client pulls and posts with its backlog, then the server records what it reported", async () => {
    const signer = new KioskSigner(await t.enrollKiosk('B1'));
    // The client sets its token times by the server's Date header, which is the wall clock: so is the test's, here.
    t.clock.set(new Date());
    const kioskClock = { now: () => new Date(), utcOffsetMinutes: () => 480 };
    const client = new KioskHttpClient(t.url, signer.kiosk, kioskClock);
    expect(await client.fetchConfig(undefined, 7)).toMatchObject({ changed: true });
    expect(health(signer.kid)).toMatchObject({ outbox_pending: 7, last_seen_at: t.clock.now().toISOString() });
    t.clock.advance(1_000);
    const answer = await client.postEvents([await signer.sign({ type: 'card.denied', reason: 'expired' }, { at: t.clock.now().toISOString() })], 1);
    expect(answer.results).toMatchObject([{ seq: 1, status: 'accepted' }]);
    expect(health(signer.kid)).toMatchObject({ outbox_pending: 1, last_seen_at: t.clock.now().toISOString() });
  });

  it('when a request is refused (expired token, foreign audience), then nothing is recorded for the kiosk', async () => {
    const kiosk = await t.enrollKiosk('A2');
    const stale = Math.floor(t.clock.now().getTime() / 1000) - 600;
    expectError(await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk, { iat: stale, exp: stale + 30 }) }), 401, 'ERR_KIOSK_TOKEN_EXPIRED');
    expectError(await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk, { aud: 'elsewhere' }), headers: { 'Mic-Outbox-Pending': '3' } }), 401, 'ERR_KIOSK_TOKEN_AUDIENCE_INVALID');
    expect(health(kiosk.kid)).toBeUndefined();
  });

  it('when an organiser lists the kiosks, then each shows when it was last heard from, its clock offset and its backlog; a disabled one keeps what it last reported', async () => {
    const heard = await t.enrollKiosk('B1', '乙一支部 1 号机');
    const silent = await t.enrollKiosk('B1', '乙一支部 2 号机');
    t.clock.advance(1_000);
    expect(await pullConfig(heard, { 'Mic-Outbox-Pending': '12', 'Mic-Clock-Offset': '-90' })).toBe(200);
    const heardAt = t.clock.now().toISOString();
    const organiser = await userToken(t, 'organiser', 'B');
    const listed = async (kid: string) => {
      const { kiosks } = expectOk(await t.call('GET', '/api/v1/kiosks?org=B1', { token: organiser }), 200, KioskListSchema);
      return kiosks.find((kiosk) => kiosk.kid === kid);
    };
    expect(await listed(heard.kid)).toMatchObject({ name: '乙一支部 1 号机', disabledAt: null, lastSeenAt: heardAt, clockOffsetSeconds: -90, outboxPending: 12, outboxReportedAt: heardAt });
    expect(await listed(silent.kid)).toMatchObject({ name: '乙一支部 2 号机', lastSeenAt: null, clockOffsetSeconds: null, outboxPending: null, outboxReportedAt: null });

    t.clock.advance(60_000);
    expectOk(await t.call('POST', `/api/v1/kiosks/${heard.kid}/disable`, { token: organiser }), 200, KioskSchema);
    const disabledAt = t.clock.now().toISOString();
    t.clock.advance(1_000);
    expectError(await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(heard), headers: { 'Mic-Outbox-Pending': '0' } }), 401, 'ERR_KIOSK_DISABLED');
    expect(await listed(heard.kid)).toMatchObject({ disabledAt, lastSeenAt: heardAt, clockOffsetSeconds: -90, outboxPending: 12 });
  });

  it('documents Mic-Outbox-Pending as an optional header of the kiosk routes in the OpenAPI document', async () => {
    const doc = (await t.call('GET', '/api/v1/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; required?: boolean }[] }>> };
    for (const [path, method] of [['/api/v1/kiosk/config', 'get'], ['/api/v1/events', 'post']] as const) {
      expect(doc.paths[path]?.[method]?.parameters).toContainEqual(expect.objectContaining({ name: 'Mic-Outbox-Pending', in: 'header', required: false }));
      expect(doc.paths[path]?.[method]?.parameters).toContainEqual(expect.objectContaining({ name: 'Mic-Clock-Offset', in: 'header', required: false }));
    }
    expect(doc.paths['/api/v1/members']?.get?.parameters ?? []).not.toContainEqual(expect.objectContaining({ name: 'Mic-Outbox-Pending' }));
  });
});

describe('parseOutboxPending', () => {
  it('takes a decimal count and nothing else', () => {
    expect(['0', '7', ' 12 ', '1000000000'].map(parseOutboxPending)).toEqual([0, 7, 12, 1_000_000_000]);
    expect(['', '-1', '+3', '1e3', '1.0', 'abc', '1000000001', '99999999999'].map(parseOutboxPending)).toEqual(Array(8).fill(null));
    expect(parseOutboxPending(undefined)).toBeNull();
    expect(parseOutboxPending(['1', '2'])).toBeNull();
  });
});

describe('parseClockOffset', () => {
  it('takes whole seconds either way within ten years, and nothing else', () => {
    expect(['0', '-600', ' 42 ', '315360000'].map(parseClockOffset)).toEqual([0, -600, 42, 315_360_000]);
    expect(['', '+3', '1.5', 'slow', '315360001', '--1'].map(parseClockOffset)).toEqual(Array(6).fill(null));
    expect(parseClockOffset(['1', '2'])).toBeNull();
  });
});
