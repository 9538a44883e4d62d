import { z } from 'zod';
import { fromBase64url } from '../bytes.ts';
import { presenceChallenge, type TapFacts } from '../card/challenge.ts';
import { VerificationError } from '../errors.ts';
import { verifyCredential, type CredentialCheck, type VerifiedCredential } from './credential.ts';
import type { IssuerTrust } from './issuer-trust.ts';
import { verifyPresence } from './presence.ts';

/** The `card` member of a signed event (DESIGN §4): enough for anyone to re-verify the tap offline. */
export const CardEvidenceSchema = z.strictObject({
  credential: z.string().min(1).max(4096),
  counter: z.number().int().min(1).max(0xffffffff),
  sig: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});

export type CardEvidenceInput = z.infer<typeof CardEvidenceSchema>;

export interface VerifiedTap {
  credential: VerifiedCredential;
  counter: number;
  challenge: Uint8Array;
}

/**
 * Re-verifies one tap from an event: the credential chain (issuer, expiry, revocation) and the
 * presence signature over the challenge recomputed from the event's own facts.
 */
export async function verifyCardEvidence(
  evidence: unknown,
  facts: Omit<TapFacts, 'nonce'>,
  trust: IssuerTrust,
  check: CredentialCheck = {},
): Promise<VerifiedTap> {
  const parsed = CardEvidenceSchema.safeParse(evidence);
  if (!parsed.success) throw new VerificationError('ERR_PRESENCE_MALFORMED', 'card evidence does not match its schema', { cause: parsed.error });
  const { credential: jwt, counter, sig, nonce } = parsed.data;
  const credential = await verifyCredential(jwt, trust, check);
  const challenge = await presenceChallenge({ ...facts, nonce });
  await verifyPresence(credential, { counter, signature: fromBase64url(sig), challenge });
  return { credential, counter, challenge };
}
