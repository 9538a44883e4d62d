/**
 * The server's verification half on its own: the same signed batches through the server's verifier
 * pool (its worker threads, credential caches, schema and card checks), with no HTTP and no database.
 * Beside the end-to-end rate it shows where the distance to the bound is lost: in verification, or in
 * everything around it (HTTP, the batch transaction and its commit, the log).
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { openSqliteStore } from '../../server/store/sqlite/open-sqlite-store.ts';
import { defaultVerifyWorkers, VerifierPool } from '../../server/verify/verifier-pool.ts';
import type { VerifyRequest } from '../../server/verify/event-verifier.ts';

export interface PoolRun {
  /** events verified per second */
  rate: number;
  /** CPU time per event (this process, all threads: the pool's workers and their dispatch) */
  cpuSecondsPerEvent: number;
}

/**
 * How fast the pool verifies, every kiosk's batches in flight at once as over HTTP, and the CPU it spends per event.
 * With `firstSightings`, every batch comes with an issuer set the pool has not seen (same keys, new version), so
 * each thread starts it with an empty credential cache: every card's credential is verified and its key imported
 * again, as in a county where a member taps once per meeting (each fixture batch holds each of its kiosk's cards once).
 */
export async function verifierPoolRate(dataDir: string, kioskKids: string[], bodies: string[][], options: { firstSightings?: boolean } = {}): Promise<PoolRun> {
  const store = openSqliteStore(join(dataDir, 'member-card.db'));
  let requests: VerifyRequest[][];
  try {
    const issuers = await store.read.issuers.all();
    const trusted = { version: issuers.map((issuer) => issuer.kid).join(','), keys: issuers };
    requests = await Promise.all(
      kioskKids.map(async (kid, k) => {
        const kiosk = await store.read.kiosks.byKid(kid);
        if (!kiosk) throw new Error(`kiosk ${kid} is not in the fixture`);
        return bodies[k]!.map((body, b) => ({
          kiosk: { kid, jwk: kiosk.jwk },
          issuers: options.firstSightings ? { ...trusted, version: `${trusted.version}#${k}.${b}` } : trusted,
          events: (JSON.parse(body) as { events: string[] }).events,
        }));
      }),
    );
  } finally {
    await store.close();
  }
  const pool = new VerifierPool(defaultVerifyWorkers(availableParallelism()));
  try {
    // Starts the threads before the clock runs, as the HTTP runs do with their warm-up request.
    await pool.verify({ ...requests[0]![0]!, events: ['warm-up'] });
    const started = performance.now();
    const cpu = process.cpuUsage();
    const counts = await Promise.all(
      requests.map(async (batches) => {
        let verified = 0;
        for (const request of batches) {
          const verdicts = await pool.verify(request);
          verified += verdicts.filter((verdict) => verdict.kind === 'verified' && verdict.taps.every((tap) => tap.ok)).length;
        }
        return verified;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const events = requests.flat().reduce((sum, request) => sum + request.events.length, 0);
    const verified = counts.reduce((sum, count) => sum + count, 0);
    if (verified !== events) throw new Error(`the verifier pool passed ${verified} of ${events} valid events`);
    return { rate: events / seconds, cpuSecondsPerEvent: (used.user + used.system) / 1e6 / events };
  } finally {
    await pool.close();
  }
}
