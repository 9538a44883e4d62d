import type { RefusedAcceptance } from '../api/types.ts';
import type { AcceptanceTap, CardRefusalReason, Messages } from '../i18n/messages.ts';

/** A refused acceptance in words: why, what to do, and the refused card(s) as their credentials read. */
export interface AcceptanceRefusalWording {
  why: string;
  action: string;
  cards: string[];
}

/** A reason about one card: those the catalogue words for the member's card and for the secretary's. */
const isCardReason = (m: Messages, reason: RefusedAcceptance['reason']): reason is CardRefusalReason => Object.hasOwn(m.acceptanceCardReasons.member, reason);

/** Without the card named (not a card's refusal, or recorded before the server named it): the letter's words for either card. */
function unnamed(m: Messages, reason: RefusedAcceptance['reason']): { why: string; action: string } {
  return reason === 'card-alarm' || reason === 'kiosk-problem' ? m.refusedReasons[reason] : m.acceptanceReasons[reason];
}

function cardLine(m: Messages, row: RefusedAcceptance, tap: AcceptanceTap): string[] {
  const [serial, name] = tap === 'member' ? [row.card, row.nameOnCard] : [row.secretaryCard, row.secretaryNameOnCard];
  return serial === null ? [] : [m.refusedCardLine[tap](serial, name)];
}

/**
 * A card's refusal names the card the server refused, the member's or the secretary's, with the action for that card.
 * With both refused the reason is the member card's (its code: the server judges it first), and the secretary's card is
 * named as well.
 */
export function acceptanceRefusalWording(m: Messages, row: RefusedAcceptance): AcceptanceRefusalWording {
  const { reason, failedTap } = row;
  if (failedTap === null || !isCardReason(m, reason)) return { ...unnamed(m, reason), cards: [] };
  if (failedTap === 'both') {
    const member = m.acceptanceCardReasons.member[reason];
    return {
      why: m.secretaryCardRefusedToo.why(member.why),
      action: m.secretaryCardRefusedToo.action(member.action),
      cards: [...cardLine(m, row, 'member'), ...cardLine(m, row, 'secretary')],
    };
  }
  return { ...m.acceptanceCardReasons[failedTap][reason], cards: cardLine(m, row, failedTap) };
}
