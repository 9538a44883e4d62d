/** One authenticated kiosk request, as the server heard it. */
export interface KioskContact {
  kid: string;
  /** server time of the request */
  at: string;
  /** the kiosk token's iat minus the server's time, in whole seconds */
  skewSeconds: number;
  /** the outbox backlog the kiosk reported with this request; null when it reported none (or nothing usable) */
  outboxPending: number | null;
}

/** What the kiosk rules read about one enabled kiosk. */
export interface KioskHealth {
  kid: string;
  name: string;
  orgId: number;
  enrolledAt: string;
  /** null: never heard from since enrolment */
  lastSeenAt: string | null;
  skewSeconds: number | null;
  skewSince: string | null;
  outboxPending: number | null;
  pendingReportedAt: string | null;
  backlogSince: string | null;
}

export interface KioskHealthReader {
  /** enabled kiosks only, by kid; 'all' for every enabled kiosk */
  list(kids: readonly string[] | 'all'): Promise<KioskHealth[]>;
}

export interface KioskHealthWriter {
  /** one statement: the kiosk's row is created or updated */
  recordContact(contact: KioskContact): Promise<void>;
}
