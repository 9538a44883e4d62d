import { equalBytes } from '../bytes.ts';
import type { VerifiedCredential } from './credential.ts';
import { verifyPresence, type PresenceProof } from './presence.ts';

export type CloneVerdict =
  /** same counter, different challenges, both signatures valid: the key exists outside this card */
  | 'cloned'
  /** the same signed tap seen twice (a replay, not a clone) */
  | 'same-tap'
  /** different counters: nothing to conclude from this pair */
  | 'distinct';

/**
 * A genuine card signs each counter value once. Two valid signatures by one card key for one counter
 * over different challenges cannot both come from it. Both proofs are verified first, so an invalid
 * signature throws ERR_PRESENCE_SIGNATURE_INVALID instead of accusing the card.
 */
export async function checkClone(credential: VerifiedCredential, a: PresenceProof, b: PresenceProof): Promise<CloneVerdict> {
  await verifyPresence(credential, a);
  await verifyPresence(credential, b);
  if (a.counter !== b.counter) return 'distinct';
  return equalBytes(a.challenge, b.challenge) ? 'same-tap' : 'cloned';
}
