/**
 * End-to-end ingest over HTTP with full verification (kiosk EdDSA signature, card credential and
 * ECDSA presence), beside the machine's verification bound measured in the same run, with and without
 * the transparency log (the difference is what the log costs).
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadKioskKey } from '../../shared/events/kiosk-key.ts';
import { startBenchServer } from './bench-server.ts';
import { EventGenerator } from './event-generator.ts';
import { buildIngestFixture, copyDataDir } from './ingest-fixture.ts';
import { batchBody, deliver, postBatch, type SendingKiosk } from './ingest-client.ts';
import { median, ms, percentile } from './stats.ts';
import { measureVerifyBound, type VerifyBound } from './verify-bound.ts';

export interface ThroughputOptions {
  events: number;
  kiosks: number;
  cards: number;
  batch: number;
  /** runs of each mode, alternated so machine noise hits both alike */
  rounds: number;
}

const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')}/s`;
const pct = (value: number): string => `${(100 * value).toFixed(1)}%`;

export function describeBound(bound: VerifyBound): string {
  return `Ed25519 ${perSecond(bound.ed25519PerSecond)}, P-256 ${perSecond(bound.p256PerSecond)} → ${perSecond(bound.eventsPerSecond)} checkins (one of each per event; ${perSecond(bound.eventsPerSecondUncached)} if every event's credential ES256 were verified again)`;
}

export async function benchIngestThroughput(options: ThroughputOptions): Promise<void> {
  const { events, kiosks, cards, batch, rounds } = options;
  console.log(`Event ingest over HTTP with full verification: ${events.toLocaleString('en-US')} checkins from ${kiosks} kiosks, ${cards} cards, batches of ${batch}`);
  const bounds = [await measureVerifyBound()];
  console.log(`  machine bound (${bounds[0]!.cores} cores, one worker thread each): ${describeBound(bounds[0]!)}`);

  process.stderr.write('  building the fixture (members, real cards, kiosks, meetings)…\n');
  const fixture = await buildIngestFixture({ kiosks, cards, meetingsPerKiosk: Math.ceil(events / cards), onProgress: (done) => process.stderr.write(`    ${done}/${cards} cards\r`) });
  const dirs = [fixture.dataDir];
  try {
    process.stderr.write('\n  signing the events in worker threads…\n');
    const generator = await EventGenerator.start(fixture.kiosks);
    const bodies: string[][] = [];
    const started = performance.now();
    await Promise.all(
      fixture.kiosks.map(async (_, k) => {
        bodies[k] = [];
        for (let made = 0; made < events / kiosks; made += batch) bodies[k]!.push(batchBody(await generator.next(k, Math.min(batch, events / kiosks - made))));
      }),
    );
    await generator.close();
    process.stderr.write(`  signed ${events} events in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    const senders: SendingKiosk[] = await Promise.all(fixture.kiosks.map(async (kiosk) => loadKioskKey(kiosk.privateJwk)));

    const runs: Record<'log' | 'no-log', { rate: number; latencies: number[]; rssMiB: number; cpuPerEvent: number }[]> = { log: [], 'no-log': [] };
    for (let round = 0; round < rounds; round++) {
      for (const mode of ['log', 'no-log'] as const) {
        const dataDir = copyDataDir(fixture.dataDir);
        dirs.push(dataDir);
        const server = await startBenchServer(dataDir, mode === 'no-log' ? { MIC_BENCH_WITHOUT_LOG_TREE: '1' } : {});
        try {
          // Starts the verification threads before the clock runs (a malformed event, stored as rejected).
          await postBatch(server.url, senders[0]!, batchBody(['warm-up']));
          const cpuBefore = server.cpuSeconds();
          const result = await deliver(server.url, senders, async (k, i) => bodies[k]![i]);
          const cpuPerEvent = (server.cpuSeconds() - cpuBefore) / result.events;
          if (result.statuses.accepted !== events) throw new Error(`expected ${events} accepted events, got ${JSON.stringify(result.statuses)}`);
          runs[mode].push({ rate: result.events / result.seconds, latencies: result.latencies, rssMiB: server.memory().rssMiB, cpuPerEvent });
          process.stderr.write(`  ${mode === 'log' ? 'with the log   ' : 'without the log'} round ${round + 1}: ${perSecond(result.events / result.seconds)}\n`);
        } finally {
          await server.stop();
        }
      }
    }
    bounds.push(await measureVerifyBound());

    const bound = median(bounds.map((b) => b.eventsPerSecond));
    const withLog = median(runs.log.map((run) => run.rate));
    const withoutLog = median(runs['no-log'].map((run) => run.rate));
    const latencies = runs.log.flatMap((run) => run.latencies);
    console.log(`  machine bound after the runs: ${describeBound(bounds[1]!)}; median bound ${perSecond(bound)}`);
    console.log(
      `  with the log     ${runs.log.map((run) => perSecond(run.rate)).join(', ')} → median ${perSecond(withLog)} = ${(withLog / bound).toFixed(2)} × bound (target ≥ 0.70: ${withLog / bound >= 0.7 ? 'met' : 'NOT met'})`,
    );
    console.log(`  without the log  ${runs['no-log'].map((run) => perSecond(run.rate)).join(', ')} → median ${perSecond(withoutLog)} = ${(withoutLog / bound).toFixed(2)} × bound`);
    const cost = 1 - withLog / withoutLog;
    console.log(`  the log costs ${pct(cost)} of ingest throughput (target < 15%: ${cost < 0.15 ? 'met' : 'NOT met'})`);
    // Other processes on the machine slow runs and bounds alike but not in step; CPU time per event is steadier.
    const cryptoCpu = median(bounds.map((b) => b.cpuSecondsPerEvent));
    const serverCpu = median(runs.log.map((run) => run.cpuPerEvent));
    console.log(
      `  CPU per checkin: server ${(serverCpu * 1e6).toFixed(0)} µs (all threads) vs ${(cryptoCpu * 1e6).toFixed(0)} µs for its two signature checks alone = ${(cryptoCpu / serverCpu).toFixed(2)} (the same ratio, free of other processes' load)`,
    );
    console.log(`  batch of ${batch} with the log: p50 ${ms(median(latencies))}, p99 ${ms(percentile(latencies, 99))}; server RSS after a run ${Math.round(median(runs.log.map((run) => run.rssMiB)))} MiB`);
  } finally {
    for (const dir of dirs) rmSync(dirname(dir), { recursive: true, force: true });
  }
}
