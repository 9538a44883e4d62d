import { ApiError } from '../../errors.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { anyOrgFilterSql } from '../org-filter.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { Acceptance, NewTransfer, RefusedAcceptanceRecord, Transfer, TransferListFilter, TransferReader, TransferRules, TransferTx, TransferWriter } from '../repositories/transfers.ts';
import { insertAudit } from './audit-sql.ts';
import { moveHome } from './home-move-sql.ts';
import { statement, uniqueViolation } from './statements.ts';

export const TRANSFER_SELECT = `SELECT t.id, t.member_id AS memberId, m.member_number AS memberNumber, m.name AS memberName,
    t.from_org_id AS fromOrgId, f.code AS fromOrgCode, f.name AS fromOrgName, f.path AS fromOrgPath,
    t.to_org_id AS toOrgId, r.code AS toOrgCode, r.name AS toOrgName, r.path AS toOrgPath,
    t.reason, t.valid_days AS validDays, t.issued_at AS issuedAt, t.issued_by AS issuedBy, t.expires_at AS expiresAt, t.status,
    t.closed_at AS closedAt, t.closed_by AS closedBy, t.close_reason AS closeReason, t.accepted_via AS acceptedVia, t.accept_event_id AS acceptEventId
  FROM transfers t
    JOIN members m ON m.id = t.member_id
    JOIN organisations f ON f.id = t.from_org_id
    JOIN organisations r ON r.id = t.to_org_id`;

export const EXPIRY_ACTOR: AuditActor = { label: 'system:expiry', userId: null };

export const transferById = (db: ReadableDb, id: string): Transfer | undefined => statement(db, `${TRANSFER_SELECT} WHERE t.id = ?`).get(id) as Transfer | undefined;

/** The letter's end(s) a list direction looks at: the receiver (inbox), the sender (outbox) or either. */
const ENDS: Record<TransferListFilter['direction'], string[]> = { incoming: ['r.path'], outgoing: ['f.path'], both: ['f.path', 'r.path'] };

/** Effective status as SQL: an issued letter whose expiry passed reads expired. Constant text; `now` is a parameter. */
const STATUS_SQL: Record<string, string> = {
  issued: `t.status = 'issued' AND t.expires_at > ?`,
  expired: `(t.status = 'expired' OR (t.status = 'issued' AND t.expires_at <= ?))`,
  other: 't.status = ?',
};

/** Settled already (NOT_OPEN) or lapsed (EXPIRED): the two reasons an open-only action is refused. */
function assertOpen(transfer: Transfer, now: string): void {
  if (transfer.status !== 'issued') {
    throw new ApiError('ERR_TRANSFER_NOT_OPEN', `the letter is ${transfer.status}, no longer open`, { transfer: transfer.id, status: transfer.status });
  }
  if (transfer.expiresAt <= now) {
    throw new ApiError('ERR_TRANSFER_EXPIRED', 'the letter has expired (details.expiresAt); the member stays with the sender, which may issue a new letter', { transfer: transfer.id, expiresAt: transfer.expiresAt });
  }
}

function requireTransfer(db: ReadableDb, id: string): Transfer {
  const transfer = transferById(db, id);
  if (!transfer) throw new ApiError('ERR_TRANSFER_NOT_FOUND', `no transfer letter has id ${id}`, { transfer: id });
  return transfer;
}

/** Marks lapsed open letters expired (all, or one member's), each with its audit row. Inside a transaction. */
function expireLapsed(db: WritableDb, now: string, memberId: number | null): Transfer[] {
  const ids = statement(
    db,
    `UPDATE transfers SET status = 'expired', closed_at = expires_at, closed_by = ?
     WHERE status = 'issued' AND expires_at <= ? AND (? IS NULL OR member_id = ?) RETURNING id`,
  ).pluck().all(EXPIRY_ACTOR.label, now, memberId, memberId) as string[];
  return ids.map((id) => {
    const expired = transferById(db, id) as Transfer;
    insertAudit(db, {
      at: now,
      actor: EXPIRY_ACTOR,
      action: 'transfer.expire',
      targetType: 'transfer',
      targetId: id,
      orgId: expired.fromOrgId,
      summary: { after: { status: 'expired', member: expired.memberNumber, expiresAt: expired.expiresAt } },
    });
    return expired;
  });
}

/**
 * The acceptance itself, for the console and for kiosk events alike. The conditional UPDATE is what makes
 * two racing acceptances safe: whichever transaction runs second finds the letter settled.
 */
