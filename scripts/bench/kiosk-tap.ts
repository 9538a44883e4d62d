/**
 * Tap → confirmed on screen, over the real reader path: pcscd + vpcd + nfc-pcsc (the kiosk's ResilientReaders),
 * a real Kiosk with its outbox on disk (synchronous=FULL) and its sync loop on, talking to a server process.
 *
 * Measured from the card's first APDU (the kiosk's SELECT arriving at the card) to the kiosk's `tap` notice,
 * which it publishes once the checkin event is durable: what the member waits for after the reader has
 * noticed the card. Card detection is left out on purpose: vpcd is polled by pcscd every 400 ms, which says
 * nothing about a real reader's detection. Every tap is a new member's first, so every one signs and records.
 *
 * The reference card runs in this process and answers in about a millisecond; a real card spends 70–160 ms
 * signing. So the target (p99 < 100 ms) is held against the latency without the card's own work, which is
 * timed inside the card. Taps alternate between the two virtual readers, so one card's lift is noticed while
 * the next card is tapped; sessions never overlap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { Kiosk } from '../../kiosk/core/kiosk.ts';
import { ResilientReaders } from '../../kiosk/core/readers/resilient-readers.node.ts';
import type { ReaderSource } from '../../kiosk/core/readers/reader-source.ts';
import type { TapResult } from '../../kiosk/core/session/tap-result.ts';
import type { PcscCardTransport } from '../../shared/card/pcsc-transport.node.ts';
import { ensurePcscd } from '../lib/pcscd.ts';
import { VIRTUAL_READERS, VpcdCard, type VirtualChip } from '../lib/vpcd-card.ts';
import { freePort, seedCounty, startLocalServer } from './kiosk-county.ts';
import { startServerProcess, type ServerProcess } from './kiosk-server.ts';
import { median, ms, percentile } from './stats.ts';
import { TimedTransport } from './timed-transport.ts';

const TARGET_P99_MS = 100;
/** first taps, left out of the figures: JIT, first SQLite pages, first TLS-free sockets */
const WARMUP = 10;

/** The card's chip, timed: when the first command arrived, and how long the card itself worked. */
class TimedChip implements VirtualChip {
  firstApduAt: number | undefined;
  cardMs = 0;

  constructor(private readonly applet: ReferenceApplet) {}

  process(apdu: Uint8Array): Uint8Array {
    const start = performance.now();
    this.firstApduAt ??= start;
    try {
      return this.applet.process(apdu);
    } finally {
      this.cardMs += performance.now() - start;
    }
  }

  reset(): void {
    this.applet.reset();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(2);
  }
}

interface Sample {
  total: number;
  card: number;
  transmit: number;
}

export async function benchKioskTap(taps = 200): Promise<void> {
  const pcscd = await ensurePcscd();
  const work = mkdtempSync(join(tmpdir(), 'mic-bench-kiosk-tap-'));
  const serverDir = join(work, 'server');
  const port = await freePort();
  const seeding = await startLocalServer({ dataDir: serverDir, port });
  let kiosk: Kiosk | undefined;
  let readers: ResilientReaders | undefined;
  let server: ServerProcess | undefined;
  try {
    const county = await seedCounty(seeding.api, { serverDataDir: serverDir, members: taps + WARMUP });
    kiosk = await Kiosk.open({ dataDir: join(work, 'kiosk') });
    await kiosk.enroll(seeding.url, county.enrolmentToken, '基准测试签到机');
    await kiosk.openMeeting({ kind: 'scheduled', meetingId: county.meetingIds[0]! });
    await seeding.stop();
    server = await startServerProcess(serverDir, port);

    readers = ResilientReaders.start();
    const heldBy: PcscCardTransport[] = [];
    readers.onCard((card) => heldBy.push(card));
    const timed: TimedTransport[] = [];
    const source: ReaderSource = {
      onCard: (listener) =>
        readers!.onCard((card) => {
          const transport = new TimedTransport(card);
          timed.push(transport);
          listener(transport);
        }),
    };
    const notices: { result: TapResult; at: number }[] = [];
    kiosk.subscribe((notice) => {
      if (notice.type === 'tap') notices.push({ result: notice.result, at: performance.now() });
    });
    kiosk.attachReaders(source);
    await until(() => readers!.status().state === 'connected' && VIRTUAL_READERS.every((name) => readers!.status().readers.includes(name)), 10_000, 'both virtual readers');

    const load = loadavg()[0]!;
    const samples: Sample[] = [];
    const lifted: (Promise<void> | undefined)[] = [undefined, undefined];
    for (const [i, member] of county.members.entries()) {
      const reader = i % 2;
      await lifted[reader];
      const chip = new TimedChip(member.applet);
      const card = new VpcdCard(chip, { reader });
      const before = notices.length;
      await card.insert();
      await until(() => notices.length > before, 10_000, `the answer to tap ${i + 1}`);
      const { result, at } = notices.at(-1)!;
      await card.remove();
      lifted[reader] = heldBy.at(-1)!.removed;
      if (result.kind !== 'checked-in') throw new Error(`tap ${i + 1} answered ${JSON.stringify(result)}`);
      if (i >= WARMUP) samples.push({ total: at - chip.firstApduAt!, card: chip.cardMs, transmit: timed.at(-1)!.transmitMs });
      if ((i + 1) % 50 === 0) process.stderr.write(`  kiosk tap: ${i + 1}/${county.members.length}\r`);
    }
    process.stderr.write('\n');
    await Promise.all(lifted);
    await until(() => kiosk!.status().queueLength === 0, 30_000, 'the taps to reach the server');

    const total = samples.map((s) => s.total);
    const card = samples.map((s) => s.card);
    const withoutCard = samples.map((s) => s.total - s.card);
    const pcsc = samples.map((s) => s.transmit - s.card);
    const kioskOwn = samples.map((s) => s.total - s.transmit);
    const row = (name: string, values: number[]): string => `  ${name.padEnd(46)} p50 ${ms(median(values)).padStart(10)}   p99 ${ms(percentile(values, 99)).padStart(10)}`;
    console.log(`kiosk tap → confirmed on screen (first APDU → durable checkin → tap notice), ${samples.length} taps after ${WARMUP} warm-up, pcscd + vpcd + nfc-pcsc`);
    console.log(`  (load average ${load.toFixed(1)} on ${availableParallelism()} cores at the start; the kiosk's sync loop posts each tap to a server process meanwhile)`);
    console.log(row('total', total));
    console.log(row("card's own work (reference card)", card));
    console.log(row('without the card: PC/SC round trips', pcsc));
    console.log(row('without the card: kiosk (verify, sign, fsync)', kioskOwn));
    console.log(row('without the card', withoutCard));
    console.log(`  card's share of the total: ${((100 * median(card)) / median(total)).toFixed(1)}% (median); a real card adds 70–160 ms of signing`);
    const p99 = percentile(withoutCard, 99);
    console.log(`  target p99 without the card < ${TARGET_P99_MS} ms: ${ms(p99)} = ${(p99 / TARGET_P99_MS).toFixed(2)} × target (${p99 < TARGET_P99_MS ? 'met' : 'MISSED'})`);
  } finally {
    await kiosk?.close();
    await readers?.close();
    await server?.stop();
    await seeding.stop().catch(() => undefined);
    await pcscd.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchKioskTap(Number(process.env.BENCH_TAPS ?? 200));
  process.exit(0);
}
