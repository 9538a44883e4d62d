import { fromBase64url } from '../../../shared/bytes.ts';
import { presenceChallenge, type TapFacts } from '../../../shared/card/challenge.ts';
import { provePresence, readCard, type CardEvidence, type CardRead } from '../../../shared/card/tap.ts';
import type { CardTransport } from '../../../shared/card/transport.ts';
import { isMicError } from '../../../shared/errors.ts';
import { verifyCredential, type VerifiedCredential } from '../../../shared/verify/credential.ts';
import { verifyPresence } from '../../../shared/verify/presence.ts';
import type { KioskConfig } from '../config/kiosk-config.ts';
import { refusalFor, type CardRefusal } from './refusal-reason.ts';

export type CardCheck =
  | { ok: true; read: CardRead; credential: VerifiedCredential }
  | { ok: false; refusal: CardRefusal; serial?: string | undefined; credential?: string | undefined };

export type PresenceCheck = { ok: true; evidence: CardEvidence } | { ok: false; refusal: CardRefusal };

/** A refusal for a card problem; anything else (the card leaving, a bug) goes on up unchanged. */
function refusalOrThrow(error: unknown): CardRefusal {
  const refusal = isMicError(error) && error.code !== 'ERR_CARD_REMOVED' ? refusalFor(error.code) : undefined;
  if (!refusal) throw error;
  return refusal;
}

/**
 * Reads the card and verifies its credential offline against the cached configuration: issuer key,
 * signature, validity at `now`, revocation list. The credential must name the card it was read from;
 * one copied onto another card would fail the presence signature anyway, and fails here sooner.
 */
export async function checkCard(transport: CardTransport, config: KioskConfig, now: Date): Promise<CardCheck> {
  let read: CardRead | undefined;
  try {
    read = await readCard(transport);
    const credential = await verifyCredential(read.credential, config.trust, { now, revocations: config.revocations });
    if (credential.claims.csn !== read.info.serial) {
      return { ok: false, refusal: { denial: 'bad-signature', reason: 'bad-signature' }, serial: read.info.serial, credential: read.credential };
    }
    return { ok: true, read, credential };
  } catch (error) {
    return { ok: false, refusal: refusalOrThrow(error), serial: read?.info.serial, credential: read?.credential };
  }
}

/**
 * Asks the card to sign a challenge bound to `facts` and a fresh nonce, then checks that signature here
 * before anything is confirmed: a card holding a copied credential but not its key is refused on the spot
 * instead of being greeted on screen and rejected by the server later.
 */
export async function provePresent(
  transport: CardTransport,
  facts: Omit<TapFacts, 'nonce'>,
  read: CardRead,
  credential: VerifiedCredential,
): Promise<PresenceCheck> {
  try {
    const proof = await provePresence(transport, facts, read);
    await verifyPresence(credential, {
      counter: proof.evidence.counter,
      signature: fromBase64url(proof.evidence.sig),
      challenge: await presenceChallenge(proof.facts),
    });
    return { ok: true, evidence: proof.evidence };
  } catch (error) {
    return { ok: false, refusal: refusalOrThrow(error) };
  }
}
