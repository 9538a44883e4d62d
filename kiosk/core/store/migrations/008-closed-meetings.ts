import type { KioskMigration } from './migration.ts';

/*
 * Every meeting this kiosk closed, scheduled or ad-hoc, written in the same transaction as its meeting.close event
 * (`seq` names it). A closed meeting takes no more check-ins: the outbox refuses a checkin naming it even when the
 * tap began before the close, the secretary's list no longer offers it, and a restart does not go back into it,
 * whatever a configuration fetched before the server heard of the close still says.
 * The ad-hoc meetings closed before this table existed are found by their close event's time.
 */
export const migration: KioskMigration = {
  version: 8,
  name: 'closed-meetings',
  sql: `
CREATE TABLE closed_meetings (
  meeting TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL
) STRICT;

INSERT INTO closed_meetings (meeting, seq, at)
SELECT l.id, o.seq, l.closed_at FROM local_meetings l JOIN outbox o ON o.type = 'meeting.close' AND o.at = l.closed_at
WHERE l.closed_at IS NOT NULL
ON CONFLICT (meeting) DO NOTHING;
`,
};
