import { z } from 'zod';
import { authorizeAny } from '../../auth/policy.ts';
import type { Principal } from '../../auth/principal.ts';
import type { ReadContext } from '../../context.ts';
import type { AcceptanceRefusalReason } from '../../schemas/transfers.ts';
import type { RefusedAcceptanceRecord } from '../../store/repositories/transfers.ts';
import { jwsPayload } from '../../verify/jws-payload.ts';
import { cardOnCredential, refusalReason } from '../refused-checkins.ts';
import { utc } from '../../clock.ts';
import { requireTransfer } from './read-transfers.ts';

/** A refused kiosk acceptance as people are shown it: why in a word they can act on, and both cards as far as they can be read. */
export interface RefusedAcceptance extends Omit<RefusedAcceptanceRecord, 'jws'> {
  reason: AcceptanceRefusalReason;
  card: string | null;
  nameOnCard: string | null;
  secretaryCard: string | null;
  secretaryNameOnCard: string | null;
}

const LETTER_REASONS: Partial<Record<string, AcceptanceRefusalReason>> = {
  ERR_TRANSFER_NOT_OPEN: 'letter-closed',
  ERR_TRANSFER_EXPIRED: 'letter-expired',
  ERR_TRANSFER_STALE: 'member-moved',
  ERR_TRANSFER_MEMBER_MISMATCH: 'wrong-member',
  ERR_TRANSFER_NOT_SECRETARY: 'not-secretary',
  ERR_EVENT_SECRETARY_IS_MEMBER: 'not-secretary',
};

/** What a refused acceptance asks of people: the letter's own rules first, then what a refused tap would. */
export const acceptanceRefusalReason = (code: string): AcceptanceRefusalReason => LETTER_REASONS[code] ?? refusalReason(code);

const AcceptanceCardsSchema = z.object({ card: z.object({ credential: z.string() }), secretary: z.object({ credential: z.string() }) });

const NO_CARDS = { card: null, nameOnCard: null, secretaryCard: null, secretaryNameOnCard: null };

/** The member's and the confirming card, each as its credential says (best-effort, as for a refused check-in). */
function tappedCards(jws: string): Pick<RefusedAcceptance, 'card' | 'nameOnCard' | 'secretaryCard' | 'secretaryNameOnCard'> {
  try {
    const event = AcceptanceCardsSchema.parse(jwsPayload(jws));
    const member = cardOnCredential(event.card.credential);
    const secretary = cardOnCredential(event.secretary.credential);
    return { ...member, secretaryCard: secretary.card, secretaryNameOnCard: secretary.nameOnCard };
  } catch {
    return NO_CARDS;
  }
}

/**
 * Every acceptance of the letter a kiosk of its receiving organisation showed as done that the server refused, by
 * tap time: the letter did not move the member then. Readable by whoever reads the letter (either end).
 */
export async function listRefusedAcceptances(ctx: ReadContext, principal: Principal, transferId: string): Promise<RefusedAcceptance[]> {
  const transfer = await requireTransfer(ctx, transferId);
  authorizeAny(principal, 'transfer.read', [{ path: transfer.fromOrgPath }, { path: transfer.toOrgPath }]);
  const records = await ctx.read.transfers.refusedAcceptances(transfer.id);
  return records
    .map(({ jws, ...record }) => ({ ...record, at: utc(record.at), reason: acceptanceRefusalReason(record.code), ...tappedCards(jws) }))
    .sort((a, b) => a.at.localeCompare(b.at));
}
