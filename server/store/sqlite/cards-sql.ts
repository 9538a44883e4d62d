import { ApiError } from '../../errors.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { Card, CardReader, CardWriter, NewCard, RevocationSnapshot } from '../repositories/cards.ts';
import { insertAudit } from './audit-sql.ts';
import { statement, uniqueViolation } from './statements.ts';
import { assertMembershipGoesOn } from './member-standing.ts';

const CARD_SELECT = `SELECT c.csn, c.member_id AS memberId, m.member_number AS memberNumber, c.issuer_kid AS issuerKid, i.iss,
    c.credential, c.jti, c.issued_at AS issuedAt, c.expires_at AS expiresAt, c.status, c.status_changed_at AS statusChangedAt,
    c.replaced_by AS replacedBy, c.highest_counter AS highestCounter, c.registered_at AS registeredAt
  FROM cards c JOIN members m ON m.id = c.member_id JOIN issuers i ON i.kid = c.issuer_kid`;

export const cardByCsn = (db: ReadableDb, csn: string): Card | undefined => statement(db, `${CARD_SELECT} WHERE c.csn = ?`).get(csn) as Card | undefined;

/** A new version of the revocation list, inside the transaction that took a card out of 'active'. */
export function bumpRevocations(db: WritableDb, now: string): void {
  statement(db, 'UPDATE revocation_state SET seq = seq + 1, changed_at = ? WHERE id = 1').run(now);
}

export class SqliteCardReader implements CardReader {
  constructor(private readonly db: ReadableDb) {}

  async byCsn(csn: string): Promise<Card | undefined> {
    return cardByCsn(this.db, csn);
  }

  async forMember(memberId: number): Promise<Card[]> {
    return statement(this.db, `${CARD_SELECT} WHERE c.member_id = ? ORDER BY c.registered_at, c.csn`).all(memberId) as Card[];
  }

  async revocationSeq(): Promise<number> {
    return statement(this.db, 'SELECT seq FROM revocation_state WHERE id = 1').pluck().get() as number;
  }

  async revocations(): Promise<RevocationSnapshot> {
    // One read transaction, so the version and the entries belong together.
    return this.db.transaction(() => {
      const state = statement(this.db, 'SELECT seq, changed_at AS changedAt FROM revocation_state WHERE id = 1').get() as { seq: number; changedAt: string };
      const entries = statement(
        this.db,
        `SELECT csn, status AS reason, status_changed_at AS at FROM cards WHERE status <> 'active' ORDER BY status_changed_at, csn`,
      ).all() as RevocationSnapshot['entries'];
      return { ...state, entries };
    })();
  }
}

export class SqliteCardWriter implements CardWriter {
  constructor(private readonly db: WritableDb) {}

  private homeOrgId(memberId: number): number | null {
    const id = statement(this.db, `SELECT org_id FROM membership_periods WHERE member_id = ? AND kind = 'home' AND valid_to IS NULL`).pluck().get(memberId);
    return typeof id === 'number' ? id : null;
  }

  private insert(card: NewCard, now: string): Card {
    // Checked before the insert so a re-upload is reported as such, not as the member's second card.
    const known = statement(this.db, 'SELECT count(*) FROM cards WHERE csn = ? OR jti = ?').pluck().get(card.csn, card.jti) as number;
    if (known > 0) throw new ApiError('ERR_CARD_ALREADY_REGISTERED', `card ${card.csn} is already registered`);
    try {
      statement(
        this.db,
        `INSERT INTO cards (csn, member_id, issuer_kid, credential, jti, issued_at, expires_at, status, status_changed_at, registered_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
      ).run(card.csn, card.memberId, card.issuerKid, card.credential, card.jti, card.issuedAt, card.expiresAt, now, now);
    } catch (error) {
      const column = uniqueViolation(error);
      if (column === 'cards.csn' || column === 'cards.jti') throw new ApiError('ERR_CARD_ALREADY_REGISTERED', `card ${card.csn} is already registered`);
      if (column === 'cards.member_id') throw new ApiError('ERR_MEMBER_HAS_ACTIVE_CARD', 'the member already has an active card; replace or revoke it first');
      throw error;
    }
    return cardByCsn(this.db, card.csn) as Card;
  }

  /** Leaves 'active' for `status`, or explains why the card cannot. */
  private deactivate(csn: string, status: 'lost' | 'revoked' | 'replaced', now: string): Card {
    const changed = statement(this.db, `UPDATE cards SET status = ?, status_changed_at = ? WHERE csn = ? AND status = 'active'`).run(status, now, csn).changes;
    const card = cardByCsn(this.db, csn);
    if (!card) throw new ApiError('ERR_CARD_NOT_FOUND', `no card ${csn}`);
    if (changed === 0) throw new ApiError('ERR_CARD_NOT_ACTIVE', `card ${csn} is ${card.status}`, { status: card.status });
    bumpRevocations(this.db, now);
    return card;
  }

  async register(card: NewCard, now: string, actor: AuditActor): Promise<Card> {
    return this.db.transaction(() => {
      assertMembershipGoesOn(this.db, card.memberId, 'no card is registered for them: kiosks are to refuse them');
      const created = this.insert(card, now);
      insertAudit(this.db, {
        at: now,
        actor,
        action: 'card.register',
        targetType: 'card',
        targetId: card.csn,
        orgId: this.homeOrgId(card.memberId),
        summary: { after: { csn: card.csn, member: created.memberNumber, status: 'active', expiresAt: card.expiresAt } },
      });
      return created;
    }).immediate();
  }

  async revoke(csn: string, reason: 'lost' | 'revoked', now: string, actor: AuditActor): Promise<Card> {
    return this.db.transaction(() => {
      const card = this.deactivate(csn, reason, now);
      insertAudit(this.db, {
        at: now,
        actor,
        action: 'card.revoke',
        targetType: 'card',
        targetId: csn,
        orgId: this.homeOrgId(card.memberId),
        summary: { before: { status: 'active' }, after: { status: reason } },
      });
      return card;
    }).immediate();
  }

  async replace(oldCsn: string, card: NewCard, now: string, actor: AuditActor): Promise<{ replaced: Card; card: Card }> {
    return this.db.transaction(() => {
      this.deactivate(oldCsn, 'replaced', now);
      const created = this.insert(card, now);
      statement(this.db, 'UPDATE cards SET replaced_by = ? WHERE csn = ?').run(card.csn, oldCsn);
      insertAudit(this.db, {
        at: now,
        actor,
        action: 'card.replace',
        targetType: 'card',
        targetId: oldCsn,
        orgId: this.homeOrgId(card.memberId),
        summary: { before: { csn: oldCsn, status: 'active' }, after: { csn: oldCsn, status: 'replaced', replacedBy: card.csn } },
      });
      return { replaced: cardByCsn(this.db, oldCsn) as Card, card: created };
    }).immediate();
  }
}
