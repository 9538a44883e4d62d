/**
 * Outbox drain rate: a kiosk that was offline for a while (its outbox full of signed checkin events) meets a
 * local server again. The outbox is filled while the server is down, by in-memory taps of reference cards on
 * the real Kiosk (card session, offline verification, signing, synchronous=FULL commits: the same code a
 * reader tap runs, without pcscd's 400 ms card detection per tap). Then the server starts as its own process
 * and one sync round (what the kiosk's loop runs when the server answers again) drains the queue, in the
 * kiosk's own batches, while the server verifies every event in full and appends it to the transparency log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Kiosk } from '../../kiosk/core/kiosk.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { freePort, seedCounty, startLocalServer } from './kiosk-county.ts';
import { startServerProcess, type ServerProcess } from './kiosk-server.ts';
import { processCpuSeconds } from './process-usage.ts';
import { median, ms, percentile } from './stats.ts';

const TARGET_EVENTS_PER_SECOND = 2_000;
const MEMBERS = 200;

interface Upload {
  start: number;
  end: number;
  events: number;
}

const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')} events/s`;

const ownCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export async function benchKioskDrain(events = 20_000): Promise<void> {
  const meetings = Math.ceil(events / MEMBERS);
  const work = mkdtempSync(join(tmpdir(), 'mic-bench-kiosk-drain-'));
  const serverDir = join(work, 'server');
  const port = await freePort();
  const seeding = await startLocalServer({ dataDir: serverDir, port });
  const uploads: Upload[] = [];
  /** Times each POST /api/v1/events the kiosk makes; the answer's receipts say how many events it carried. */
  const timedFetch: typeof fetch = async (input, init) => {
    const posting = init?.method === 'POST' && String(input instanceof Request ? input.url : input).endsWith('/api/v1/events');
    const start = performance.now();
    const response = await fetch(input, init);
    if (posting && response.ok) {
      const answer = (await response.clone().json()) as { results: unknown[] };
      uploads.push({ start, end: performance.now(), events: answer.results.length });
    }
    return response;
  };
  let kiosk: Kiosk | undefined;
  let server: ServerProcess | undefined;
  try {
    process.stderr.write(`  kiosk drain: seeding ${MEMBERS} members with cards and ${meetings} meetings…\n`);
    const county = await seedCounty(seeding.api, { serverDataDir: serverDir, members: MEMBERS, meetings });
    kiosk = await Kiosk.open({ dataDir: join(work, 'kiosk'), autoSync: false, fetch: timedFetch });
    await kiosk.enroll(seeding.url, county.enrolmentToken, '基准测试签到机');
    await seeding.stop();

    const filling = performance.now();
    let filled = 0;
    // Moving on to the next meeting closes the last one: a meeting.close in the outbox beside the checkins.
    let closes = 0;
    for (const meetingId of county.meetingIds) {
      if (filled === events) break;
      if (kiosk.status().mode.kind === 'meeting') {
        await kiosk.closeMeeting();
        closes += 1;
      }
      await kiosk.openMeeting({ kind: 'scheduled', meetingId });
      for (const member of county.members) {
        if (filled === events) break;
        member.applet.reset();
        const result = await kiosk.tap(new MemoryTransport(member.applet, 'memory reader'));
        if (result.kind !== 'checked-in') throw new Error(`fill tap ${filled + 1} answered ${JSON.stringify(result)}`);
        filled += 1;
        if (filled % 1_000 === 0) process.stderr.write(`  kiosk drain: ${filled}/${events} events in the outbox\r`);
      }
    }
    const fillSeconds = (performance.now() - filling) / 1000;
    process.stderr.write('\n');
    const queued = events + closes;
    if (kiosk.status().queueLength !== queued) throw new Error(`the outbox holds ${kiosk.status().queueLength} events, not ${queued}`);

    server = await startServerProcess(serverDir, port);
    const load = loadavg()[0]!;
    const cpuBefore = { server: processCpuSeconds(server.child.pid!), kiosk: ownCpuSeconds() };
    const started = performance.now();
    const status = await kiosk.syncNow();
    const drained = performance.now() - started;
    const cpu = { server: processCpuSeconds(server.child.pid!) - cpuBefore.server, kiosk: ownCpuSeconds() - cpuBefore.kiosk };
    if (status.queueLength !== 0 || status.rejectedEvents !== 0) throw new Error(`after the drain: ${status.queueLength} queued, ${status.rejectedEvents} rejected (${JSON.stringify(status.lastError)})`);

    const delivered = uploads.reduce((sum, upload) => sum + upload.events, 0);
    const postWindow = uploads.at(-1)!.end - uploads[0]!.start;
    const full = uploads.filter((upload) => upload.events === uploads[0]!.events);
    const batchRates = full.map((upload) => (1000 * upload.events) / (upload.end - upload.start));
    const batchMs = full.map((upload) => upload.end - upload.start);
    // Between one answer and the next request: the kiosk recording receipts and reading the next batch.
    const between = uploads.slice(1).map((upload, i) => upload.start - uploads[i]!.end);
    const rate = (1000 * queued) / drained;
    console.log(`kiosk outbox drain to a local server process: ${events.toLocaleString('en-US')} signed checkins (${MEMBERS} members × ${meetings} meetings) and ${closes} meeting closes, filled offline in ${fillSeconds.toFixed(1)} s`);
    console.log(`  queue ${queued} → 0 in ${ms(drained)} (one sync round: configuration pull, then ${uploads.length} POSTs of up to ${uploads[0]!.events}): ${perSecond(rate)}`);
    const warm = uploads.length > 1 ? uploads.slice(1) : uploads;
    const warmRate = (1000 * warm.reduce((sum, upload) => sum + upload.events, 0)) / (uploads.at(-1)!.end - warm[0]!.start);
    console.log(`  POST window only (first request → last answer): ${perSecond((1000 * delivered) / postWindow)}; after the first batch (the server's verifier threads started cold): ${perSecond(warmRate)}`);
    console.log(`  per batch of ${uploads[0]!.events}: POST → answer p50 ${ms(median(batchMs))}, p99 ${ms(percentile(batchMs, 99))}; rate p50 ${perSecond(median(batchRates))}, p1 ${perSecond(percentile(batchRates, 1))}`);
    if (between.length > 0) console.log(`  kiosk between batches (receipts, next batch): p50 ${ms(median(between))}, p99 ${ms(percentile(between, 99))}`);
    const cores = availableParallelism();
    // An upper bound: the kiosk waits for each answer, so its work and the server's do not overlap fully.
    const cpuBound = (queued * cores) / (cpu.server + cpu.kiosk);
    console.log(
      `  CPU per 1,000 events: server ${((1000 * cpu.server) / queued).toFixed(2)} s (all threads), kiosk ${((1000 * cpu.kiosk) / queued).toFixed(2)} s; ` +
        `load average ${load.toFixed(1)} on ${cores} cores at the start; with the cores to themselves the CPU would allow at most ${perSecond(cpuBound)}`,
    );
    const verdict = (value: number): string => `${perSecond(value)} = ${(value / TARGET_EVENTS_PER_SECOND).toFixed(2)} × target (${value >= TARGET_EVENTS_PER_SECOND ? 'met' : 'MISSED'})`;
    console.log(`  target ≥ ${perSecond(TARGET_EVENTS_PER_SECOND)}: queue to empty ${verdict(rate)}; after the first batch ${verdict(warmRate)}`);
  } finally {
    await kiosk?.close();
    await server?.stop();
    await seeding.stop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchKioskDrain(Number(process.env.BENCH_DRAIN_EVENTS ?? 20_000));
  process.exit(0);
}
