/**
 * Every failure the server reports on purpose has a stable code and one HTTP status, defined here
 * and nowhere else. Clients and tests branch on the code; the message is for people.
 */
const STATUS = {
  // request shape (the edge)
  ERR_MALFORMED_JSON: 400,
  ERR_VALIDATION: 400,
  ERR_CSV_MALFORMED: 400,
  ERR_CSV_HEADER_INVALID: 400,
  ERR_CSV_ENCODING: 400,
  ERR_BODY_TOO_LARGE: 413,
  ERR_BODY_INCOMPLETE: 400,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_ROUTE_NOT_FOUND: 404,
  // refused by the HTTP server before any route: malformed HTTP, headers too large, a request that never finished arriving
  ERR_MALFORMED_REQUEST: 400,
  ERR_HEADERS_TOO_LARGE: 431,
  ERR_REQUEST_TIMEOUT: 408,
  // human sessions and authorisation
  ERR_AUTH_REQUIRED: 401,
  ERR_LOGIN_FAILED: 401,
  ERR_SESSION_INVALID: 401,
  ERR_SESSION_EXPIRED: 401,
  ERR_FORBIDDEN: 403,
  ERR_OUT_OF_SCOPE: 403,
  ERR_ROLE_NOT_GRANTABLE: 403,
  ERR_PASSWORD_WRONG: 403,
  // sign-in attempts over their limit (domain/sign-in-throttle.ts), and password hashing over its share of the server
  ERR_TOO_MANY_ATTEMPTS: 429,
  ERR_SERVER_BUSY: 503,
  // kiosk bearer tokens (DESIGN appendix)
  ERR_KIOSK_TOKEN_MISSING: 401,
  ERR_KIOSK_TOKEN_MALFORMED: 401,
  ERR_KIOSK_TOKEN_SIGNATURE_INVALID: 401,
  ERR_KIOSK_TOKEN_AUDIENCE_INVALID: 401,
  ERR_KIOSK_TOKEN_ISSUER_INVALID: 401,
  ERR_KIOSK_TOKEN_EXPIRED: 401,
  ERR_KIOSK_TOKEN_NOT_YET_VALID: 401,
  ERR_KIOSK_TOKEN_LIFETIME_TOO_LONG: 401,
  ERR_KIOSK_TOKEN_REPLAYED: 401,
  ERR_KIOSK_UNKNOWN: 401,
  ERR_KIOSK_DISABLED: 401,
  // kiosk enrolment
  ERR_ENROLMENT_TOKEN_UNKNOWN: 403,
  ERR_ENROLMENT_TOKEN_USED: 403,
  ERR_ENROLMENT_TOKEN_EXPIRED: 403,
  ERR_KIOSK_ALREADY_ENROLLED: 409,
  ERR_KIOSK_ALREADY_DISABLED: 409,
  // things that are not there
  ERR_ORG_NOT_FOUND: 404,
  ERR_MEMBER_NOT_FOUND: 404,
  ERR_CARD_NOT_FOUND: 404,
  ERR_KIOSK_NOT_FOUND: 404,
  ERR_MEETING_NOT_FOUND: 404,
  ERR_MEETING_KIND_NOT_FOUND: 404,
  // conflicts with what is stored
  ERR_ORG_CODE_TAKEN: 409,
  ERR_MEMBER_NUMBER_TAKEN: 409,
  ERR_ID_NUMBER_TAKEN: 409,
  // a CSV import's row repeating an earlier row of the same file
  ERR_MEMBER_NUMBER_REPEATED: 409,
  ERR_ID_NUMBER_REPEATED: 409,
  ERR_USERNAME_TAKEN: 409,
  ERR_ALREADY_INITIALISED: 409,
  ERR_ISSUER_ALREADY_REGISTERED: 409,
  ERR_CARD_ALREADY_REGISTERED: 409,
  ERR_MEMBER_HAS_ACTIVE_CARD: 409,
  ERR_CARD_NOT_ACTIVE: 409,
  ERR_PERIOD_OVERLAPS: 409,
  ERR_MEMBER_STATUS_UNCHANGED: 409,
  ERR_MEMBER_STATUS_FINAL: 409,
  ERR_MEMBER_STATUS_STALE: 409,
  ERR_MEMBER_STATUS_NOT_FINAL: 409,
  ERR_MEMBER_MOVED_SINCE: 409,
  ERR_MEMBER_STATUS_HISTORY_MISSING: 409,
  ERR_USER_ALREADY_DISABLED: 409,
  ERR_USER_ALREADY_ENABLED: 409,
  ERR_USER_ROLE_UNCHANGED: 409,
  ERR_LAST_ADMIN: 409,
  ERR_MEETING_KIND_TAKEN: 409,
  ERR_MEETING_KIND_RETIRED: 409,
  // well-formed but wrong
  ERR_ID_NUMBER_INVALID: 422,
  ERR_ISSUER_KID_MISMATCH: 422,
  ERR_ISSUER_KEY_INVALID: 422,
  ERR_KIOSK_KEY_INVALID: 422,
  ERR_CARD_MEMBER_UNKNOWN: 422,
  ERR_CARD_IDH_MISMATCH: 422,
  ERR_CARD_REPLACEMENT_MEMBER_MISMATCH: 422,
  ERR_MEETING_KIND_UNKNOWN: 422,
  ERR_THRESHOLD_MEETING_KIND_UNKNOWN: 422,
  ERR_MEETING_SCHEDULE_INVALID: 422,
  ERR_PERIOD_INVALID: 422,
  ERR_PASSWORD_TOO_WEAK: 422,
  ERR_MEMBER_STATUS_DATE_INVALID: 422,
  ERR_MEMBER_SINCE_INVALID: 422,
  ERR_USER_DISABLE_SELF: 422,
  ERR_PASSWORD_RESET_SELF: 422,
  // event ingest and the transparency log
  ERR_BATCH_TOO_LARGE: 413,
  ERR_LOG_RANGE: 400,
  ERR_LOG_CHECKPOINT_NOT_FOUND: 404,
  ERR_LOG_LEAF_NOT_FOUND: 404,
  // transfers, mobile members, histories, flows, bundles (issue 5)
  ERR_TRANSFER_NOT_FOUND: 404,
  ERR_MOBILE_PERIOD_NOT_FOUND: 404,
  ERR_USER_NOT_FOUND: 404,
  ERR_TRANSFER_ALREADY_OPEN: 409,
  ERR_TRANSFER_NOT_OPEN: 409,
  ERR_TRANSFER_EXPIRED: 409,
  ERR_TRANSFER_STALE: 409,
  ERR_MOBILE_PERIOD_CLOSED: 409,
  ERR_TRANSFER_VALIDITY_INVALID: 422,
  ERR_TRANSFER_SAME_ORG: 422,
  ERR_TRANSFER_NO_HOME: 422,
  ERR_WINDOW_INVALID: 400,
  ERR_CURSOR_INVALID: 400,
  ERR_BUNDLE_TOO_LARGE: 413,
  ERR_LETTER_FONT_MISSING: 500,
  // diagnostics (issue 7)
  ERR_FINDING_NOT_FOUND: 404,
  ERR_FINDING_NOT_LIVE: 409,
  // the server itself
  ERR_RESPONSE_SCHEMA: 500,
  ERR_INTERNAL: 500,
} as const satisfies Record<string, number>;

export type ApiErrorCode = keyof typeof STATUS;

export const API_ERROR_CODES = Object.keys(STATUS) as ApiErrorCode[];

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ApiErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.status = STATUS[code];
    this.details = details;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
