import type { MicErrorCode } from '../../shared/errors.ts';
import type { EventPayload } from '../../shared/events/event-schema.ts';

/** Why an event could not even be read as this kiosk's signed event. */
export type RefusalCode = 'ERR_EVENT_MALFORMED' | 'ERR_EVENT_FOREIGN_KIOSK' | 'ERR_EVENT_SIGNATURE_INVALID' | 'ERR_EVENT_SCHEMA';

/** What an unverified payload says about itself, read best-effort so a refused event is stored with it. */
export interface ClaimedFacts {
  seq: number | null;
  id: string | null;
  type: string | null;
  at: string | null;
}

/**
 * A verified payload without its card evidence: the taps' verdicts travel beside it, so the evidence
 * (credentials of about a kilobyte each) is not copied back from the verification thread.
 */
export type EventFacts = EventPayload extends infer E ? (E extends EventPayload ? Omit<E, 'card' | 'secretary'> : never) : never;

export function withoutEvidence(payload: EventPayload): EventFacts {
  if (payload.type === 'checkin') {
    const { card: _card, ...facts } = payload;
    return facts;
  }
  if (payload.type === 'transfer.accept') {
    const { card: _card, secretary: _secretary, ...facts } = payload;
    return facts;
  }
  return payload;
}

/**
 * The outcome of one card tap's cryptography (credential chain, expiry at the event's `at`, presence
 * signature over the recomputed challenge). What depends on the server's state — registration,
 * revocation, counters — is judged later, inside the batch transaction.
 */
export type TapVerdict =
  | { ok: true; csn: string; counter: number; challenge: string; sub: string; jti: string }
  | { ok: false; code: MicErrorCode };

/** The verification of one event, made before the batch transaction, in parallel with the others. */
export type EventVerdict =
  | { kind: 'refused'; code: RefusalCode; claimed: ClaimedFacts }
  | { kind: 'verified'; payload: EventFacts; taps: TapVerdict[] };
