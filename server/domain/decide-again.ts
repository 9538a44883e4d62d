import { isApiError, type ApiErrorCode } from '../errors.ts';

/** Decisions taken at most this often: each retry means yet another write to the same thing took its turn first. */
const DECISIONS = 3;

/**
 * Reads, checks and writes again while the write refuses with `stale`. Such a write checks, in its own transaction,
 * that what the decision was taken on is still so; it is not when another request's write took its turn between
 * this one's reads and its write (two clicks of one button, two people at one member). Decided again on what that
 * write left, the request is answered as one sent after it would be: the refusal a second click gets, or the change
 * made after all when it still holds. Only when that keeps happening is the stale refusal itself the answer.
 */
export async function decideAgainWhenStale<T>(stale: ApiErrorCode, decideAndWrite: () => Promise<T>): Promise<T> {
  for (let decision = 1; ; decision += 1) {
    try {
      return await decideAndWrite();
    } catch (error) {
      if (decision === DECISIONS || !isApiError(error) || error.code !== stale) throw error;
    }
  }
}
