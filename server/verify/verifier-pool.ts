import { fileURLToPath } from 'node:url';
import { bundledWorkerSource } from '../threads/bundled-worker.ts';
import { WorkerCalls } from '../threads/worker-calls.ts';
import type { EventVerifier, VerifyRequest } from './event-verifier.ts';
import { cardAffinity } from './card-affinity.ts';
import type { EventVerdict } from './verdicts.ts';

const WORKER_ENTRY = fileURLToPath(new URL('./event-verifier.worker.ts', import.meta.url));

const YOUNG_GENERATION_MB = 8;

/**
 * Verification threads by default: one per core. Verification is about two thirds of an event's CPU,
 * so with one per core but one (1 on 2 cores) that worker is the bottleneck while the main thread's
 * core is partly idle; with one per core the threads share the cores. A worker runs a bundled script
 * (threads/bundled-worker.ts) and costs its own isolate only (~20 MB resident), so two cost less
 * memory than one worker loading TypeScript through tsx did.
 */
export const defaultVerifyWorkers = (cores: number): number => Math.max(1, cores);

/** A batch smaller than twice this goes to one worker whole: splitting would cost more than it saves. */
const MIN_EVENTS_PER_WORKER = 16;

/**
 * Verification on worker threads (defaultVerifyWorkers), so signature checks and the JSON, schema and
 * base64 work around them leave the main thread free for HTTP and SQLite. A batch is split by card
 * (card-affinity.ts), so each thread caches the credentials of its own share of the cards; verdicts are
 * put back in order. Threads start on first use and a thread that dies is replaced on the next batch.
 */
export class VerifierPool implements EventVerifier {
  private threads: WorkerCalls<VerifyRequest, EventVerdict[]>[] = [];
  private turn = 0;

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a verifier pool needs at least one worker, not ${size}`);
  }

  async verify(request: VerifyRequest): Promise<EventVerdict[]> {
    const threads = this.ready(await bundledWorkerSource(WORKER_ENTRY));
    if (request.events.length < MIN_EVENTS_PER_WORKER * 2 || threads.length === 1) {
      this.turn = (this.turn + 1) % threads.length;
      return threads[this.turn]!.call(request);
    }
    // Each card's events to one thread; events without a card fill up the least loaded thread.
    const shares: number[][] = threads.map(() => []);
    const loose: number[] = [];
    request.events.forEach((jws, i) => {
      const thread = cardAffinity(jws, threads.length);
      if (thread === undefined) loose.push(i);
      else shares[thread]!.push(i);
    });
    for (const i of loose) shares.reduce((least, share) => (share.length < least.length ? share : least)).push(i);
    const verdicts: EventVerdict[] = new Array<EventVerdict>(request.events.length);
    await Promise.all(
      shares.map(async (share, t) => {
        if (share.length === 0) return;
        const results = await threads[t]!.call({ ...request, events: share.map((i) => request.events[i]!) });
        share.forEach((i, k) => (verdicts[i] = results[k]!));
      }),
    );
    return verdicts;
  }

  async close(): Promise<void> {
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((thread) => thread.terminate()));
  }

  private ready(source: string): WorkerCalls<VerifyRequest, EventVerdict[]>[] {
    this.threads = this.threads.filter((thread) => thread.alive);
    // A small young generation: verification garbage is short-lived, and each 16 MB semi-space a worker
    // keeps by default is resident memory the server pays per core.
    while (this.threads.length < this.size) this.threads.push(new WorkerCalls(source, 'event verification', { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }));
    return this.threads;
  }
}
