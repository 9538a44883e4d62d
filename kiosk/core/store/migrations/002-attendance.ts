import type { KioskMigration } from './migration.ts';

/*
 * What this kiosk already recorded, written in the same transaction as the event that records it, so a
 * second tap (or the same member on a second reader) makes no second event. `seq` names that event.
 */
export const migration: KioskMigration = {
  version: 2,
  name: 'attendance',
  sql: `
CREATE TABLE attendance (
  meeting TEXT NOT NULL,
  member TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (meeting, member)
) STRICT;

CREATE TABLE transfer_acceptances (
  transfer TEXT PRIMARY KEY,
  member TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL
) STRICT;
`,
};
