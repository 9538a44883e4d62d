import { ApiError } from '../../errors.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { orgFilterSql, type OrgFilter } from '../org-filter.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { Meeting, MeetingKind, MeetingMarker, MeetingReader, MeetingWindow, MeetingWriter, NewAdHocMeeting, NewMeetingKind, NewScheduledMeeting } from '../repositories/meetings.ts';
import { insertAudit } from './audit-sql.ts';
import { statement, uniqueViolation } from './statements.ts';
import { coversLargePart } from './tree-share.ts';

const KIND_SELECT = 'SELECT code, name_zh AS nameZh, name_en AS nameEn, cadence, active FROM meeting_kinds';
type KindRow = Omit<MeetingKind, 'active'> & { active: 0 | 1 };
const toKind = (row: KindRow): MeetingKind => ({ ...row, active: row.active === 1 });

function requireKind(db: ReadableDb, code: string): MeetingKind {
  const row = statement(db, `${KIND_SELECT} WHERE code = ?`).get(code) as KindRow | undefined;
  if (!row) throw new ApiError('ERR_MEETING_KIND_NOT_FOUND', `no meeting kind has code ${code}`, { kind: code });
  return toKind(row);
}

/** A kind new meetings may have, checked in the write's own transaction: a retirement that took its turn first holds. */
function requireActiveKind(db: ReadableDb, code: string): MeetingKind {
  const kind = requireKind(db, code);
  if (!kind.active) throw new ApiError('ERR_MEETING_KIND_RETIRED', `meeting kind ${kind.code} (${kind.nameZh}) is retired; choose one of the kinds in use`, { kind: kind.code });
  return kind;
}

const MEETING_COLUMNS = `m.id, m.org_id AS orgId, o.code AS orgCode, o.path AS orgPath, m.kind, m.title, m.place,
    m.starts_at AS startsAt, m.ends_at AS endsAt, m.origin, m.status, m.closed_at AS closedAt, m.created_by_user AS createdByUser,
    m.opened_by_kid AS openedByKid, m.created_at AS createdAt`;
const MEETING_SELECT = `SELECT ${MEETING_COLUMNS} FROM meetings m JOIN organisations o ON o.id = m.org_id`;

/** How a page of the meeting list is read: see tree-share.ts. */
const BY_START = 'FROM meetings m INDEXED BY meetings_start CROSS JOIN organisations o ON o.id = m.org_id';
const BY_ORG = 'FROM organisations o CROSS JOIN meetings m INDEXED BY meetings_org_start ON m.org_id = o.id';

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

/**
 * Closes a meeting at `closedAt`: an open ad-hoc meeting after its start, and it ends then; a scheduled meeting not
 * closed or cancelled yet, at any time, keeping its planned times. Undefined when there is none to close.
 */
export function closeMeeting(db: WritableDb, id: string, closedAt: string): Meeting | undefined {
  const changed = statement(
    db,
    `UPDATE meetings SET status = 'closed', closed_at = @closedAt, ends_at = CASE origin WHEN 'ad_hoc' THEN @closedAt ELSE ends_at END
     WHERE id = @id AND ((origin = 'ad_hoc' AND status = 'open' AND starts_at < @closedAt) OR (origin = 'scheduled' AND status = 'scheduled'))`,
  ).run({ id, closedAt }).changes;
  return changed === 0 ? undefined : meetingById(db, id);
}

export class SqliteMeetingReader implements MeetingReader {
  constructor(private readonly db: ReadableDb) {}

  async kinds(): Promise<MeetingKind[]> {
    return (statement(this.db, `${KIND_SELECT} ORDER BY sort_order, code`).all() as KindRow[]).map(toKind);
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

  async page(filter: OrgFilter, window: MeetingWindow, after: MeetingMarker | undefined, limit: number): Promise<Meeting[]> {
    const where = orgFilterSql('o.path', filter);
    const rest = after ? ' AND (m.starts_at, m.id) > (?, ?)' : '';
    return statement(
      this.db,
      `SELECT ${MEETING_COLUMNS} ${coversLargePart(this.db, filter) ? BY_START : BY_ORG}
       WHERE ${where.sql} AND m.starts_at >= ? AND m.starts_at < ?${rest} ORDER BY m.starts_at, m.id LIMIT ?`,
    ).all(...where.params, window.from ?? '', window.to ?? '9999', ...(after ? [after.startsAt, after.id] : []), limit) as Meeting[];
  }

}

export class SqliteMeetingWriter implements MeetingWriter {
  constructor(private readonly db: WritableDb) {}

  async schedule(meeting: NewScheduledMeeting, now: string, actor: AuditActor): Promise<Meeting> {
    return this.db.transaction(() => {
      requireActiveKind(this.db, meeting.kind);
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

  /** Kinds belong to the whole tree, so their audit rows name no organisation (admins see them). */
  private auditKind(action: string, code: string, summary: Record<string, unknown>, now: string, actor: AuditActor): void {
    insertAudit(this.db, { at: now, actor, action, targetType: 'meeting-kind', targetId: code, orgId: null, summary });
  }

  async addKind(kind: NewMeetingKind, now: string, actor: AuditActor): Promise<MeetingKind> {
    return this.db.transaction(() => {
      try {
        statement(
          this.db,
          `INSERT INTO meeting_kinds (code, name_zh, name_en, cadence, sort_order) VALUES (?, ?, ?, NULL, (SELECT coalesce(max(sort_order), 0) + 1 FROM meeting_kinds))`,
        ).run(kind.code, kind.nameZh, kind.nameEn);
      } catch (error) {
        if (uniqueViolation(error) === 'meeting_kinds.code') {
          throw new ApiError('ERR_MEETING_KIND_TAKEN', `meeting kind ${kind.code} exists already${requireKind(this.db, kind.code).active ? '' : ' (retired)'}; choose another code`, { kind: kind.code });
        }
        throw error;
      }
      this.auditKind('meeting-kind.add', kind.code, { after: { nameZh: kind.nameZh, nameEn: kind.nameEn } }, now, actor);
      return requireKind(this.db, kind.code);
    }).immediate();
  }

  async renameKind(code: string, names: { nameZh?: string; nameEn?: string }, now: string, actor: AuditActor): Promise<MeetingKind> {
    return this.db.transaction(() => {
      const before = requireKind(this.db, code);
      statement(this.db, 'UPDATE meeting_kinds SET name_zh = ?, name_en = ? WHERE code = ?').run(names.nameZh ?? before.nameZh, names.nameEn ?? before.nameEn, code);
      const after = requireKind(this.db, code);
      this.auditKind('meeting-kind.rename', code, { before: { nameZh: before.nameZh, nameEn: before.nameEn }, after: { nameZh: after.nameZh, nameEn: after.nameEn } }, now, actor);
      return after;
    }).immediate();
  }

  async retireKind(code: string, now: string, actor: AuditActor): Promise<MeetingKind> {
    return this.db.transaction(() => {
      const changed = statement(this.db, 'UPDATE meeting_kinds SET active = 0 WHERE code = ? AND active = 1').run(code).changes;
      const kind = requireKind(this.db, code);
      if (changed === 0) throw new ApiError('ERR_MEETING_KIND_RETIRED', `meeting kind ${code} is retired already`, { kind: code });
      this.auditKind('meeting-kind.retire', code, { before: { active: true }, after: { active: false } }, now, actor);
      return kind;
    }).immediate();
  }
}
