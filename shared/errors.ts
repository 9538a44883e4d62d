/**
 * Every error the project raises on purpose carries a stable code. Callers and tests branch on the
 * code, never on the message; the HTTP layer maps codes to `{ error: { code, message } }`.
 */
export type MicErrorCode =
  // card transport and protocol
  | 'ERR_CARD_REMOVED'
  | 'ERR_NO_READER'
  | 'ERR_NO_CARD'
  | 'ERR_CARD_CONNECT_FAILED'
  | 'ERR_CARD_STATUS'
  | 'ERR_CARD_RESPONSE_MALFORMED'
  | 'ERR_APPLET_NOT_FOUND'
  | 'ERR_CARD_NOT_ACTIVE'
  | 'ERR_CARD_LOCKED'
  | 'ERR_CARD_COUNTER_EXHAUSTED'
  | 'ERR_APDU_INVALID'
  // credential and presence verification
  | 'ERR_CREDENTIAL_MALFORMED'
  | 'ERR_NOT_MEMBER_CARD'
  | 'ERR_ISSUER_UNKNOWN'
  | 'ERR_CREDENTIAL_SIGNATURE_INVALID'
  | 'ERR_CREDENTIAL_EXPIRED'
  | 'ERR_CREDENTIAL_NOT_YET_VALID'
  | 'ERR_CARD_REVOKED'
  | 'ERR_PRESENCE_SIGNATURE_INVALID'
  | 'ERR_PRESENCE_MALFORMED'
  | 'ERR_REVOCATION_LIST_INVALID'
  // signed events
  | 'ERR_EVENT_MALFORMED'
  | 'ERR_EVENT_SIGNATURE_INVALID'
  | 'ERR_EVENT_SCHEMA'
  // transparency log (shared/log)
  | 'ERR_PROOF_INVALID'
  | 'ERR_PROOF_RANGE'
  | 'ERR_CHECKPOINT_INVALID'
  | 'ERR_NOTE_MALFORMED'
  | 'ERR_NOTE_KEY_INVALID'
  | 'ERR_NOTE_SIGNATURE_INVALID'
  | 'ERR_NOTE_UNVERIFIED'
  | 'ERR_LOG_INCONSISTENT'
  // event ingest receipts (POST /api/v1/events): why the server refused one event of a batch
  | 'ERR_EVENT_FOREIGN_KIOSK'
  | 'ERR_EVENT_ORG_MISMATCH'
  | 'ERR_EVENT_SEQ_GAP'
  | 'ERR_EVENT_FORK'
  | 'ERR_EVENT_CHAIN_BROKEN'
  | 'ERR_EVENT_ID_REUSED'
  | 'ERR_EVENT_MEMBER_MISMATCH'
  | 'ERR_EVENT_SECRETARY_IS_MEMBER'
  | 'ERR_CARD_UNKNOWN'
  | 'ERR_CARD_CLONED'
  | 'ERR_CARD_EVIDENCE_REPLAYED'
  | 'ERR_MEETING_UNKNOWN'
  | 'ERR_MEETING_KIND_UNKNOWN'
  | 'ERR_MEETING_CONFLICT'
  | 'ERR_MEETING_NOT_OPEN'
  | 'ERR_MEETING_CLOSED';

/**
 * An error with a stable code, the shape of every error class here and in the parts built on shared/
 * (the kiosk's, the server's, the tools'): each names its own codes, `details` carry machine-readable facts.
 */
export class CodedError<Code extends string> extends Error {
  readonly code: Code;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: Code, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details;
  }
}

export class MicError extends CodedError<MicErrorCode> {}

/** The card left the field (or the reader vanished) before the exchange finished. */
export class CardRemovedError extends MicError {
  constructor(message = 'The card was removed before the exchange finished; tap again.', cause?: unknown) {
    super('ERR_CARD_REMOVED', message, { cause });
  }
}

/** The card answered a status word other than the one the step needs. */
export class CardStatusError extends MicError {
  readonly sw: number;

  constructor(sw: number, step: string, code: MicErrorCode = 'ERR_CARD_STATUS') {
    super(code, `${step}: the card answered ${sw.toString(16).toUpperCase().padStart(4, '0')}`, { details: { sw, step } });
    this.sw = sw;
  }
}

/** The card's bytes do not follow SPEC.md (too short, bad TLV, wrong length). */
export class CardResponseError extends MicError {
  constructor(message: string) {
    super('ERR_CARD_RESPONSE_MALFORMED', message);
  }
}

/** A credential, presence proof or revocation list failed verification. */
export class VerificationError extends MicError {}

export const isMicError = (error: unknown): error is MicError => error instanceof MicError;
