/**
 * Failures the kiosk core raises on purpose. Like MicError in shared/, each carries a stable code that the
 * screen translates and tests assert; the message is for logs and people. Card and verification failures
 * keep their shared MicError codes: they are mapped to tap results, never rethrown as these.
 */
export type KioskErrorCode =
  // data folder and database
  | 'ERR_KIOSK_KEY_STORE_CORRUPT'
  | 'ERR_KIOSK_IDENTITY_MISMATCH'
  | 'ERR_KIOSK_DATABASE_FOREIGN'
  | 'ERR_KIOSK_MIGRATION_UNKNOWN'
  | 'ERR_KIOSK_MIGRATION_EDITED'
  | 'ERR_KIOSK_MIGRATIONS_INVALID'
  // enrolment and the server
  | 'ERR_KIOSK_NOT_ENROLLED'
  | 'ERR_KIOSK_ALREADY_ENROLLED'
  | 'ERR_SERVER_URL_INVALID'
  | 'ERR_SERVER_UNREACHABLE'
  | 'ERR_SERVER_REFUSED'
  | 'ERR_SERVER_FAILED'
  | 'ERR_SERVER_ANSWER_INVALID'
  | 'ERR_SERVER_KEY_UNKNOWN'
  | 'ERR_SERVER_KEY_CHANGED'
  | 'ERR_CONFIG_INVALID'
  | 'ERR_REVOCATIONS_ROLLED_BACK'
  // outbox
  | 'ERR_ALREADY_CHECKED_IN'
  | 'ERR_TRANSFER_ALREADY_ACCEPTED'
  | 'ERR_OUTBOX_CLOSED'
  // modes and secretary actions
  | 'ERR_MODE_TRANSITION'
  | 'ERR_MEETING_NOT_FOUND'
  | 'ERR_MEETING_CLOSED'
  | 'ERR_MEETING_INVALID'
  | 'ERR_MEETING_KIND_UNKNOWN'
  | 'ERR_TRANSFER_NOT_FOUND'
  | 'ERR_TRANSFER_EXPIRED'
  | 'ERR_NO_CONFIG'
  | 'ERR_ADMIN_PIN_FORMAT'
  | 'ERR_ADMIN_PIN_NOT_SET'
  | 'ERR_ADMIN_PIN_WRONG'
  | 'ERR_ADMIN_PIN_LOCKED';

export class KioskError extends Error {
  readonly code: KioskErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: KioskErrorCode, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details;
  }
}

/**
 * The server answered with an error body `{ error: { code, message } }` (or none at all). `status` tells the
 * sync loop whether waiting can help (5xx, 429) or a person must act (401 disabled kiosk, 403 used token).
 */
export class ServerAnswerError extends KioskError {
  readonly status: number;
  readonly serverCode: string | undefined;

  constructor(status: number, serverCode: string | undefined, message: string) {
    super(status >= 500 || status === 429 ? 'ERR_SERVER_FAILED' : 'ERR_SERVER_REFUSED', message, { details: { status, serverCode } });
    this.status = status;
    this.serverCode = serverCode;
  }

  get retryable(): boolean {
    return this.code === 'ERR_SERVER_FAILED';
  }
}

export const isKioskError = (error: unknown): error is KioskError => error instanceof KioskError;
