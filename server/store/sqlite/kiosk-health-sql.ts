import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type { KioskContact, KioskHealth, KioskHealthReader, KioskHealthWriter } from '../repositories/kiosk-health.ts';
import { statement } from './statements.ts';

/**
 * Token times are whole seconds on both sides, so a clock in step reads as 0 or ±1: only more than that
 * starts (or keeps) a run of skewed contacts.
 */
const SKEW_NOISE_SECONDS = 1;

/**
 * The contact upsert. A request without a usable backlog report (NULL) leaves the reported backlog as it
 * was; an empty outbox ends the current backlog, a non-empty one starts it if none was running. The skew
 * run works the same way on every request, since every request carries a token.
 */
const UPSERT_CONTACT = `INSERT INTO kiosk_health (kid, last_seen_at, skew_seconds, skew_since, outbox_pending, pending_reported_at, backlog_since)
  VALUES (:kid, :at, :skew, CASE WHEN abs(:skew) > ${SKEW_NOISE_SECONDS} THEN :at END, :pending,
    CASE WHEN :pending IS NOT NULL THEN :at END, CASE WHEN :pending > 0 THEN :at END)
  ON CONFLICT (kid) DO UPDATE SET
    last_seen_at = excluded.last_seen_at,
    skew_seconds = excluded.skew_seconds,
    skew_since = CASE WHEN abs(excluded.skew_seconds) > ${SKEW_NOISE_SECONDS} THEN coalesce(kiosk_health.skew_since, excluded.last_seen_at) END,
    outbox_pending = coalesce(excluded.outbox_pending, kiosk_health.outbox_pending),
    pending_reported_at = coalesce(excluded.pending_reported_at, kiosk_health.pending_reported_at),
    backlog_since = CASE
      WHEN excluded.outbox_pending IS NULL THEN kiosk_health.backlog_since
      WHEN excluded.outbox_pending = 0 THEN NULL
      ELSE coalesce(kiosk_health.backlog_since, excluded.last_seen_at) END`;

export class SqliteKioskHealthWriter implements KioskHealthWriter {
  constructor(private readonly db: WritableDb) {}

  async recordContact(contact: KioskContact): Promise<void> {
    statement(this.db, UPSERT_CONTACT).run({ kid: contact.kid, at: contact.at, skew: contact.skewSeconds, pending: contact.outboxPending });
  }
}

const HEALTH_SELECT = `SELECT k.kid, k.name, k.org_id AS orgId, k.enrolled_at AS enrolledAt, h.last_seen_at AS lastSeenAt,
    h.skew_seconds AS skewSeconds, h.skew_since AS skewSince, h.outbox_pending AS outboxPending,
    h.pending_reported_at AS pendingReportedAt, h.backlog_since AS backlogSince
  FROM kiosks k LEFT JOIN kiosk_health h ON h.kid = k.kid
  WHERE k.disabled_at IS NULL`;

export class SqliteKioskHealthReader implements KioskHealthReader {
  constructor(private readonly db: ReadableDb) {}

  async list(kids: readonly string[] | 'all'): Promise<KioskHealth[]> {
    if (kids === 'all') return statement(this.db, `${HEALTH_SELECT} ORDER BY k.kid`).all() as KioskHealth[];
    if (kids.length === 0) return [];
    // The kids travel as one JSON parameter, so the SQL text stays a constant whatever their number.
    return statement(this.db, `${HEALTH_SELECT} AND k.kid IN (SELECT value FROM json_each(?)) ORDER BY k.kid`).all(JSON.stringify(kids)) as KioskHealth[];
  }
}
