import type { KioskMigration } from './migration.ts';

/*
 * Meetings opened at this kiosk (the server learns of them from the meeting.open event, so they are not in
 * the configuration until it has synced), and the meeting the kiosk is in, so a power cut in the middle of
 * a meeting comes back to the same meeting instead of the idle screen.
 */
export const migration: KioskMigration = {
  version: 6,
  name: 'meeting-mode',
  sql: `
CREATE TABLE local_meetings (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  closed_at TEXT
) STRICT;

CREATE TABLE current_meeting (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  meeting TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('scheduled', 'ad-hoc')),
  entered_at TEXT NOT NULL
) STRICT;
`,
};
