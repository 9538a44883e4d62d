import type { FailedTap, TransferStatus } from '../../schemas/transfers.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { AuditActor } from './audit.ts';

/** A transfer letter as stored; `status` is the stored one (see transfer-status.ts for the one to show). */
export interface Transfer {
  id: string;
  memberId: number;
  memberNumber: string;
  memberName: string;
  fromOrgId: number;
  fromOrgCode: string;
  fromOrgName: string;
  fromOrgPath: string;
  toOrgId: number;
  toOrgCode: string;
  toOrgName: string;
  toOrgPath: string;
  reason: string;
  validDays: number;
  issuedAt: string;
  issuedBy: string;
  expiresAt: string;
  status: TransferStatus;
  closedAt: string | null;
  closedBy: string | null;
  closeReason: string | null;
  acceptedVia: 'console' | 'kiosk' | null;
  acceptEventId: string | null;
}

export interface NewTransfer {
  id: string;
  memberId: number;
  fromOrgId: number;
  toOrgId: number;
  reason: string;
  validDays: number;
  issuedAt: string;
  expiresAt: string;
}

export interface TransferRules {
  defaultValidDays: number;
  maxValidDays: number;
}

export interface TransferListFilter {
  /** what the principal may see, applied to the end(s) `direction` names */
  scope: OrgFilter;
  direction: 'incoming' | 'outgoing' | 'both';
  /** status as shown at `now` (an open letter past its expiry is `expired`) */
  status?: TransferStatus;
  memberId?: number;
  /** ids are UUIDv7, so id order is issue order: the page starts below this id */
  before?: string;
  limit: number;
  now: string;
}

/** How an acceptance came: the console (a person) or a kiosk event confirmed with a secretary's card. */
export type Acceptance =
  | { via: 'console'; actor: AuditActor }
  | { via: 'kiosk'; kioskKid: string; eventId: string; secretaryMember: string };

/** A signed transfer.accept a kiosk of the receiving organisation sent and the server refused. */
export interface RefusedAcceptanceRecord {
  eventId: string;
  memberNumber: string;
  /** null when the server has no member with the number the event names */
  memberName: string | null;
  kioskKid: string;
  kioskName: string;
  /** the tap's time as the kiosk signed it (RFC 3339 with the kiosk's offset) */
  at: string;
  receivedAt: string;
  code: string;
  /** whose tap was refused; null when none was, or for a refusal recorded before the server kept this */
  failedTap: FailedTap | null;
  /** the event as received: the two cards' serials and names are only in there */
  jws: string;
}

export interface TransferReader {
  byId(id: string): Promise<Transfer | undefined>;
  list(filter: TransferListFilter): Promise<Transfer[]>;
  /** the refused kiosk acceptances of the letter, in the order they were received */
  refusedAcceptances(transferId: string): Promise<RefusedAcceptanceRecord[]>;
  /** for each letter, by id (every id given has one): its refused acceptances, 0 for a letter accepted since */
  refusedAcceptanceCounts(transferIds: readonly string[]): Promise<Map<string, number>>;
  /** letters open at `now` addressed to the organisation, by expiry: what its kiosks are sent */
  openAddressedTo(orgId: number, now: string): Promise<Transfer[]>;
  rules(): Promise<TransferRules>;
}

export interface TransferWriter {
  /**
   * Issues the letter in one transaction with its audit row, after marking the member's lapsed letters
   * expired. ERR_TRANSFER_ALREADY_OPEN when the member has an open letter (the partial unique index),
   * ERR_TRANSFER_STALE when the member's home is no longer the sending organisation.
   */
  issue(transfer: NewTransfer, actor: AuditActor): Promise<Transfer>;
  /**
   * Accepts an open letter: the letter, the member's home periods (the old one closes, the new one opens
   * at the receiver on `date`) and the audit row change in one transaction. ERR_TRANSFER_NOT_OPEN when it
   * is settled already (a racing acceptance won), ERR_TRANSFER_EXPIRED when its validity lapsed.
   */
  accept(id: string, acceptance: Extract<Acceptance, { via: 'console' }>, now: string, date: string): Promise<Transfer>;
  /** returned by the receiver or cancelled by the sender; the same refusals as accept */
  close(id: string, outcome: 'returned' | 'cancelled', reason: string | null, now: string, actor: AuditActor): Promise<Transfer>;
  /** marks every open letter whose validity lapsed by `now` expired, each with an audit row; returns them */
  expireLapsed(now: string): Promise<Transfer[]>;
}

/** The transfer reads and writes event ingest makes inside its batch transaction (IngestTx). */
export interface TransferTx {
  byId(id: string): Promise<Transfer | undefined>;
  /** whether an enabled secretary of the organisation is linked to this member */
  isSecretaryOf(memberId: number, orgId: number): Promise<boolean>;
  accept(id: string, acceptance: Extract<Acceptance, { via: 'kiosk' }>, now: string, date: string): Promise<Transfer>;
}
