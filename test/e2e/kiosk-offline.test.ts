import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TapResult } from '../../kiosk/core/session/tap-result.ts';
import type { CountyMember } from '../../scripts/bench/kiosk-county.ts';
import { seededRandom } from '../../scripts/lib/prng.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { attendance, chainProblems } from '../support/kiosk-server-events.ts';
import { openKioskWorld, TAP_READER, type KioskWorld } from './support/kiosk-world.ts';
import { until } from './support/until.ts';

/*
 * "Offline: server down, 1,000 taps, server up → all delivered exactly once, in order" (issue 4). The kiosk is
 * enrolled and has its configuration; then the server stops, and 1,000 taps by 400 members (repeats, and two
 * lost cards among them) are taken offline. Four of them go through the real reader path (pcscd + vpcd +
 * nfc-pcsc); the rest are handed to kiosk.tap over a MemoryTransport on the same reference cards, for speed:
 * the card session, the outbox and the sync are the same code either way. Then the server starts again on
 * the same port and the kiosk's own sync loop (autoSync, short back-off) must deliver everything by itself.
 */

const TAPS = 1_000;
const MEMBERS = 400;
const PCSC_TAPS = new Set([0, 1, 500, TAPS - 1]);

let world: KioskWorld;

function tapInMemory(card: CountyMember): Promise<TapResult> {
  // A contactless card is powered up afresh by every tap, as VpcdCard does on insert.
  card.applet.reset();
  return world.kiosk.tap(new MemoryTransport(card.applet, 'memory reader'));
}

beforeAll(async () => {
  world = await openKioskWorld({
    county: { members: MEMBERS, visitors: 40, revoked: 2 },
    // Retries at most a second apart, so the test sees the server come back quickly.
    kiosk: { sync: { backoff: { baseMs: 100, capMs: 1_000 } } },
  });
}, 120_000);

afterAll(() => world?.close());

describe('a kiosk that works offline', () => {
  it('when 1,000 taps are taken while the server is down, then once it is back every event is delivered exactly once and in order', async () => {
    const { kiosk, county } = world;
    await world.server.stop();
    const random = seededRandom(4);
    const cards = [...county.members, ...county.revoked];
    const results: TapResult[] = [];
    for (let i = 0; i < TAPS; i++) {
      const card = cards[Math.floor(random() * cards.length)]!;
      results.push(await (PCSC_TAPS.has(i) ? world.tap(card) : tapInMemory(card)));
    }

    const recorded = results.filter((result): result is TapResult & { seq: number } => 'seq' in result && result.seq !== undefined);
    const checkedIn = results.filter((result) => result.kind === 'checked-in');
    const kinds = new Set(results.map((result) => result.kind));
    expect([...kinds].sort()).toEqual(['already', 'checked-in', 'refused']);
    expect(results.filter((_, i) => PCSC_TAPS.has(i)).every((result) => result.reader === TAP_READER)).toBe(true);
    expect(recorded.map((result) => result.seq)).toEqual(recorded.map((_, i) => i + 1));
    expect(kiosk.status()).toMatchObject({ online: false, queueLength: recorded.length });

    await world.startServerAgain();
    await until(() => kiosk.status().queueLength === 0, 30_000, () => `the queue to drain, ${kiosk.status().queueLength} left`);
    expect(kiosk.status()).toMatchObject({ online: true, queueLength: 0, rejectedEvents: 0 });

    const logged = await world.events();
    expect(await chainProblems(logged)).toEqual([]);
    expect(logged.map((event) => ({ seq: event.payload.seq, type: event.payload.type, member: 'member' in event.payload ? event.payload.member : undefined }))).toEqual(
      recorded.map((result) => ({
        seq: result.seq,
        type: result.kind === 'checked-in' ? 'checkin' : 'card.denied',
        member: result.kind === 'checked-in' ? result.person.member : undefined,
      })),
    );
    const attended = await attendance(world.server.api, county.meetingIds[0]!);
    const distinctMembers = new Set(checkedIn.map((result) => (result as Extract<TapResult, { kind: 'checked-in' }>).person.member));
    expect(attended).toHaveLength(distinctMembers.size);
    expect(new Set(attended.map((entry) => entry.member))).toEqual(distinctMembers);
    expect(world.kioskErrors).toEqual([]);
  }, 120_000);
});
