import type { KioskMigration } from './migration.ts';

/*
 * Every event the kiosk signed, in seq order. A row is never deleted when the server answers: the receipt
 * is written beside it, and "pending" means "no receipt yet". `hash` is eventHash(jws), the next event's prev.
 */
export const migration: KioskMigration = {
  version: 1,
  name: 'outbox',
  sql: `
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  jws TEXT NOT NULL,
  hash TEXT NOT NULL,
  receipt_status TEXT CHECK (receipt_status IN ('accepted', 'duplicate', 'rejected')),
  receipt_code TEXT,
  log_index INTEGER,
  received_at TEXT,
  CHECK ((receipt_status IS NULL) = (received_at IS NULL)),
  CHECK (receipt_status = 'rejected' OR receipt_code IS NULL)
) STRICT;

CREATE INDEX outbox_pending ON outbox (seq) WHERE receipt_status IS NULL;
CREATE INDEX outbox_rejected ON outbox (seq) WHERE receipt_status = 'rejected';
`,
};