function acceptOpen(db: WritableDb, id: string, acceptance: Acceptance, now: string, date: string): Transfer {
  const transfer = requireTransfer(db, id);
  assertOpen(transfer, now);
  const closedBy = acceptance.via === 'console' ? acceptance.actor.label : `kiosk:${acceptance.kioskKid}`;
  const eventId = acceptance.via === 'kiosk' ? acceptance.eventId : null;
  const changed = statement(
    db,
    `UPDATE transfers SET status = 'accepted', closed_at = ?, closed_by = ?, accepted_via = ?, accept_event_id = ?
     WHERE id = ? AND status = 'issued' AND expires_at > ?`,
  ).run(now, closedBy, acceptance.via, eventId, id, now).changes;
  if (changed !== 1) throw new ApiError('ERR_TRANSFER_NOT_OPEN', 'the letter was settled meanwhile', { transfer: id });
  moveHome(db, { memberId: transfer.memberId, fromOrgId: transfer.fromOrgId, toOrgId: transfer.toOrgId, date, now });
  insertAudit(db, {
    at: now,
    actor: acceptance.via === 'console' ? acceptance.actor : { label: closedBy, userId: null },
    action: 'transfer.accept',
    targetType: 'transfer',
    targetId: id,
    orgId: transfer.toOrgId,
    summary: {
      before: { status: 'issued', homeOrg: transfer.fromOrgCode },
      after: { status: 'accepted', homeOrg: transfer.toOrgCode, since: date },
      member: transfer.memberNumber,
      via: acceptance.via,
      ...(acceptance.via === 'kiosk' ? { event: acceptance.eventId, secretaryMember: acceptance.secretaryMember } : {}),
    },
  });
  return transferById(db, id) as Transfer;
}

export class SqliteTransferReader implements TransferReader {
  constructor(private readonly db: ReadableDb) {}

  async byId(id: string): Promise<Transfer | undefined> {
    return transferById(this.db, id);
  }

  async list(filter: TransferListFilter): Promise<Transfer[]> {
    const ends = anyOrgFilterSql(ENDS[filter.direction], filter.scope);
    const status = filter.status === undefined ? undefined : (STATUS_SQL[filter.status] ?? STATUS_SQL.other!);
    const statusParam = filter.status === 'issued' || filter.status === 'expired' ? filter.now : filter.status;
    const sql = `${TRANSFER_SELECT} WHERE ${ends.sql}${status ? ` AND ${status}` : ''}${filter.memberId === undefined ? '' : ' AND t.member_id = ?'} AND t.id < ?
      ORDER BY t.id DESC LIMIT ?`;
    const params = [...ends.params, ...(status ? [statusParam] : []), ...(filter.memberId === undefined ? [] : [filter.memberId]), filter.before ?? '~', filter.limit];
    return statement(this.db, sql).all(...params) as Transfer[];
  }

  async refusedAcceptances(transferId: string): Promise<RefusedAcceptanceRecord[]> {
    return statement(
      this.db,
      `SELECT e.event_id AS eventId, r.member_number AS memberNumber, m.name AS memberName,
         e.kiosk_kid AS kioskKid, k.name AS kioskName, e.at, e.received_at AS receivedAt, e.code,
         r.failed_tap AS failedTap, e.jws
       FROM refused_acceptances r
         JOIN events e ON e.id = r.event_row
         JOIN kiosks k ON k.kid = e.kiosk_kid
         LEFT JOIN members m ON m.member_number = r.member_number
       WHERE r.transfer_id = ? ORDER BY r.event_row`,
    ).all(transferId) as RefusedAcceptanceRecord[];
  }

  async refusedAcceptanceCounts(transferIds: readonly string[]): Promise<Map<string, number>> {
    if (transferIds.length === 0) return new Map();
    // Once the letter is accepted (at the console, or by a later tap) the refusals ask nothing more of anyone.
    const rows = statement(
      this.db,
      `SELECT g.value AS id,
         (SELECT count(*) FROM refused_acceptances r JOIN transfers t ON t.id = r.transfer_id
           WHERE r.transfer_id = g.value AND t.status <> 'accepted') AS refused
       FROM json_each(?) g`,
    ).all(JSON.stringify(transferIds)) as { id: string; refused: number }[];
    return new Map(rows.map((row) => [row.id, row.refused]));
  }

  async openAddressedTo(orgId: number, now: string): Promise<Transfer[]> {
    return statement(this.db, `${TRANSFER_SELECT} WHERE t.to_org_id = ? AND t.status = 'issued' AND t.expires_at > ? ORDER BY t.expires_at, t.id`).all(orgId, now) as Transfer[];
  }

