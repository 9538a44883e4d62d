import type { TransferEventRefusal } from '../../schemas/transfers.ts';
import type { TappedCard } from '../../store/repositories/ingest.ts';
import type { EventFacts } from '../../verify/verdicts.ts';
import type { Effect, JudgeContext } from './judgement.ts';

type TransferAcceptEvent = Extract<EventFacts, { type: 'transfer.accept' }>;

export type LetterJudgement = { code: TransferEventRefusal } | { code: null; effect: Effect };

/**
 * A `transfer.accept` event whose two cards passed (the member's and another member's) against the letter
 * it names: the kiosk must belong to the receiving organisation, the member card must be the letter's
 * member, the confirming card a secretary of the receiving organisation (a member linked to an enabled
 * secretary user there), and the letter open at the server's receipt time — the same clock the console's
 * acceptance uses, so whichever acceptance commits first wins and the other is refused. The effect closes
 * the member's home period and opens one at the receiver, inside the batch transaction.
 */
export async function judgeTransferLetter(ctx: JudgeContext, event: TransferAcceptEvent, member: TappedCard, secretary: TappedCard): Promise<LetterJudgement> {
  const letter = await ctx.tx.transfers.byId(event.transfer);
  if (!letter) return { code: 'ERR_TRANSFER_NOT_FOUND' };
  if (letter.toOrgId !== ctx.kiosk.orgId) return { code: 'ERR_TRANSFER_WRONG_KIOSK_ORG' };
  if (letter.memberId !== member.memberId) return { code: 'ERR_TRANSFER_MEMBER_MISMATCH' };
  if (!(await ctx.tx.transfers.isSecretaryOf(secretary.memberId, letter.toOrgId))) return { code: 'ERR_TRANSFER_NOT_SECRETARY' };
  if (letter.status !== 'issued') return { code: 'ERR_TRANSFER_NOT_OPEN' };
  if (letter.expiresAt <= ctx.now) return { code: 'ERR_TRANSFER_EXPIRED' };
  // The organisation's day of the receipt, as the console's acceptance dates the move by its clock.
  const today = ctx.calendar.dayOf(ctx.now);
  const home = (await ctx.tx.periodsAt(member.memberId, today)).find((period) => period.kind === 'home');
  if (home?.orgId !== letter.fromOrgId) return { code: 'ERR_TRANSFER_STALE' };
  return {
    code: null,
    effect: async () => {
      await ctx.tx.transfers.accept(letter.id, { via: 'kiosk', kioskKid: ctx.kiosk.kid, eventId: event.id, secretaryMember: secretary.memberNumber }, ctx.now, today);
    },
  };
}
