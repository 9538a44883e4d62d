/**
 * A verification worker thread: runs an InProcessEventVerifier for the pool in verifier-pool.ts.
 * Messages in: { id, request }; out: { id, verdicts } or { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import type { VerifyRequest } from './event-verifier.ts';
import { InProcessEventVerifier } from './in-process-verifier.ts';

const port = parentPort;
if (!port) throw new Error('event-verifier.worker.ts runs as a worker thread');
const verifier = new InProcessEventVerifier();

port.on('message', (message: { id: number; request: VerifyRequest }) => {
  verifier.verify(message.request).then(
    (verdicts) => port.postMessage({ id: message.id, verdicts }),
    (error: unknown) => port.postMessage({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
port.postMessage({ ready: true });
