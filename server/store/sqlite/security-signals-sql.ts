import type { ReadableDb } from '../db-handles.ts';
import type { CardDenialEvent, CardOwner, SecurityAlarm, SecuritySignalReader } from '../repositories/security-signals.ts';
import { statement } from './statements.ts';

const ALARM_SELECT = `SELECT a.id, a.type, a.kiosk_kid AS kioskKid, k.name AS kioskName, a.org_id AS orgId, a.csn, a.event_ids AS eventIds, a.at
  FROM alarms a JOIN kiosks k ON k.kid = a.kiosk_kid`;

// Driven from kiosks (CROSS JOIN fixes SQLite's join order), so each kiosk's denials are one range of the
// (kiosk_kid, type) index; the planner would otherwise walk every accepted event.
const DENIAL_SELECT = `SELECT e.event_id AS eventId, e.kiosk_kid AS kioskKid, k.org_id AS orgId, e.jws, e.received_at AS receivedAt
  FROM kiosks k CROSS JOIN events e ON e.kiosk_kid = k.kid AND e.type = 'card.denied'
  WHERE e.status = 'accepted' AND e.received_at >= ?`;

type AlarmRow = Omit<SecurityAlarm, 'eventIds'> & { eventIds: string };
const toAlarm = (row: AlarmRow): SecurityAlarm => ({ ...row, eventIds: JSON.parse(row.eventIds) as string[] });

export class SqliteSecuritySignalReader implements SecuritySignalReader {
  constructor(private readonly db: ReadableDb) {}

  async alarms(select: { since: string } | { ids: readonly number[] }): Promise<SecurityAlarm[]> {
    const rows =
      'since' in select
        ? statement(this.db, `${ALARM_SELECT} WHERE a.type IN ('clone', 'fork') AND a.at >= ? ORDER BY a.id`).all(select.since)
        : select.ids.length === 0
          ? []
          : statement(this.db, `${ALARM_SELECT} WHERE a.type IN ('clone', 'fork') AND a.id IN (SELECT value FROM json_each(?)) ORDER BY a.id`).all(JSON.stringify(select.ids));
    return (rows as AlarmRow[]).map(toAlarm);
  }

  async denials(since: string, kids: readonly string[] | 'all'): Promise<CardDenialEvent[]> {
    if (kids === 'all') return statement(this.db, `${DENIAL_SELECT} ORDER BY e.id`).all(since) as CardDenialEvent[];
    if (kids.length === 0) return [];
    return statement(this.db, `${DENIAL_SELECT} AND k.kid IN (SELECT value FROM json_each(?)) ORDER BY e.id`).all(since, JSON.stringify(kids)) as CardDenialEvent[];
  }

  async cardOwners(csns: readonly string[]): Promise<CardOwner[]> {
    if (csns.length === 0) return [];
    return statement(
      this.db,
      `SELECT c.csn, c.member_id AS memberId, p.org_id AS homeOrgId
       FROM cards c LEFT JOIN membership_periods p ON p.member_id = c.member_id AND p.kind = 'home' AND p.valid_to IS NULL
       WHERE c.csn IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(csns)) as CardOwner[];
  }

  async deniedCardsOf(memberIds: readonly number[]): Promise<string[]> {
    if (memberIds.length === 0) return [];
    return statement(
      this.db,
      `SELECT c.csn FROM cards c
       WHERE c.member_id IN (SELECT value FROM json_each(?))
         AND EXISTS (SELECT 1 FROM findings f WHERE f.rule = 'card-denied-repeatedly' AND f.subject = 'card:' || c.csn AND f.status <> 'resolved')
       ORDER BY c.csn`,
    )
      .pluck()
      .all(JSON.stringify(memberIds)) as string[];
  }
}
