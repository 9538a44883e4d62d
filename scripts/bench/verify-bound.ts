/**
 * The machine's own bound on event ingest, measured in the same run as the ingest: how many Ed25519
 * and P-256 ECDSA signature checks per second all cores together manage (one worker thread per core,
 * node:crypto's synchronous verify, nothing else), and from those the events per second a checkin
 * would allow if verification were all the server did.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { median } from './stats.ts';

/** An Ed25519 check covers the event's signing input (about a checkin's size); P-256 the card's 48-byte message. */
const SIGNED_BYTES = { ed25519: 1500, p256: 48 } as const;
type Algorithm = keyof typeof SIGNED_BYTES;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { generateKeyPairSync, sign, verify } = require('node:crypto');
const ed = generateKeyPairSync('ed25519');
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const edMessage = Buffer.alloc(workerData.ed25519, 7);
const ecMessage = Buffer.alloc(workerData.p256, 7);
const edSignature = sign(null, edMessage, ed.privateKey);
const ecSignature = sign('sha256', ecMessage, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
const ecPublic = { key: ec.publicKey, dsaEncoding: 'ieee-p1363' };
const checks = {
  ed25519: () => verify(null, edMessage, ed.publicKey, edSignature),
  p256: () => verify('sha256', ecMessage, ecPublic, ecSignature),
};
parentPort.on('message', ({ algorithm, ms }) => {
  const check = checks[algorithm];
  let count = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 20; i++) if (!check()) throw new Error('a valid signature did not verify');
    count += 20;
  }
  parentPort.postMessage(count);
});
parentPort.postMessage('ready');
`;

export interface VerifyBound {
  cores: number;
  ed25519PerSecond: number;
  p256PerSecond: number;
  /** one Ed25519 (kiosk) + one P-256 (card presence) per checkin: credentials verified once and cached */
  eventsPerSecond: number;
  /** the same plus the issuer's ES256 credential signature on every event (no credential cache) */
  eventsPerSecondUncached: number;
  /** CPU seconds the two checks of one checkin take (measured CPU time of the checks, not wall time) */
  cpuSecondsPerEvent: number;
}

/** Checks per second on all workers together, and the CPU time one check took (this process's CPU over the count). */
async function rate(workers: Worker[], algorithm: Algorithm, ms: number): Promise<{ perSecond: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const counts = await Promise.all(
    workers.map(
      (worker) =>
        new Promise<number>((resolve) => {
          worker.once('message', resolve);
          worker.postMessage({ algorithm, ms });
        }),
    ),
  );
  const used = process.cpuUsage(cpu);
  const total = counts.reduce((sum, count) => sum + count, 0);
  return { perSecond: (total * 1000) / ms, cpuSeconds: (used.user + used.system) / 1e6 / total };
}

/** Measures each algorithm `rounds` times on every core at once and keeps the medians. */
export async function measureVerifyBound(options: { rounds?: number; ms?: number } = {}): Promise<VerifyBound> {
  const cores = availableParallelism();
  const workers = Array.from({ length: cores }, () => new Worker(WORKER, { eval: true, workerData: SIGNED_BYTES }));
  try {
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
    const ed: { perSecond: number; cpuSeconds: number }[] = [];
    const p256: { perSecond: number; cpuSeconds: number }[] = [];
    for (let round = 0; round < (options.rounds ?? 3); round++) {
      ed.push(await rate(workers, 'ed25519', options.ms ?? 1000));
      p256.push(await rate(workers, 'p256', options.ms ?? 1000));
    }
    const [e, p] = [median(ed.map((r) => r.perSecond)), median(p256.map((r) => r.perSecond))];
    return {
      cores,
      ed25519PerSecond: e,
      p256PerSecond: p,
      eventsPerSecond: 1 / (1 / e + 1 / p),
      eventsPerSecondUncached: 1 / (1 / e + 2 / p),
      // Measured, not derived from the rates: a busy machine slows the rates but not the CPU a check takes.
      cpuSecondsPerEvent: median(ed.map((r) => r.cpuSeconds)) + median(p256.map((r) => r.cpuSeconds)),
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
