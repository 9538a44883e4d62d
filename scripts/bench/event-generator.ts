/**
 * Signed checkin events for the benchmarks, made in worker threads: real card taps on the reference
 * applet (ECDSA P-256 on the card's key, counter and challenge), kiosk EdDSA signatures, seq and prev
 * chains. Each kiosk (and so each of its cards) lives in one thread; threads work in parallel.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FixtureKiosk } from './ingest-fixture.ts';

const ENTRY = new URL('./event-generator.worker.ts', import.meta.url).href;
const BOOTSTRAP = new URL('./ts-worker.mjs', import.meta.url);

type Reply = { ready: true } | { id: number; events: string[] } | { id: number; error: string };

export class EventGenerator {
  private readonly pending = new Map<number, { resolve(events: string[]): void; reject(error: Error): void }>();
  private nextId = 1;

  private constructor(
    private readonly workers: Worker[],
    private readonly ownerOf: (kiosk: number) => Worker,
  ) {
    for (const worker of workers) {
      worker.on('message', (reply: Reply) => {
        if ('ready' in reply) return;
        const waiting = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if ('error' in reply) waiting?.reject(new Error(reply.error));
        else waiting?.resolve(reply.events);
      });
    }
  }

  static async start(kiosks: FixtureKiosk[], threads = availableParallelism()): Promise<EventGenerator> {
    const count = Math.min(threads, kiosks.length);
    const workers = Array.from({ length: count }, (_, w) => {
      const owned = kiosks.flatMap((fixture, index) => (index % count === w ? [{ index, fixture }] : []));
      return new Worker(BOOTSTRAP, { workerData: { entry: ENTRY, kiosks: owned } });
    });
    await Promise.all(workers.map((worker) => new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    })));
    return new EventGenerator(workers, (kiosk) => workers[kiosk % count]!);
  }

  /** The kiosk's next `count` events, continuing its chain. */
  next(kiosk: number, count: number): Promise<string[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ownerOf(kiosk).postMessage({ id, kiosk, count });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