  async rules(): Promise<TransferRules> {
    return statement(this.db, 'SELECT default_valid_days AS defaultValidDays, max_valid_days AS maxValidDays FROM transfer_rules WHERE id = 1').get() as TransferRules;
  }
}

export class SqliteTransferWriter implements TransferWriter {
  constructor(private readonly db: WritableDb) {}

  async issue(transfer: NewTransfer, actor: AuditActor): Promise<Transfer> {
    return this.db.transaction(() => {
      // A lapsed letter still marked issued would hold the one-open-letter index: settle it first.
      expireLapsed(this.db, transfer.issuedAt, transfer.memberId);
      const homeOrgId = statement(this.db, `SELECT org_id FROM membership_periods WHERE member_id = ? AND kind = 'home' AND valid_to IS NULL`)
        .pluck()
        .get(transfer.memberId) as number | undefined;
      if (homeOrgId !== transfer.fromOrgId) throw new ApiError('ERR_TRANSFER_STALE', "the member's home organisation changed meanwhile", { member: transfer.memberId });
      try {
        statement(
          this.db,
          `INSERT INTO transfers (id, member_id, from_org_id, to_org_id, reason, valid_days, issued_at, expires_at, issued_by, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'issued')`,
        ).run(transfer.id, transfer.memberId, transfer.fromOrgId, transfer.toOrgId, transfer.reason, transfer.validDays, transfer.issuedAt, transfer.expiresAt, actor.label);
      } catch (error) {
        if (uniqueViolation(error) === 'transfers.member_id') throw new ApiError('ERR_TRANSFER_ALREADY_OPEN', 'the member already has an open transfer letter; cancel it first');
        throw error;
      }
      const issued = transferById(this.db, transfer.id) as Transfer;
      insertAudit(this.db, {
        at: transfer.issuedAt,
        actor,
        action: 'transfer.issue',
        targetType: 'transfer',
        targetId: transfer.id,
        orgId: transfer.fromOrgId,
        summary: { after: { member: issued.memberNumber, fromOrg: issued.fromOrgCode, toOrg: issued.toOrgCode, reason: issued.reason, validDays: issued.validDays, expiresAt: issued.expiresAt } },
      });
      return issued;
    }).immediate();
  }

  async accept(id: string, acceptance: Extract<Acceptance, { via: 'console' }>, now: string, date: string): Promise<Transfer> {
    return this.db.transaction(() => acceptOpen(this.db, id, acceptance, now, date)).immediate();
  }

  async close(id: string, outcome: 'returned' | 'cancelled', reason: string | null, now: string, actor: AuditActor): Promise<Transfer> {
    return this.db.transaction(() => {
      const transfer = requireTransfer(this.db, id);
      assertOpen(transfer, now);
      statement(this.db, `UPDATE transfers SET status = ?, closed_at = ?, closed_by = ?, close_reason = ? WHERE id = ? AND status = 'issued'`).run(
        outcome,
        now,
        actor.label,
        reason,
        id,
      );
      insertAudit(this.db, {
        at: now,
        actor,
        action: outcome === 'returned' ? 'transfer.return' : 'transfer.cancel',
        targetType: 'transfer',
        targetId: id,
        orgId: outcome === 'returned' ? transfer.toOrgId : transfer.fromOrgId,
        summary: { before: { status: 'issued' }, after: { status: outcome, reason }, member: transfer.memberNumber },
      });
      return transferById(this.db, id) as Transfer;
    }).immediate();
  }

  async expireLapsed(now: string): Promise<Transfer[]> {
    return this.db.transaction(() => expireLapsed(this.db, now, null)).immediate();
  }
}

/** Event ingest's side: on the writing connection, inside the batch transaction (IngestTx). */
export class SqliteTransferTx implements TransferTx {
  constructor(private readonly db: WritableDb) {}

  async byId(id: string): Promise<Transfer | undefined> {
    return transferById(this.db, id);
  }

  async isSecretaryOf(memberId: number, orgId: number): Promise<boolean> {
    return (
      statement(this.db, `SELECT 1 FROM users WHERE member_id = ? AND org_id = ? AND role = 'secretary' AND disabled_at IS NULL LIMIT 1`).pluck().get(memberId, orgId) === 1
    );
  }

  async accept(id: string, acceptance: Extract<Acceptance, { via: 'kiosk' }>, now: string, date: string): Promise<Transfer> {
    return acceptOpen(this.db, id, acceptance, now, date);
  }
}
