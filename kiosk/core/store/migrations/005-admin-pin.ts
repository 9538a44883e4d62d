import type { KioskMigration } from './migration.ts';

/* The secretary's PIN for leaving kiosk mode: scrypt hash and its parameters, never the PIN. */
export const migration: KioskMigration = {
  version: 5,
  name: 'admin-pin',
  sql: `
CREATE TABLE admin_pin (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hash TEXT NOT NULL,
  salt TEXT NOT NULL,
  params TEXT NOT NULL,
  set_at TEXT NOT NULL
) STRICT;
`,
};
