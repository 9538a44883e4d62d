import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { eventHash, MAX_EVENT_BYTES } from '../../shared/events/event-jws.ts';
import { jwsHash } from '../../server/domain/ingest/ingest-events.ts';
import { toBase64url } from '../../shared/bytes.ts';
import { EVENT_TYP } from '../../shared/events/event-schema.ts';
import { createTree, registeredIssuer } from './support/fixtures.ts';
import { expectError } from './support/http.ts';
import { ingest, KioskSigner, memberWithCard, openDatabase, payloadOf, postEvents, scheduleMeeting, signRaw, signWithHeader, storedEvents, type TestCard } from './support/ingest-world.ts';
import { newKioskKey } from './support/kiosk-keys.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('event ingest at the edge: who may send, what a batch may hold, which events are not this kiosk’s', () => {
  let t: TestServer;
  let card: TestCard;
  let meeting: string;
  const kiosk = async (org = 'A1'): Promise<KioskSigner> => new KioskSigner(await t.enrollKiosk(org));

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    const issuer = await registeredIssuer(t);
    card = await memberWithCard(t, issuer, 'A1');
    meeting = await scheduleMeeting(t, 'A1');
  });
  afterAll(() => t.close());

  it('when a valid check-in arrives, then it is accepted with log index and stored as accepted', async () => {
    const k = await kiosk();
    const [receipt] = await ingest(t, k.kiosk, [await k.checkin(card, meeting)]);
    expect(receipt).toEqual({ seq: 1, status: 'accepted', logIndex: expect.any(Number) });
    expect(storedEvents(t.dataDir, k.kid)).toMatchObject([{ seq: 1, status: 'accepted', code: null, chained: 1, signed: 1, log_index: receipt?.logIndex }]);
  });

  it('when the bearer token is missing, forged, or from an unknown kiosk, then the whole request is refused with 401', async () => {
    const k = await kiosk();
    const events = [await k.checkin(card, meeting)];
    expectError(await t.call('POST', '/api/v1/events', { json: { events } }), 401, 'ERR_KIOSK_TOKEN_MISSING');
    const stranger = await generateKeyPair('EdDSA');
    expectError(await t.call('POST', '/api/v1/events', { token: await t.kioskToken(k.kiosk, { signWith: stranger.privateKey }), json: { events } }), 401, 'ERR_KIOSK_TOKEN_SIGNATURE_INVALID');
    expectError(await postEvents(t, await newKioskKey(), events), 401, 'ERR_KIOSK_UNKNOWN');
    expect(storedEvents(t.dataDir, k.kid)).toEqual([]);
  });

  it('when the kiosk has been disabled, then its batches are refused with 401 ERR_KIOSK_DISABLED', async () => {
    const k = await kiosk();
    const events = [await k.checkin(card, meeting)];
    await t.call('POST', `/api/v1/kiosks/${k.kid}/disable`, { token: await t.adminToken() });
    expectError(await postEvents(t, k.kiosk, events), 401, 'ERR_KIOSK_DISABLED');
  });

  it('when a batch holds 501 events, then it is refused with 413 ERR_BATCH_TOO_LARGE and nothing is stored', async () => {
    const k = await kiosk();
    const event = await k.sign({ type: 'card.denied', reason: 'expired' });
    expectError(await postEvents(t, k.kiosk, Array.from({ length: 501 }, () => event)), 413, 'ERR_BATCH_TOO_LARGE');
    expect(storedEvents(t.dataDir, k.kid)).toEqual([]);
    expect(await ingest(t, k.kiosk, Array.from({ length: 500 }, () => event))).toHaveLength(500);
  });

  it('when an element is not a string, too long, or the body has other fields, then the batch is refused with 400 ERR_VALIDATION', async () => {
    const k = await kiosk();
    const token = async () => t.kioskToken(k.kiosk);
    expectError(await t.call('POST', '/api/v1/events', { token: await token(), json: { events: [42] } }), 400, 'ERR_VALIDATION');
    expectError(await t.call('POST', '/api/v1/events', { token: await token(), json: { events: ['a'.repeat(MAX_EVENT_BYTES + 1)] } }), 400, 'ERR_VALIDATION');
    expectError(await t.call('POST', '/api/v1/events', { token: await token(), json: { events: [], extra: 1 } }), 400, 'ERR_VALIDATION');
    expectError(await t.call('POST', '/api/v1/events', { token: await token(), raw: '{"events": [', contentType: 'application/json' }), 400, 'ERR_MALFORMED_JSON');
  });

  it('when an event is not a compact JWS, signed by another key, signed by another kiosk, or off-schema, then each is rejected with its code and kept', async () => {
    const k = await kiosk();
    const other = await kiosk();
    const forger = await generateKeyPair('EdDSA');
    const valid = { v: 1, id: uuidv7(), kiosk: k.kid, seq: 1, at: new Date().toISOString(), org: 'A1', type: 'card.denied', reason: 'expired' };
    const events = [
      'not a jws',
      await signRaw(valid, forger.privateKey, k.kid),
      await other.sign({ type: 'card.denied', reason: 'expired' }),
      await signRaw({ ...valid, reason: 'because' }, k.kiosk.privateKey, k.kid),
      await signRaw({ ...valid, seq: 2 }, k.kiosk.privateKey, k.kid),
    ];
    const receipts = await ingest(t, k.kiosk, events);
    expect(receipts).toEqual([
      { seq: null, status: 'rejected', code: 'ERR_EVENT_MALFORMED' },
      { seq: 1, status: 'rejected', code: 'ERR_EVENT_SIGNATURE_INVALID' },
      { seq: 1, status: 'rejected', code: 'ERR_EVENT_FOREIGN_KIOSK' },
      { seq: 1, status: 'rejected', code: 'ERR_EVENT_SCHEMA' },
      // seq 2 without prev breaks the schema's own rule (prev is absent exactly at seq 1)
      { seq: 2, status: 'rejected', code: 'ERR_EVENT_SCHEMA' },
    ]);
    const stored = storedEvents(t.dataDir, k.kid);
    expect(stored.map((row) => [row.jws, row.status, row.code, row.signed, row.chained])).toEqual(events.map((jws, i) => [jws, 'rejected', receipts[i]?.code, 0, 0]));
    // None took a place in the chain: the kiosk's real seq 1 is still free.
    expect((await ingest(t, k.kiosk, [await k.sign({ type: 'card.denied', reason: 'expired' })]))[0]).toMatchObject({ seq: 1, status: 'accepted' });
  });

  it('when the kiosk signs an event under a header outside the allow-list (another alg, another typ, no kid, a crit parameter), then each is rejected ERR_EVENT_MALFORMED and kept, and the rest of the batch is unaffected', async () => {
    const k = await kiosk();
    const first = await k.sign({ type: 'card.denied', reason: 'expired' });
    const second = await k.sign({ type: 'card.denied', reason: 'revoked' });
    const payload = payloadOf(first);
    // Under the allowed header the hand-built signature is the kiosk's own event, byte for byte: the signatures below are good.
    expect(await signWithHeader(payload, k.kiosk.privateKey, { alg: 'EdDSA', typ: EVENT_TYP, kid: k.kid })).toBe(first);
    const headers = [
      { alg: 'Ed25519', typ: EVENT_TYP, kid: k.kid },
      { alg: 'EdDSA', typ: 'JWT', kid: k.kid },
      { alg: 'EdDSA', typ: EVENT_TYP },
      { alg: 'EdDSA', typ: EVENT_TYP, kid: k.kid, crit: ['mic-extension'], 'mic-extension': true },
    ];
    const [otherAlg, otherTyp, noKid, crit] = await Promise.all(headers.map((header) => signWithHeader(payload, k.kiosk.privateKey, header)));
    const events = [otherAlg!, otherTyp!, first, noKid!, crit!, second];
    const malformed = { seq: 1, status: 'rejected', code: 'ERR_EVENT_MALFORMED' };
    expect(await ingest(t, k.kiosk, events)).toEqual([
      malformed,
      malformed,
      { seq: 1, status: 'accepted', logIndex: expect.any(Number) },
      malformed,
      malformed,
      { seq: 2, status: 'accepted', logIndex: expect.any(Number) },
    ]);
    const stored = storedEvents(t.dataDir, k.kid);
    expect(stored.map((row) => [row.jws, row.status, row.code, row.signed, row.chained])).toEqual([
      [otherAlg, 'rejected', 'ERR_EVENT_MALFORMED', 0, 0],
      [otherTyp, 'rejected', 'ERR_EVENT_MALFORMED', 0, 0],
      [first, 'accepted', null, 1, 1],
      [noKid, 'rejected', 'ERR_EVENT_MALFORMED', 0, 0],
      [crit, 'rejected', 'ERR_EVENT_MALFORMED', 0, 0],
      [second, 'accepted', null, 1, 1],
    ]);
    // Refused before their seq could be trusted, the copies of seq 1 are no evidence of a fork.
    const db = openDatabase(t.dataDir);
    try {
      expect(db.prepare('SELECT count(*) FROM alarms WHERE kiosk_kid = ?').pluck().get(k.kid)).toBe(0);
    } finally {
      db.close();
    }
  });

  it('when a body is over the route’s 9 MB limit, then it is refused with 413 ERR_BODY_TOO_LARGE and nothing is stored; the largest batch a kiosk may send fits', async () => {
    const k = await kiosk();
    const longest = 'a'.repeat(MAX_EVENT_BYTES);
    const over = JSON.stringify({ events: Array.from({ length: 600 }, () => longest) });
    expect(over.length).toBeGreaterThan(9 * 1024 * 1024);
    expectError(await t.call('POST', '/api/v1/events', { token: await t.kioskToken(k.kiosk), raw: over }), 413, 'ERR_BODY_TOO_LARGE');
    const db = openDatabase(t.dataDir);
    try {
      expect(db.prepare('SELECT count(*) FROM ingest_batches WHERE kiosk_kid = ?').pluck().get(k.kid)).toBe(0);
    } finally {
      db.close();
    }
    expect(storedEvents(t.dataDir, k.kid)).toEqual([]);
    // 500 events of the longest size pass the byte limit (they are no JWS, so each is rejected on its own).
    const receipts = await ingest(t, k.kiosk, Array.from({ length: 500 }, () => longest));
    expect(new Set(receipts.map((receipt) => receipt.code))).toEqual(new Set(['ERR_EVENT_MALFORMED']));
  });

  it('when an event claims another organisation than the kiosk’s, then it is rejected ERR_EVENT_ORG_MISMATCH but keeps its place in the chain', async () => {
    const k = await kiosk();
    const events = [await k.sign({ type: 'card.denied', reason: 'expired' }, { org: 'B1' }), await k.sign({ type: 'card.denied', reason: 'revoked' })];
    expect(await ingest(t, k.kiosk, events)).toEqual([
      { seq: 1, status: 'rejected', code: 'ERR_EVENT_ORG_MISMATCH' },
      { seq: 2, status: 'accepted', logIndex: expect.any(Number) },
    ]);
  });

  it('when a second event reuses an accepted event’s id, then it is rejected ERR_EVENT_ID_REUSED', async () => {
    const k = await kiosk();
    const id = uuidv7();
    const events = [await k.sign({ type: 'card.denied', reason: 'expired' }, { id }), await k.sign({ type: 'card.denied', reason: 'expired' }, { id })];
    expect((await ingest(t, k.kiosk, events)).map((r) => r.code ?? r.status)).toEqual(['accepted', 'ERR_EVENT_ID_REUSED']);
  });

  it('when the kiosk clock runs ahead, then the event is accepted but flagged, an alarm is raised, and the token skew is recorded', async () => {
    const k = await kiosk();
    const ahead = new Date(t.clock.now().getTime() + 10 * 60_000).toISOString();
    const onTime = await k.sign({ type: 'card.denied', reason: 'expired' });
    const early = await k.sign({ type: 'card.denied', reason: 'expired' }, { at: ahead });
    const response = await t.call('POST', '/api/v1/events', {
      token: await t.kioskToken(k.kiosk, { iat: Math.floor(t.clock.now().getTime() / 1000) - 20 }),
      json: { events: [onTime, early] },
    });
    expect(response.status).toBe(200);
    const [first, second] = storedEvents(t.dataDir, k.kid);
    expect(first).toMatchObject({ status: 'accepted', clock_ahead_ms: null });
    expect(second).toMatchObject({ status: 'accepted', at: ahead });
    expect(second?.clock_ahead_ms).toBeGreaterThan(9 * 60_000);
    const db = openDatabase(t.dataDir);
    try {
      expect(db.prepare('SELECT token_skew_seconds FROM ingest_batches WHERE kiosk_kid = ?').pluck().all(k.kid)).toEqual([-20]);
      const alarm = db.prepare(`SELECT type, event_ids FROM alarms WHERE kiosk_kid = ?`).get(k.kid) as { type: string; event_ids: string };
      expect(alarm.type).toBe('skew');
      expect(JSON.parse(alarm.event_ids)).toEqual([second?.event_id]);
    } finally {
      db.close();
    }
  });

  it('keys events by the same hash the kiosk chains them with (eventHash)', async () => {
    const k = await kiosk();
    const jws = await k.sign({ type: 'card.denied', reason: 'expired' });
    expect(toBase64url(jwsHash(jws))).toBe(await eventHash(jws));
  });
});
