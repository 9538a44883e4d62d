import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTree, registeredIssuer } from './support/fixtures.ts';
import { ingest, KioskSigner, memberWithCard, openDatabase, scheduleMeeting, storedEvents, type TestCard } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('event ingest: the per-kiosk sequence and prev-hash chain', () => {
  let t: TestServer;
  let cards: TestCard[];
  let meeting: string;
  const kiosk = async (): Promise<KioskSigner> => new KioskSigner(await t.enrollKiosk('A1'));
  const denial = (k: KioskSigner, options: { advance?: boolean } = {}) => k.sign({ type: 'card.denied', reason: 'expired' }, options);
  const alarmsOf = (kid: string): { type: string; event_ids: string; details: string }[] => {
    const db = openDatabase(t.dataDir);
    try {
      return db.prepare('SELECT type, event_ids, details FROM alarms WHERE kiosk_kid = ? ORDER BY id').all(kid) as { type: string; event_ids: string; details: string }[];
    } finally {
      db.close();
    }
  };
  const logSize = (): number => {
    const db = openDatabase(t.dataDir);
    try {
      return ((db.prepare('SELECT max(idx) FROM log_nodes WHERE level = 0').pluck().get() as number | null) ?? -1) + 1;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    const issuer = await registeredIssuer(t);
    cards = [await memberWithCard(t, issuer, 'A1'), await memberWithCard(t, issuer, 'A2'), await memberWithCard(t, issuer, 'B1')];
    meeting = await scheduleMeeting(t, 'A1');
  });
  afterAll(() => t.close());

  it('when a whole batch is sent again, then every event is a duplicate with its first receipt and nothing is stored twice', async () => {
    const k = await kiosk();
    const batch = [await k.checkin(cards[0]!, meeting), await denial(k), await k.checkin(cards[1]!, meeting), await denial(k)];
    const first = await ingest(t, k.kiosk, batch);
    expect(first.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    const sizeBefore = logSize();
    // Events the kiosk sent before are recognised by their hash and not verified again.
    const verifier = t.server.context.verifier;
    const verify = verifier.verify.bind(verifier);
    let verified = 0;
    verifier.verify = (request) => {
      verified += request.events.length;
      return verify(request);
    };
    const again = await ingest(t, k.kiosk, batch).finally(() => (verifier.verify = verify));
    expect(verified).toBe(0);
    expect(again).toEqual(first.map((r) => ({ ...r, status: 'duplicate' })));
    expect(storedEvents(t.dataDir, k.kid)).toHaveLength(4);
    expect(logSize()).toBe(sizeBefore);
  });

  it('when the same event appears twice in one batch, then the second is a duplicate of the first', async () => {
    const k = await kiosk();
    const event = await denial(k);
    const [a, b] = await ingest(t, k.kiosk, [event, event]);
    expect(a).toMatchObject({ seq: 1, status: 'accepted' });
    expect(b).toEqual({ ...a, status: 'duplicate' });
  });

  it('when a different event arrives at a used seq, then it is rejected ERR_EVENT_FORK, kept as evidence beside the first, and a fork alarm names both', async () => {
    const k = await kiosk();
    const original = await denial(k, { advance: false });
    const fork = await k.sign({ type: 'card.denied', reason: 'revoked' });
    const [accepted] = await ingest(t, k.kiosk, [original]);
    expect(await ingest(t, k.kiosk, [fork])).toEqual([{ seq: 1, status: 'rejected', code: 'ERR_EVENT_FORK' }]);
    // The first keeps its receipt; the fork, sent again, keeps its rejection and is not stored twice.
    expect(await ingest(t, k.kiosk, [original, fork])).toEqual([{ ...accepted, status: 'duplicate' }, { seq: 1, status: 'rejected', code: 'ERR_EVENT_FORK' }]);
    const stored = storedEvents(t.dataDir, k.kid);
    expect(stored.map((row) => [row.jws, row.seq, row.status, row.chained])).toEqual([
      [original, 1, 'accepted', 1],
      [fork, 1, 'rejected', 0],
    ]);
    const alarms = alarmsOf(k.kid);
    expect(alarms.map((alarm) => alarm.type)).toEqual(['fork']);
    expect(JSON.parse(alarms[0]!.event_ids)).toEqual([stored[0]?.event_id, stored[1]?.event_id]);
  });

  it('when prev is not the hash of the previous event, then it is rejected ERR_EVENT_CHAIN_BROKEN with a chain alarm, and the seq stays free', async () => {
    const k = await kiosk();
    await ingest(t, k.kiosk, [await denial(k)]);
    const broken = await k.sign({ type: 'card.denied', reason: 'expired' }, { prev: 'A'.repeat(43), advance: false });
    expect(await ingest(t, k.kiosk, [broken])).toEqual([{ seq: 2, status: 'rejected', code: 'ERR_EVENT_CHAIN_BROKEN' }]);
    expect(alarmsOf(k.kid).map((alarm) => alarm.type)).toEqual(['chain']);
    expect((await ingest(t, k.kiosk, [await denial(k)]))[0]).toMatchObject({ seq: 2, status: 'accepted' });
  });

  it('when events arrive beyond a gap, then they are held (ERR_EVENT_SEQ_GAP) and accepted in order once a later batch fills the gap', async () => {
    const k = await kiosk();
    const own = await scheduleMeeting(t, 'A1');
    const [e1, e2, e3, e4] = [await k.checkin(cards[0]!, own), await denial(k), await k.checkin(cards[1]!, own), await denial(k)];
    expect((await ingest(t, k.kiosk, [e1!]))[0]?.status).toBe('accepted');
    expect(await ingest(t, k.kiosk, [e3!, e4!])).toEqual([
      { seq: 3, status: 'rejected', code: 'ERR_EVENT_SEQ_GAP' },
      { seq: 4, status: 'rejected', code: 'ERR_EVENT_SEQ_GAP' },
    ]);
    expect(storedEvents(t.dataDir, k.kid).map((row) => [row.seq, row.status])).toEqual([
      [1, 'accepted'],
      [3, 'held'],
      [4, 'held'],
    ]);
    // Sent again while the gap is open: still held, not stored twice.
    expect((await ingest(t, k.kiosk, [e4!]))[0]).toEqual({ seq: 4, status: 'rejected', code: 'ERR_EVENT_SEQ_GAP' });

    const sizeBefore = logSize();
    expect(await ingest(t, k.kiosk, [e2!])).toEqual([{ seq: 2, status: 'accepted', logIndex: sizeBefore }]);
    const stored = storedEvents(t.dataDir, k.kid);
    expect(stored.map((row) => [row.seq, row.status, row.chained])).toEqual([
      [1, 'accepted', 1],
      [3, 'accepted', 1],
      [4, 'accepted', 1],
      [2, 'accepted', 1],
    ]);
    // The log took them in chain order: 2, then the released 3 and 4.
    const bySeq = new Map(stored.map((row) => [row.seq, row.log_index]));
    expect([bySeq.get(2), bySeq.get(3), bySeq.get(4)]).toEqual([sizeBefore, sizeBefore + 1, sizeBefore + 2]);
    // The kiosk resends the held ones later: they are duplicates now, with their log index.
    expect(await ingest(t, k.kiosk, [e3!, e4!])).toEqual([
      { seq: 3, status: 'duplicate', logIndex: sizeBefore + 1 },
      { seq: 4, status: 'duplicate', logIndex: sizeBefore + 2 },
    ]);
    // Held events went through the same rules when released: the check-in made its attendance row.
    const attendance = await t.call('GET', `/api/v1/meetings/${own}/attendance`, { token: await t.adminToken() });
    expect((attendance.body as { attendance: { eventId: string }[] }).attendance.map((a) => a.eventId)).toEqual([stored[0]?.event_id, stored[1]?.event_id]);
  });

  it('when a batch itself is out of order, then the early event is held and released later in the same batch, and answered accepted', async () => {
    const k = await kiosk();
    const [e1, e2, e3] = [await denial(k), await denial(k), await denial(k)];
    const receipts = await ingest(t, k.kiosk, [e3!, e1!, e2!]);
    expect(receipts.map((r) => [r.seq, r.status])).toEqual([
      [3, 'accepted'],
      [1, 'accepted'],
      [2, 'accepted'],
    ]);
    expect(receipts[0]!.logIndex).toBe(receipts[2]!.logIndex! + 1);
    expect(storedEvents(t.dataDir, k.kid).every((row) => row.status === 'accepted' && row.chained === 1)).toBe(true);
  });

  it('when two different events wait at the same seq beyond a gap, then the first to arrive takes the seq and the other becomes fork evidence', async () => {
    const k = await kiosk();
    const e1 = await denial(k);
    const first = await denial(k, { advance: false });
    const second = await k.sign({ type: 'card.denied', reason: 'revoked' });
    expect((await ingest(t, k.kiosk, [first, second])).map((r) => r.code)).toEqual(['ERR_EVENT_SEQ_GAP', 'ERR_EVENT_SEQ_GAP']);
    expect((await ingest(t, k.kiosk, [e1]))[0]?.status).toBe('accepted');
    const stored = storedEvents(t.dataDir, k.kid);
    expect(stored.map((row) => [row.jws, row.status, row.code])).toEqual([
      [first, 'accepted', null],
      [second, 'rejected', 'ERR_EVENT_FORK'],
      [e1, 'accepted', null],
    ]);
    expect(alarmsOf(k.kid).map((alarm) => alarm.type)).toEqual(['fork']);
  });

  it('when an event in the chain is refused on its content, then it still holds its seq and the next event follows it', async () => {
    const k = await kiosk();
    const refused = await k.checkin(cards[2]!, '0190f3a4-0000-7000-8000-00000000dead');
    const next = await denial(k);
    expect((await ingest(t, k.kiosk, [refused, next])).map((r) => [r.seq, r.status, r.code])).toEqual([
      [1, 'rejected', 'ERR_MEETING_UNKNOWN'],
      [2, 'accepted', undefined],
    ]);
    expect(storedEvents(t.dataDir, k.kid).map((row) => row.chained)).toEqual([1, 1]);
  });
});
