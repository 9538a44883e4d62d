import type { CardStatus } from '../../schemas/cards.ts';
import type { AuditActor } from './audit.ts';

export interface Card {
  csn: string;
  memberId: number;
  memberNumber: string;
  issuerKid: string;
  iss: string;
  credential: string;
  jti: string;
  issuedAt: string;
  expiresAt: string;
  status: CardStatus;
  statusChangedAt: string;
  replacedBy: string | null;
  highestCounter: number;
  registeredAt: string;
}

export interface NewCard {
  csn: string;
  memberId: number;
  issuerKid: string;
  credential: string;
  jti: string;
  issuedAt: string;
  expiresAt: string;
}

export interface RevocationSnapshot {
  seq: number;
  changedAt: string;
  entries: { csn: string; reason: Exclude<CardStatus, 'active'>; at: string }[];
}

export interface CardReader {
  byCsn(csn: string): Promise<Card | undefined>;
  forMember(memberId: number): Promise<Card[]>;
  /** every card that is not active, with the list's version */
  revocations(): Promise<RevocationSnapshot>;
  /** the list's version alone: it changes whenever a card leaves 'active' */
  revocationSeq(): Promise<number>;
}

/**
 * Each method is one transaction that also bumps the revocation list's seq when a card leaves 'active'
 * and writes the audit row.
 */
export interface CardWriter {
  /** ERR_CARD_ALREADY_REGISTERED (csn or jti), ERR_MEMBER_HAS_ACTIVE_CARD, ERR_MEMBER_STATUS_FINAL (left or deceased) */
  register(card: NewCard, now: string, actor: AuditActor): Promise<Card>;
  /** ERR_CARD_NOT_ACTIVE unless the card is active */
  revoke(csn: string, reason: 'lost' | 'revoked', now: string, actor: AuditActor): Promise<Card>;
  /** the old card becomes 'replaced' and the new one is registered; ERR_CARD_NOT_ACTIVE, ERR_CARD_ALREADY_REGISTERED */
  replace(oldCsn: string, card: NewCard, now: string, actor: AuditActor): Promise<{ replaced: Card; card: Card }>;
}
