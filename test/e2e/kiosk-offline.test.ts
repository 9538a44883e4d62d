import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kiosk } from '../../kiosk/core/kiosk.ts';
import { ResilientReaders } from '../../kiosk/core/readers/resilient-readers.node.ts';
import type { TapResult } from '../../kiosk/core/session/tap-result.ts';
import { seedCounty, startLocalServer, type County, type CountyMember, type LocalServer } from '../../scripts/bench/kiosk-county.ts';
import { ensurePcscd } from '../../scripts/lib/pcscd.ts';
import { seededRandom } from '../../scripts/lib/prng.ts';
import { VIRTUAL_READERS, VpcdCard } from '../../scripts/lib/vpcd-card.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import type { PcscCardTransport } from '../../shared/card/pcsc-transport.node.ts';
import { attendance, chainProblems, kioskPublicKey, loggedEvents } from '../support/kiosk-server-events.ts';

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
const [READER_0] = VIRTUAL_READERS;

let serverDir: string;
let kioskDir: string;
let server: LocalServer;
let county: County;
let kiosk: Kiosk;
let readers: ResilientReaders;
const tapped: PcscCardTransport[] = [];
const pcscResults: TapResult[] = [];
const kioskErrors: unknown[] = [];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what()}`);
    await sleep(10);
  }
}

async function tapOnReader(card: CountyMember): Promise<TapResult> {
  const before = pcscResults.length;
  const vpcd = new VpcdCard(card.applet, { reader: 0 });
  await vpcd.insert();
  try {
    await until(() => pcscResults.length > before, 10_000, () => `the kiosk's answer to ${card.member}'s tap on ${READER_0}`);
  } finally {
    await vpcd.remove();
  }
  await tapped.at(-1)!.removed;
  return pcscResults.at(-1)!;
}

function tapInMemory(card: CountyMember): Promise<TapResult> {
  // A contactless card is powered up afresh by every tap, as VpcdCard does on insert.
  card.applet.reset();
  return kiosk.tap(new MemoryTransport(card.applet, 'memory reader'));
}

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'mic-e2e-offline-server-'));
  kioskDir = mkdtempSync(join(tmpdir(), 'mic-e2e-offline-kiosk-'));
  server = await startLocalServer({ dataDir: serverDir });
  county = await seedCounty(server.api, { serverDataDir: serverDir, members: MEMBERS, visitors: 40, revoked: 2 });
  kiosk = await Kiosk.open({
    dataDir: kioskDir,
    // Retries at most a second apart, so the test sees the server come back quickly.
    sync: { backoff: { baseMs: 100, capMs: 1_000 } },
    onError: (error) => kioskErrors.push(error),
  });
  await kiosk.enroll(server.url, county.enrolmentToken, '党群服务中心签到机');
  await kiosk.openMeeting({ kind: 'scheduled', meetingId: county.meetingIds[0]! });
  kiosk.subscribe((notice) => {
    if (notice.type === 'tap' && notice.result.reader === READER_0) pcscResults.push(notice.result);
  });
  await ensurePcscd();
  readers = ResilientReaders.start();
  readers.onCard((transport) => tapped.push(transport));
  kiosk.attachReaders(readers);
  await until(() => readers.status().state === 'connected' && readers.status().readers.includes(READER_0), 10_000, () => `reader ${READER_0}`);
}, 120_000);

afterAll(async () => {
  await kiosk?.close();
  await readers?.close();
  await server?.stop();
  rmSync(kioskDir, { recursive: true, force: true });
  rmSync(serverDir, { recursive: true, force: true });
});

describe('a kiosk that works offline', () => {
  it('when 1,000 taps are taken while the server is down, then once it is back every event is delivered exactly once and in order', async () => {
    await server.stop();
    const random = seededRandom(4);
    const cards = [...county.members, ...county.revoked];
    const results: TapResult[] = [];
    for (let i = 0; i < TAPS; i++) {
      const card = cards[Math.floor(random() * cards.length)]!;
      results.push(await (PCSC_TAPS.has(i) ? tapOnReader(card) : tapInMemory(card)));
    }

    const recorded = results.filter((result): result is TapResult & { seq: number } => 'seq' in result && result.seq !== undefined);
    const checkedIn = results.filter((result) => result.kind === 'checked-in');
    const kinds = new Set(results.map((result) => result.kind));
    expect([...kinds].sort()).toEqual(['already', 'checked-in', 'refused']);
    expect(results.filter((_, i) => PCSC_TAPS.has(i)).every((result) => result.reader === READER_0)).toBe(true);
    expect(recorded.map((result) => result.seq)).toEqual(recorded.map((_, i) => i + 1));
    expect(kiosk.status()).toMatchObject({ online: false, queueLength: recorded.length });

    server = await startLocalServer({ dataDir: serverDir, port: server.port });
    await until(() => kiosk.status().queueLength === 0, 30_000, () => `the queue to drain, ${kiosk.status().queueLength} left`);
    expect(kiosk.status()).toMatchObject({ online: true, queueLength: 0, rejectedEvents: 0 });

    const logged = await loggedEvents(server.url, { kid: kiosk.kioskId, key: await kioskPublicKey(kioskDir) });
    expect(await chainProblems(logged)).toEqual([]);
    expect(logged.map((event) => ({ seq: event.payload.seq, type: event.payload.type, member: 'member' in event.payload ? event.payload.member : undefined }))).toEqual(
      recorded.map((result) => ({
        seq: result.seq,
        type: result.kind === 'checked-in' ? 'checkin' : 'card.denied',
        member: result.kind === 'checked-in' ? result.person.member : undefined,
      })),
    );
    const attended = await attendance(server.api, county.meetingIds[0]!);
    const distinctMembers = new Set(checkedIn.map((result) => (result as Extract<TapResult, { kind: 'checked-in' }>).person.member));
    expect(attended).toHaveLength(distinctMembers.size);
    expect(new Set(attended.map((entry) => entry.member))).toEqual(distinctMembers);
    expect(kioskErrors).toEqual([]);
  }, 120_000);
});
