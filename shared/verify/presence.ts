import { forWebCrypto, fromHex } from '../bytes.ts';
import { presenceMessage } from '../card/challenge.ts';
import { COUNTER_MAX } from '../card/constants.ts';
import { VerificationError } from '../errors.ts';
import type { VerifiedCredential } from './credential.ts';

export interface PresenceProof {
  counter: number;
  /** r ‖ s, 64 bytes */
  signature: Uint8Array;
  challenge: Uint8Array;
}

/**
 * Checks the card's signature over "MIC1" ‖ csn ‖ counter ‖ challenge against the credential's
 * `cnf.jwk`: standard ECDSA P-256 / SHA-256, so any other implementation reaches the same verdict.
 */
export async function verifyPresence(credential: VerifiedCredential, proof: PresenceProof): Promise<void> {
  if (!Number.isInteger(proof.counter) || proof.counter < 1 || proof.counter > COUNTER_MAX) {
    throw new VerificationError('ERR_PRESENCE_MALFORMED', `counter ${proof.counter} is outside 1..2^32-1`);
  }
  if (proof.signature.length !== 64) {
    throw new VerificationError('ERR_PRESENCE_MALFORMED', `a P-256 signature is 64 bytes, got ${proof.signature.length}`);
  }
  const message = presenceMessage(fromHex(credential.claims.csn), proof.counter, proof.challenge);
  const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, credential.cardKey, forWebCrypto(proof.signature), message);
  if (!valid) {
    throw new VerificationError('ERR_PRESENCE_SIGNATURE_INVALID', 'the card signature does not match this tap', {
      details: { csn: credential.claims.csn, counter: proof.counter },
    });
  }
}
