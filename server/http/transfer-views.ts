import type { RefusedAcceptance } from '../domain/transfers/refused-acceptances.ts';
import type { ListedTransfer } from '../domain/transfers/read-transfers.ts';
import type { RefusedAcceptanceView, TransferListEntryView, TransferView } from '../schemas/transfers.ts';
import type { Transfer } from '../store/repositories/transfers.ts';

/** A letter (already brought to the clock's now by the domain) → the API's shape; ids and paths stay inside. */
export const transferView = (transfer: Transfer): TransferView => ({
  id: transfer.id,
  member: transfer.memberNumber,
  memberName: transfer.memberName,
  fromOrg: transfer.fromOrgCode,
  fromOrgName: transfer.fromOrgName,
  toOrg: transfer.toOrgCode,
  toOrgName: transfer.toOrgName,
  reason: transfer.reason,
  validDays: transfer.validDays,
  status: transfer.status,
  issuedAt: transfer.issuedAt,
  issuedBy: transfer.issuedBy,
  expiresAt: transfer.expiresAt,
  closedAt: transfer.closedAt,
  closedBy: transfer.closedBy,
  returnReason: transfer.status === 'returned' ? transfer.closeReason : null,
  cancelReason: transfer.status === 'cancelled' ? transfer.closeReason : null,
  acceptedVia: transfer.acceptedVia,
  acceptEventId: transfer.acceptEventId,
});

export const transferListEntryView = (transfer: ListedTransfer): TransferListEntryView => ({ ...transferView(transfer), refusedAcceptances: transfer.refusedAcceptances });

export const refusedAcceptanceView = (refused: RefusedAcceptance): RefusedAcceptanceView => ({
  member: refused.memberNumber,
  name: refused.memberName,
  nameOnCard: refused.nameOnCard,
  card: refused.card,
  secretaryNameOnCard: refused.secretaryNameOnCard,
  secretaryCard: refused.secretaryCard,
  at: refused.at,
  receivedAt: refused.receivedAt,
  kiosk: refused.kioskKid,
  kioskName: refused.kioskName,
  code: refused.code,
  reason: refused.reason,
  failedTap: refused.failedTap,
  eventId: refused.eventId,
});
