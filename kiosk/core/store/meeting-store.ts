import type { ActiveMeeting, MeetingOrigin } from '../modes/kiosk-mode.ts';
import type { KioskDb } from './kiosk-db.ts';

interface LocalMeetingRow {
  id: string;
  kind: string;
  title: string;
  opened_at: string;
}

/** Meetings opened at this kiosk, and which meeting the kiosk is in, across restarts. */
export class MeetingStore {
  constructor(private readonly db: KioskDb) {}

  /** Whether it is closed is the outbox's to say (Outbox.hasClosedMeeting), which records the close with its event. */
  localMeeting(id: string): ActiveMeeting | undefined {
    const row = this.db.prepare<[string], LocalMeetingRow>('SELECT id, kind, title, opened_at FROM local_meetings WHERE id = ?').get(id);
    return row && { id: row.id, kind: row.kind, title: row.title, origin: 'ad-hoc', startsAt: row.opened_at };
  }

  /** The ad-hoc meeting and "the kiosk is in it" are one write: a restart never finds one without the other. */
  openLocalMeeting(meeting: ActiveMeeting, openedAt: string): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO local_meetings (id, kind, title, opened_at) VALUES (?, ?, ?, ?)').run(meeting.id, meeting.kind, meeting.title, openedAt);
      this.enter(meeting.id, 'ad-hoc', openedAt);
    })();
  }

  enter(meeting: string, origin: MeetingOrigin, at: string): void {
    this.db
      .prepare(
        `INSERT INTO current_meeting (id, meeting, origin, entered_at) VALUES (1, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET meeting = excluded.meeting, origin = excluded.origin, entered_at = excluded.entered_at`,
      )
      .run(meeting, origin, at);
  }

  leave(meeting: string, closedAt: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE local_meetings SET closed_at = ? WHERE id = ? AND closed_at IS NULL').run(closedAt, meeting);
      this.db.prepare('DELETE FROM current_meeting WHERE id = 1').run();
    })();
  }

  /** Leaves a meeting closed elsewhere: this kiosk recorded no close of its own, so the meeting keeps no closed_at. */
  leaveClosedElsewhere(meeting: string): void {
    this.db.prepare('DELETE FROM current_meeting WHERE id = 1 AND meeting = ?').run(meeting);
  }

  current(): { meeting: string; origin: MeetingOrigin } | undefined {
    return this.db.prepare<[], { meeting: string; origin: MeetingOrigin }>('SELECT meeting, origin FROM current_meeting WHERE id = 1').get();
  }
}
