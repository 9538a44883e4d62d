import type { KioskMigration } from './migration.ts';

/*
 * Who this kiosk is. `kid` is written on the first run and checked on every later one: a kiosk whose key
 * file was replaced must not start a second event chain in the same outbox. The enrolment columns are set
 * once the server accepted the one-time token; `server_key` is the server's public key, pinned the first
 * time a configuration carries it (trust on first use) and never silently replaced.
 */
export const migration: KioskMigration = {
  version: 3,
  name: 'enrolment',
  sql: `
CREATE TABLE kiosk_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  kid TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE enrolment (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  server_url TEXT NOT NULL,
  kiosk_id TEXT NOT NULL,
  org TEXT NOT NULL,
  name TEXT NOT NULL,
  enrolled_at TEXT NOT NULL,
  server_key TEXT,
  server_key_pinned_at TEXT,
  CHECK ((server_key IS NULL) = (server_key_pinned_at IS NULL))
) STRICT;
`,
};
