/**
 * A verification worker thread: runs an InProcessEventVerifier for the pool in verifier-pool.ts, called
 * through threads/worker-calls.ts.
 */
import { serveCalls } from '../threads/worker-calls.ts';
import type { VerifyRequest } from './event-verifier.ts';
import { InProcessEventVerifier } from './in-process-verifier.ts';

const verifier = new InProcessEventVerifier();
serveCalls((request: VerifyRequest) => verifier.verify(request));
