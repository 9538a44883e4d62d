import { describe, expect, it } from 'vitest';
import type { RefusedAcceptance } from '../../../console/ui/api/types.ts';
import { zhCN as m } from '../../../console/ui/i18n/zh-CN.ts';
import { acceptanceRefusalWording } from '../../../console/ui/transfers/acceptance-refusal-wording.ts';

/*
 * A letter's refused kiosk acceptance in the console's words: about the card the server refused when it says whose,
 * in the letter's words for either card when it does not.
 */

const row: RefusedAcceptance = {
  member: '3301020001',
  name: '陈明',
  nameOnCard: '陈明',
  card: '04A1B2C3D4E5F6',
  secretaryNameOnCard: '王芳',
  secretaryCard: '04F6E5D4C3B2A1',
  at: '2026-11-26T02:00:00.000Z',
  receivedAt: '2026-11-26T03:00:00.000Z',
  kiosk: 'kid-1',
  kioskName: '一支部会议室',
  code: 'ERR_CARD_REVOKED',
  reason: 'card-revoked',
  failedTap: 'member',
  eventId: 'event-1',
};
const memberLine = m.refusedCardLine.member('04A1B2C3D4E5F6', '陈明');
const secretaryLine = m.refusedCardLine.secretary('04F6E5D4C3B2A1', '王芳');

describe('a refused acceptance in words', () => {
  it('when the server names the member’s or the secretary’s card, then the words are about that card, which is named', () => {
    expect(acceptanceRefusalWording(m, row)).toEqual({ ...m.acceptanceCardReasons.member['card-revoked'], cards: [memberLine] });
    expect(acceptanceRefusalWording(m, { ...row, failedTap: 'secretary' })).toEqual({ ...m.acceptanceCardReasons.secretary['card-revoked'], cards: [secretaryLine] });
  });

  it('when both cards were refused, then the reason is the member card’s, the secretary’s card is said to have failed too, and both are named', () => {
    const member = m.acceptanceCardReasons.member['card-revoked'];
    expect(acceptanceRefusalWording(m, { ...row, failedTap: 'both' })).toEqual({
      why: m.secretaryCardRefusedToo.why(member.why),
      action: m.secretaryCardRefusedToo.action(member.action),
      cards: [memberLine, secretaryLine],
    });
  });

  it('when a named card’s credential could not be read, then no card line is shown for it', () => {
    expect(acceptanceRefusalWording(m, { ...row, card: null }).cards).toEqual([]);
  });

  it('when the refusal names no tap (recorded before the server did), then the letter’s words for either card, with no card named', () => {
    expect(acceptanceRefusalWording(m, { ...row, failedTap: null })).toEqual({ ...m.acceptanceReasons['card-revoked'], cards: [] });
    expect(acceptanceRefusalWording(m, { ...row, reason: 'card-alarm', failedTap: null })).toEqual({ ...m.refusedReasons['card-alarm'], cards: [] });
  });

  it('when a refused tap’s reason is not about a card, then it reads as it does without a tap named', () => {
    expect(acceptanceRefusalWording(m, { ...row, reason: 'kiosk-problem' })).toEqual({ ...m.refusedReasons['kiosk-problem'], cards: [] });
    expect(acceptanceRefusalWording(m, { ...row, reason: 'other', failedTap: 'both' })).toEqual({ ...m.acceptanceReasons.other, cards: [] });
  });
});
