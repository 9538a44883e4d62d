import type { KioskMigration } from './migration.ts';

/*
 * Every meeting the server told this kiosk is closed: it refused one of the kiosk's check-ins to it with
 * ERR_MEETING_CLOSED (another kiosk closed it, or the branch did). A close is final at the server, so one such
 * refusal is proof. Written in the same transaction as that receipt; `seq` names the refused checkin. From then the
 * meeting is closed here as if this kiosk had closed it (closed_meetings): the outbox refuses a checkin naming it,
 * the secretary's list no longer offers it, and a restart does not go back into it.
 * The refusals received before this table existed are found by their checkin's attendance row.
 */
export const migration: KioskMigration = {
  version: 9,
  name: 'server-closed-meetings',
  sql: `
CREATE TABLE server_closed_meetings (
  meeting TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  learnt_at TEXT NOT NULL
) STRICT;

INSERT INTO server_closed_meetings (meeting, seq, learnt_at)
SELECT a.meeting, o.seq, o.received_at FROM outbox o JOIN attendance a ON a.seq = o.seq
WHERE o.receipt_status = 'rejected' AND o.receipt_code = 'ERR_MEETING_CLOSED'
ORDER BY o.seq
ON CONFLICT (meeting) DO NOTHING;
`,
};
