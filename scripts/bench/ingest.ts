/**
 * The ingest and transparency-log benchmarks (issues 3 and 6), one after another. None needs pcscd;
 * each builds its own data folder in the temp directory and removes it.
 *   BENCH_THROUGHPUT_EVENTS  checkins per throughput run (default 20,000)
 *   BENCH_INGEST_EVENTS      checkins for the memory run (default 1,000,000: about 9 minutes on 2 cores)
 *   BENCH_LOG_LEAVES         leaves of the proof benchmark's tree (default 10,000,000)
 */
import { benchIngestMemory } from './ingest-memory.ts';
import { benchIngestThroughput } from './ingest-throughput.ts';
import { benchLogProofs } from './log-proofs.ts';

function count(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, not ${text}`);
  return value;
}

export async function benchIngest(): Promise<void> {
  await benchIngestThroughput({ events: count('BENCH_THROUGHPUT_EVENTS', 20_000), kiosks: 4, cards: 2000, batch: 500, rounds: 2 });
  await benchIngestMemory({ events: count('BENCH_INGEST_EVENTS', 1_000_000), kiosks: 4, cards: 4000, batch: 500, samples: 20 });
  await benchLogProofs(count('BENCH_LOG_LEAVES', 10_000_000));
}
