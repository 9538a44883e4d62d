import type { ReadableDb } from '../db-handles.ts';
import { orgFilterSql, type OrgFilter } from '../org-filter.ts';
import type { Alarm, AlarmQuery, AlarmReader } from '../repositories/alarms.ts';
import { statement } from './statements.ts';

interface AlarmRow extends Omit<Alarm, 'eventIds' | 'details'> {
  eventIds: string;
  details: string;
}

export class SqliteAlarmReader implements AlarmReader {
  constructor(private readonly db: ReadableDb) {}

  async list(filter: OrgFilter, query: AlarmQuery): Promise<Alarm[]> {
    const where = orgFilterSql('o.path', filter);
    // One kiosk's alarms are one range of the alarms_kiosk index, which SQLite uses only for a plain `=`: the
    // kiosk clause is there or not (two constant texts). An absent type or page bound is passed as NULL.
    const kiosk = query.kiosk === undefined ? { sql: '', params: [] } : { sql: 'AND a.kiosk_kid = ?', params: [query.kiosk] };
    const rows = statement(
      this.db,
      `SELECT a.id, a.type, a.kiosk_kid AS kioskKid, k.name AS kioskName, o.code AS orgCode, a.csn, a.event_ids AS eventIds, a.at, a.details
       FROM alarms a JOIN organisations o ON o.id = a.org_id JOIN kiosks k ON k.kid = a.kiosk_kid
       WHERE ${where.sql} ${kiosk.sql} AND (? IS NULL OR a.type = ?) AND (? IS NULL OR a.id < ?)
       ORDER BY a.id DESC LIMIT ?`,
    ).all(...where.params, ...kiosk.params, query.type ?? null, query.type ?? null, query.before ?? null, query.before ?? null, query.limit) as AlarmRow[];
    return rows.map((row) => ({ ...row, eventIds: JSON.parse(row.eventIds) as string[], details: JSON.parse(row.details) as Record<string, unknown> }));
  }
}
