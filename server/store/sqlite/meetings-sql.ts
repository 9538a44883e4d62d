import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { orgFilterSql, type OrgFilter } from '../org-filter.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { Meeting, MeetingKind, MeetingReader, MeetingWindow, MeetingWriter, NewAdHocMeeting, NewScheduledMeeting } from '../repositories/meetings.ts';
import { insertAudit } from './audit-sql.ts';
import { statement } from './statements.ts';

const MEETING_SELECT = `SELECT m.id, m.org_id AS orgId, o.code AS orgCode, o.path AS orgPath, m.kind, m.title, m.place,
    m.starts_at AS startsAt, m.ends_at AS endsAt, m.origin, m.status, m.created_by_user AS createdByUser,
    m.opened_by_kid AS openedByKid, m.created_at AS createdAt
  FROM meetings m JOIN organisations o ON o.id = m.org_id`;

export const meetingById = (db: ReadableDb, id: string): Meeting | undefined =>
  statement(db, `${MEETING_SELECT} WHERE m.id = ?`).get(id) as Meeting | undefined;

/**
 * A meeting a kiosk opened. Synchronous and transaction-free so event ingest can call it inside its
 * batch transaction; an id already stored is left as it is and returned.
 */
export function insertAdHocMeeting(db: WritableDb, meeting: NewAdHocMeeting, now: string): Meeting {
  statement(
    db,
    `INSERT INTO meetings (id, org_id, kind, title, place, starts_at, ends_at, origin, status, opened_by_kid, created_at)
     VALUES (?, ?, ?, ?, NULL, ?, NULL, 'ad_hoc', 'open', ?, ?) ON CONFLICT (id) DO NOTHING`,
  ).run(meeting.id, meeting.orgId, meeting.kind, meeting.title, meeting.startsAt, meeting.openedByKid, now);
  return meetingById(db, meeting.id) as Meeting;
}

/** Closes an open meeting at `endsAt` (after its start); undefined when there is none to close. */
export function closeOpenMeeting(db: WritableDb, id: string, endsAt: string): Meeting | undefined {
  const changed = statement(db, `UPDATE meetings SET status = 'closed', ends_at = ? WHERE id = ? AND status = 'open' AND starts_at < ?`).run(endsAt, id, endsAt).changes;
  return changed === 0 ? undefined : meetingById(db, id);
}

export class SqliteMeetingReader implements MeetingReader {
  constructor(private readonly db: ReadableDb) {}

  async kinds(): Promise<MeetingKind[]> {
    return statement(this.db, 'SELECT code, name_zh AS nameZh, name_en AS nameEn, cadence FROM meeting_kinds WHERE active = 1 ORDER BY sort_order, code').all() as MeetingKind[];
  }

  async byId(id: string): Promise<Meeting | undefined> {
    return meetingById(this.db, id);
  }

  async list(filter: OrgFilter, window: MeetingWindow): Promise<Meeting[]> {
    const where = orgFilterSql('o.path', filter);
    return statement(
      this.db,
      `${MEETING_SELECT} WHERE ${where.sql} AND (m.ends_at IS NULL OR m.ends_at > ?) AND m.starts_at < ? ORDER BY m.starts_at, m.id`,
    ).all(...where.params, window.from ?? '', window.to ?? '9999') as Meeting[];
  }
}

export class SqliteMeetingWriter implements MeetingWriter {
  constructor(private readonly db: WritableDb) {}

  async schedule(meeting: NewScheduledMeeting, now: string, actor: AuditActor): Promise<Meeting> {
    return this.db.transaction(() => {
      statement(
        this.db,
        `INSERT INTO meetings (id, org_id, kind, title, place, starts_at, ends_at, origin, status, created_by_user, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', 'scheduled', ?, ?)`,
      ).run(meeting.id, meeting.orgId, meeting.kind, meeting.title, meeting.place, meeting.startsAt, meeting.endsAt, meeting.createdByUser, now);
      insertAudit(this.db, {
        at: now,
        actor,
        action: 'meeting.schedule',
        targetType: 'meeting',
        targetId: meeting.id,
        orgId: meeting.orgId,
        summary: { after: { kind: meeting.kind, title: meeting.title, startsAt: meeting.startsAt, endsAt: meeting.endsAt, place: meeting.place } },
      });
      return meetingById(this.db, meeting.id) as Meeting;
    }).immediate();
  }

  async openAdHoc(meeting: NewAdHocMeeting, now: string): Promise<Meeting> {
    return this.db.transaction(() => insertAdHocMeeting(this.db, meeting, now)).immediate();
  }

  async close(id: string, endsAt: string): Promise<Meeting | undefined> {
    return this.db.transaction(() => closeOpenMeeting(this.db, id, endsAt)).immediate();
  }
}
