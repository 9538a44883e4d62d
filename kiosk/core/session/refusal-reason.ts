import type { DenialReason } from '../../../shared/events/event-schema.ts';
import type { MicErrorCode } from '../../../shared/errors.ts';
import type { RefusalReason } from './tap-result.ts';

export interface CardRefusal {
  /** what the `card.denied` event says */
  denial: DenialReason;
  /** what the screen says */
  reason: RefusalReason;
}

/**
 * The card and verification codes of shared/ that mean "this is not a card the kiosk may accept". A card
 * that speaks the protocol badly (wrong status words, malformed answers) is not a member card as far as
 * the kiosk can tell; a card leaving the field is not here (it is "tap again", never a refusal).
 */
const REFUSALS: Partial<Record<MicErrorCode, CardRefusal>> = {
  ERR_APPLET_NOT_FOUND: { denial: 'not-member-card', reason: 'not-member-card' },
  ERR_CARD_STATUS: { denial: 'not-member-card', reason: 'not-member-card' },
  ERR_CARD_RESPONSE_MALFORMED: { denial: 'not-member-card', reason: 'not-member-card' },
  ERR_APDU_INVALID: { denial: 'not-member-card', reason: 'not-member-card' },
  ERR_NOT_MEMBER_CARD: { denial: 'not-member-card', reason: 'not-member-card' },
  ERR_CREDENTIAL_MALFORMED: { denial: 'not-member-card', reason: 'not-member-card' },
  ERR_CARD_NOT_ACTIVE: { denial: 'not-issued', reason: 'not-issued' },
  ERR_CARD_LOCKED: { denial: 'not-issued', reason: 'not-issued' },
  ERR_ISSUER_UNKNOWN: { denial: 'unknown-issuer', reason: 'unknown-issuer' },
  ERR_CREDENTIAL_SIGNATURE_INVALID: { denial: 'bad-signature', reason: 'bad-signature' },
  ERR_PRESENCE_SIGNATURE_INVALID: { denial: 'bad-signature', reason: 'bad-signature' },
  ERR_PRESENCE_MALFORMED: { denial: 'bad-signature', reason: 'bad-signature' },
  ERR_CREDENTIAL_EXPIRED: { denial: 'expired', reason: 'expired' },
  // The card is outside its validity period either way; the screen tells the secretary to check the clock.
  ERR_CREDENTIAL_NOT_YET_VALID: { denial: 'expired', reason: 'not-yet-valid' },
  ERR_CARD_REVOKED: { denial: 'revoked', reason: 'revoked' },
  ERR_CARD_COUNTER_EXHAUSTED: { denial: 'counter-exhausted', reason: 'counter-exhausted' },
};

export const refusalFor = (code: MicErrorCode): CardRefusal | undefined => REFUSALS[code];
