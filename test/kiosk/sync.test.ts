import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { fullJitterDelay } from '../../kiosk/core/sync/backoff.ts';
import { contractContent, harness, type Harness } from './support/kiosk-harness.ts';
import { clockWithOffset } from '../../kiosk/core/time/clock.ts';
import { MEETING, issueCards } from './support/world.ts';

const cards = await issueCards();
const CONFIG_INTERVAL = 60_000;

let world: Harness;
beforeEach(async () => {
  world = await harness(cards);
});
afterEach(async () => {
  await world.cleanup();
});

/** After a good round the loop waits for the next configuration pull: the interval less the round's own time. */
const expectConfigWait = (ms: number): void => {
  expect(ms).toBeGreaterThan(CONFIG_INTERVAL - 10_000);
  expect(ms).toBeLessThanOrEqual(CONFIG_INTERVAL);
};

const eventPosts = (): { status: number; events?: number }[] => world.contract.requests.filter((request) => request.path === '/api/v1/events');

describe('full-jitter back-off', () => {
  it('when failures repeat, then the ceiling doubles from the base and stops at the cap, and the delay is a random share of it', () => {
    const policy = { baseMs: 1_000, capMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((failures) => fullJitterDelay(failures, policy, () => 0.999_999))).toEqual(
      [999, 1_999, 3_999, 7_999, 15_999, 31_999, 59_999, 59_999, 59_999],
    );
    expect(fullJitterDelay(3, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(3, policy, () => 0.25)).toBe(1_000);
  });
});

describe('sync', () => {
  it('when many events are pending, then one round drains them in batches, one after another, until none is left', async () => {
    const kiosk = await world.enrolled({ autoSync: false, sync: { batchSize: 2 } });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    for (const card of [cards.member, cards.visitor, cards.secretary, cards.otherSecretary, cards.transferee]) {
      expect(await kiosk.tap(new MemoryTransport(card.applet))).toMatchObject({ kind: 'checked-in' });
    }
    expect(kiosk.status().queueLength).toBe(5);
    await kiosk.syncNow();
    expect(eventPosts().map((post) => post.events)).toEqual([2, 2, 1]);
    expect(kiosk.status()).toMatchObject({ queueLength: 0, online: true, rejectedEvents: 0 });
    const delivered = world.contract.eventsOf(kiosk.kioskId);
    expect(delivered.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(delivered.every((event) => event.payload.type === 'checkin')).toBe(true);
  });

  it('when the server answers 503, then retries wait 0.5, 1, 2 s (full jitter at 0.5) and after success the queue drains at once', async () => {
    const kiosk = await world.enrolled();
    // enrol ran one round itself and started the loop with an immediate round.
    expectConfigWait(await world.timers.fire());

    world.contract.failNext(3, 503);
    await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'lecture', title: '党课：基层治理' });
    expect(world.timers.pending().map((timer) => timer.ms)).toEqual([0]);
    const delays = [await world.timers.fire(), await world.timers.fire(), await world.timers.fire()];
    expect(delays).toEqual([500, 1_000, 2_000]);
    expect(kiosk.status()).toMatchObject({ online: false, queueLength: 1, lastError: { code: 'ERR_SERVER_FAILED', serverCode: 'ERR_INJECTED' } });

    expectConfigWait(await world.timers.fire());
    expect(kiosk.status()).toMatchObject({ online: true, queueLength: 0, lastError: undefined });
    expect(world.contract.eventsOf(kiosk.kioskId).map((event) => event.payload.type)).toEqual(['meeting.open']);
  });

  it('when failures continue, then the delay stops growing at the cap', async () => {
    const kiosk = await world.enrolled({ sync: { backoff: { baseMs: 1_000, capMs: 4_000 } } });
    await world.timers.fire();
    world.contract.failNext(6, 500);
    await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'lecture', title: '党课' });
    const delays: number[] = [];
    for (let round = 0; round < 6; round++) delays.push(await world.timers.fire());
    expect(delays).toEqual([500, 1_000, 2_000, 2_000, 2_000, 2_000]);
  });

  it('when new taps arrive during back-off, then they wait for the planned retry instead of hammering the server', async () => {
    const kiosk = await world.enrolled();
    await world.timers.fire();
    world.contract.failNext(1, 503);
    await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'lecture', title: '党课' });
    expect(await world.timers.fire()).toBe(500);
    await kiosk.tap(new MemoryTransport(cards.member.applet));
    expect(world.timers.pending().map((timer) => timer.ms)).toEqual([500]);
    await world.timers.fire();
    expect(kiosk.status().queueLength).toBe(0);
    expect(world.contract.eventsOf(kiosk.kioskId).map((event) => event.payload.type)).toEqual(['meeting.open', 'checkin']);
  });

  it('when the server cannot be reached at all, then the kiosk is offline with ERR_SERVER_UNREACHABLE and nothing leaves the outbox; when it returns, everything is delivered once, in order', async () => {
    const kiosk = await world.enrolled();
    await world.timers.fire();
    await world.contract.stop();
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    for (const card of [cards.member, cards.visitor, cards.secretary]) await kiosk.tap(new MemoryTransport(card.applet));
    expect(await world.timers.fire()).toBe(500);
    expect(kiosk.status()).toMatchObject({ online: false, queueLength: 3, lastError: { code: 'ERR_SERVER_UNREACHABLE' } });

    await world.contract.restart();
    await world.timers.fire();
    expect(kiosk.status()).toMatchObject({ online: true, queueLength: 0 });
    expect(world.contract.eventsOf(kiosk.kioskId).map((event) => event.seq)).toEqual([1, 2, 3]);
  });

  it('when an answer is lost after the server stored the batch, then resending gets "duplicate" receipts and nothing is stored twice', async () => {
    // The server stores the batch, but its answer never reaches the kiosk.
    let dropAnswer = false;
    const lossyFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (dropAnswer && String(input).endsWith('/api/v1/events')) {
        dropAnswer = false;
        throw new TypeError('fetch failed: connection reset');
      }
      return response;
    };
    const kiosk = await world.enrolled({ autoSync: false, fetch: lossyFetch });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await kiosk.tap(new MemoryTransport(cards.member.applet));
    dropAnswer = true;
    expect(await kiosk.syncNow()).toMatchObject({ queueLength: 1, online: false });
    expect(world.contract.eventsOf(kiosk.kioskId)).toHaveLength(1);
    expect(await kiosk.syncNow()).toMatchObject({ queueLength: 0, online: true });
    expect(world.contract.eventsOf(kiosk.kioskId)).toHaveLength(1);
    expect(world.contract.requests.filter((request) => request.path === '/api/v1/events').length).toBe(2);
  });

  it('when an upload gets no answer, then the retry sends half the batch, and batches that get through double it back', async () => {
    let failNextPost = false;
    const flakyFetch: typeof fetch = async (input, init) => {
      if (failNextPost && String(input).endsWith('/api/v1/events')) {
        failNextPost = false;
        throw new TypeError('fetch failed: timeout');
      }
      return fetch(input, init);
    };
    const kiosk = await world.enrolled({ autoSync: false, fetch: flakyFetch, sync: { batchSize: 4 } });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    for (const card of [cards.member, cards.visitor, cards.secretary, cards.otherSecretary, cards.transferee]) await kiosk.tap(new MemoryTransport(card.applet));
    failNextPost = true;
    expect(await kiosk.syncNow()).toMatchObject({ queueLength: 5, online: false });
    expect(await kiosk.syncNow()).toMatchObject({ queueLength: 0, online: true });
    // The lost 4 never reached the double; then 2, then 4 again (capped by the 3 left).
    expect(eventPosts().map((post) => post.events)).toEqual([2, 3]);
    expect(world.contract.eventsOf(kiosk.kioskId).map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('when the server rejects an event, then it is kept with its code as an alarm, not resent, and the events after it still flow', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    // The server already knows this card is revoked; the kiosk's configuration does not yet.
    await world.contract.setConfig({ ...contractContent(cards), revoked: [{ csn: cards.visitor.credential.claims.csn, reason: 'revoked', at: '2026-11-20T00:00:00Z' }] });
    await kiosk.tap(new MemoryTransport(cards.visitor.applet));
    await kiosk.tap(new MemoryTransport(cards.member.applet));
    await kiosk.syncNow();
    expect(kiosk.status()).toMatchObject({ queueLength: 0, rejectedEvents: 1 });
    expect(kiosk.rejectedEvents()).toMatchObject([{ seq: 1, type: 'checkin', code: 'ERR_CARD_REVOKED' }]);
    const posted = eventPosts().length;
    await kiosk.syncNow();
    expect(eventPosts().length).toBe(posted);
  });

  it('when the kiosk pulls its configuration and posts events, then each request reports the outbox backlog in Mic-Outbox-Pending', async () => {
    const kiosk = await world.enrolled({ autoSync: false, sync: { batchSize: 2 } });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    for (const card of [cards.member, cards.visitor, cards.secretary]) await kiosk.tap(new MemoryTransport(card.applet));
    const before = world.contract.requests.length;
    await kiosk.syncNow();
    const round = world.contract.requests
      .slice(before)
      .filter((request) => request.path === '/api/v1/kiosk/config' || request.path === '/api/v1/events')
      .map((request) => [request.path, request.outboxPending]);
    // The pull reports all three; each post reports what waits as it is sent, its own batch included.
    expect(round).toEqual([
      ['/api/v1/kiosk/config', '3'],
      ['/api/v1/events', '3'],
      ['/api/v1/events', '1'],
    ]);
    await kiosk.syncNow();
    expect(world.contract.requests.filter((request) => request.path === '/api/v1/kiosk/config').at(-1)).toMatchObject({ outboxPending: '0' });
  });

  it('when requests are made, then each carries a fresh kiosk token (the double refuses a replayed jti)', async () => {
    const kiosk = await world.enrolled({ autoSync: false });
    await kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'lecture', title: '党课' });
    await kiosk.syncNow();
    await kiosk.closeMeeting();
    await kiosk.syncNow();
    expect(world.contract.requests.filter((request) => request.status === 401)).toEqual([]);
    expect(eventPosts()).toHaveLength(2);
  });

  it('when the kiosk clock is ten minutes slow, then its tokens follow the server clock (from the Date header), sync still works, the skew is shown and reported in Mic-Clock-Offset', async () => {
    const slow = clockWithOffset(480, () => new Date(Date.now() - 10 * 60_000));
    const kiosk = await world.enrolled({ autoSync: false, clock: slow });
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await kiosk.tap(new MemoryTransport(cards.member.applet));
    expect(await kiosk.syncNow()).toMatchObject({ queueLength: 0, online: true, config: { available: true } });
    expect(world.contract.requests.filter((request) => request.status === 401)).toEqual([]);
    expect(kiosk.status().clockSkewMs).toBeGreaterThan(9 * 60_000);
    // Nothing is measured before the first answer (the enrolment); afterwards every authenticated request
    // says the kiosk is ~600 s behind.
    const offsets = world.contract.requests
      .filter((request) => request.path === '/api/v1/kiosk/config' || request.path === '/api/v1/events')
      .map((request) => Number(request.clockOffset));
    expect(offsets.length).toBeGreaterThan(1);
    for (const offset of offsets) expect(Math.abs(offset + 600)).toBeLessThanOrEqual(2);
  });
});

describe('sync through a body limit', () => {
  it('when the server refuses a batch as too large (413), then the kiosk halves the batch until it fits and delivers everything in order', async () => {
    const small = await harness(cards, { bodyLimit: '6kb' });
    try {
      const kiosk = await small.enrolled({ autoSync: false });
      await kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
      for (const card of [cards.member, cards.visitor, cards.secretary, cards.otherSecretary, cards.transferee]) await kiosk.tap(new MemoryTransport(card.applet));
      expect(await kiosk.syncNow()).toMatchObject({ queueLength: 0, online: true });
      const posts = small.contract.requests.filter((request) => request.path === '/api/v1/events');
      expect(posts.some((post) => post.status === 413)).toBe(true);
      expect(small.contract.eventsOf(kiosk.kioskId).map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await small.cleanup();
    }
  });
});
