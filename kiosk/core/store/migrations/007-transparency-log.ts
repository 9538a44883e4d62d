import type { KioskMigration } from './migration.ts';

/*
 * The kiosk's check of the server's transparency log (kiosk/core/log).
 * - `log_trust`: the log's note verifier key, pinned once after enrolment (trust on first use, like the
 *   server key), and the newest checkpoint this kiosk verified; every later one must extend it.
 * - `log_proofs`: per outbox event with a log index, what the check found against which checkpoint:
 *   `proven` (its inclusion proof verified) or `missing` (the log does not hold it there). A separate
 *   table so the outbox, which holds signed events nobody else has yet, is never rewritten for this.
 * - `log_alarms`: what the check raised, once per incident (`fingerprint`), and the seq of the
 *   `kiosk.alarm` event that reports it to the server (NULL until that event is in the outbox).
 */
export const migration: KioskMigration = {
  version: 7,
  name: 'transparency-log',
  sql: `
CREATE TABLE log_trust (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  verifier_key TEXT NOT NULL,
  origin TEXT NOT NULL,
  pinned_at TEXT NOT NULL,
  checkpoint_size INTEGER CHECK (checkpoint_size >= 0),
  checkpoint_root BLOB CHECK (length(checkpoint_root) = 32),
  checkpoint_note TEXT,
  checkpoint_at TEXT,
  CHECK ((checkpoint_size IS NULL) = (checkpoint_root IS NULL)),
  CHECK ((checkpoint_size IS NULL) = (checkpoint_note IS NULL)),
  CHECK ((checkpoint_size IS NULL) = (checkpoint_at IS NULL))
) STRICT;

CREATE TABLE log_proofs (
  seq INTEGER PRIMARY KEY REFERENCES outbox (seq),
  status TEXT NOT NULL CHECK (status IN ('proven', 'missing')),
  checkpoint_size INTEGER NOT NULL CHECK (checkpoint_size >= 1),
  checked_at TEXT NOT NULL
) STRICT;

CREATE INDEX outbox_logged ON outbox (log_index) WHERE log_index IS NOT NULL;

CREATE TABLE log_alarms (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('log-missing-event', 'log-inconsistent', 'log-checkpoint-invalid')),
  fingerprint TEXT NOT NULL UNIQUE,
  event_seq INTEGER,
  log_index INTEGER,
  checkpoint_size INTEGER,
  reason TEXT,
  detail TEXT NOT NULL CHECK (length(detail) BETWEEN 1 AND 500),
  raised_at TEXT NOT NULL,
  reported_seq INTEGER REFERENCES outbox (seq)
) STRICT;

CREATE INDEX log_alarms_unreported ON log_alarms (id) WHERE reported_seq IS NULL;
`,
};
