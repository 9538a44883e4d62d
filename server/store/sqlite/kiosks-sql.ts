import { ApiError } from '../../errors.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { orgFilterSql, type OrgFilter } from '../org-filter.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { Enrolment, EnrolmentOutcome, Kiosk, KioskPageQuery, KioskReader, KioskWriter, ListedKiosk, NewEnrolmentToken } from '../repositories/kiosks.ts';
import { insertAudit } from './audit-sql.ts';
import { statement } from './statements.ts';
import { coversLargePart } from './tree-share.ts';

const KIOSK_COLUMNS = `k.kid, k.name, k.org_id AS orgId, o.code AS orgCode, o.path AS orgPath, k.jwk,
    k.enrolled_at AS enrolledAt, k.disabled_at AS disabledAt`;
const KIOSK_SELECT = `SELECT ${KIOSK_COLUMNS} FROM kiosks k JOIN organisations o ON o.id = k.org_id`;
/** A disabled kiosk keeps its health row, so the list still shows when it was last heard from. */
const LISTED_COLUMNS = `${KIOSK_COLUMNS}, h.last_seen_at AS lastSeenAt, h.skew_seconds AS skewSeconds,
    h.outbox_pending AS outboxPending, h.pending_reported_at AS pendingReportedAt`;
/** How a page of the kiosk list is read: see tree-share.ts. */
const BY_NAME = 'FROM kiosks k INDEXED BY kiosks_name CROSS JOIN organisations o ON o.id = k.org_id LEFT JOIN kiosk_health h ON h.kid = k.kid';
const BY_ORG = 'FROM organisations o CROSS JOIN kiosks k INDEXED BY kiosks_org ON k.org_id = o.id LEFT JOIN kiosk_health h ON h.kid = k.kid';
/** SQLite's lower() folds Latin letters only; the search text is folded the same way, so both sides agree. */
const foldLatin = (text: string): string => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

type Row<T extends Kiosk> = Omit<T, 'jwk'> & { jwk: string };

const toKiosk = <T extends Kiosk>(row: Row<T>): T => ({ ...row, jwk: JSON.parse(row.jwk) as Kiosk['jwk'] }) as T;

export const kioskByKid = (db: ReadableDb, kid: string): Kiosk | undefined => {
  const row = statement(db, `${KIOSK_SELECT} WHERE k.kid = ?`).get(kid) as Row<Kiosk> | undefined;
  return row && toKiosk<Kiosk>(row);
};

export class SqliteKioskReader implements KioskReader {
  constructor(private readonly db: ReadableDb) {}

  async byKid(kid: string): Promise<Kiosk | undefined> {
    return kioskByKid(this.db, kid);
  }

  async page(filter: OrgFilter, query: KioskPageQuery): Promise<ListedKiosk[]> {
    const where = orgFilterSql('o.path', filter);
    const rest = query.after ? ' AND (k.name, k.kid) > (?, ?)' : '';
    const matching = query.search === undefined ? '' : ' AND (instr(lower(k.name), ?) > 0 OR instr(lower(k.kid), ?) > 0)';
    const search = query.search === undefined ? [] : [foldLatin(query.search), foldLatin(query.search)];
    const rows = statement(
      this.db,
      `SELECT ${LISTED_COLUMNS} ${coversLargePart(this.db, filter) ? BY_NAME : BY_ORG}
       WHERE ${where.sql}${rest}${matching} ORDER BY k.name, k.kid LIMIT ?`,
    ).all(...where.params, ...(query.after ? [query.after.name, query.after.kid] : []), ...search, query.limit) as Row<ListedKiosk>[];
    return rows.map((row) => toKiosk<ListedKiosk>(row));
  }
}

interface TokenRow {
  id: number;
  orgId: number;
  expiresAt: string;
  usedAt: string | null;
}

export class SqliteKioskWriter implements KioskWriter {
  constructor(private readonly db: WritableDb) {}

  async createEnrolmentToken(token: NewEnrolmentToken, now: string, actor: AuditActor): Promise<void> {
    this.db.transaction(() => {
      const id = statement(this.db, 'INSERT INTO kiosk_enrolment_tokens (token_hash, org_id, created_at, expires_at) VALUES (?, ?, ?, ?) RETURNING id')
        .pluck()
        .get(token.tokenHash, token.orgId, now, token.expiresAt) as number;
      insertAudit(this.db, {
        at: now,
        actor,
        action: 'kiosk.token.create',
        targetType: 'enrolment-token',
        targetId: String(id),
        orgId: token.orgId,
        summary: { after: { expiresAt: token.expiresAt } },
      });
    }).immediate();
  }

  async enroll(enrolment: Enrolment, now: string): Promise<EnrolmentOutcome> {
    return this.db.transaction((): EnrolmentOutcome => {
      const token = statement(this.db, 'SELECT id, org_id AS orgId, expires_at AS expiresAt, used_at AS usedAt FROM kiosk_enrolment_tokens WHERE token_hash = ?').get(
        enrolment.tokenHash,
      ) as TokenRow | undefined;
      if (!token) return { ok: false, reason: 'unknown-token' };
      if (token.usedAt !== null) return { ok: false, reason: 'used-token' };
      if (token.expiresAt <= now) return { ok: false, reason: 'expired-token' };
      if (kioskByKid(this.db, enrolment.kid)) return { ok: false, reason: 'kid-taken' };
      statement(this.db, 'INSERT INTO kiosks (kid, name, org_id, jwk, enrolled_at) VALUES (?, ?, ?, ?, ?)').run(
        enrolment.kid,
        enrolment.name,
        token.orgId,
        JSON.stringify(enrolment.jwk),
        now,
      );
      statement(this.db, 'UPDATE kiosk_enrolment_tokens SET used_at = ?, used_by_kid = ? WHERE id = ?').run(now, enrolment.kid, token.id);
      insertAudit(this.db, {
        at: now,
        actor: { label: `kiosk:${enrolment.kid}`, userId: null },
        action: 'kiosk.enroll',
        targetType: 'kiosk',
        targetId: enrolment.kid,
        orgId: token.orgId,
        summary: { after: { name: enrolment.name, token: token.id } },
      });
      return { ok: true, kiosk: kioskByKid(this.db, enrolment.kid) as Kiosk };
    }).immediate();
  }

  async disable(kid: string, now: string, actor: AuditActor): Promise<Kiosk> {
    return this.db.transaction(() => {
      const changed = statement(this.db, 'UPDATE kiosks SET disabled_at = ? WHERE kid = ? AND disabled_at IS NULL').run(now, kid).changes;
      const kiosk = kioskByKid(this.db, kid);
      if (!kiosk) throw new ApiError('ERR_KIOSK_NOT_FOUND', `no kiosk ${kid}`);
      if (changed === 0) throw new ApiError('ERR_KIOSK_ALREADY_DISABLED', `kiosk ${kid} is already disabled (details.disabledAt)`, { kid, disabledAt: kiosk.disabledAt });
      insertAudit(this.db, {
        at: now,
        actor,
        action: 'kiosk.disable',
        targetType: 'kiosk',
        targetId: kid,
        orgId: kiosk.orgId,
        summary: { before: { disabledAt: null }, after: { disabledAt: now } },
      });
      return kiosk;
    }).immediate();
  }
}
