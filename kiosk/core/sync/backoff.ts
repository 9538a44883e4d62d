export interface BackoffPolicy {
  /** the ceiling of the first retry's delay */
  baseMs: number;
  /** no delay is ever longer than this */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 60_000 };

/**
 * "Full jitter" (AWS Architecture Blog, 2015): a uniformly random delay up to an exponentially growing,
 * capped ceiling. Hundreds of kiosks that lost the server together then come back spread out instead of
 * in synchronised waves. `failures` counts consecutive failures, from 1.
 */
export function fullJitterDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.floor(random() * ceiling);
}
