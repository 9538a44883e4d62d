import { equalBytes } from '../../../shared/bytes.ts';
import type { MicErrorCode } from '../../../shared/errors.ts';
import type { TappedCard } from '../../store/repositories/ingest.ts';
import type { TapVerdict } from '../../verify/verdicts.ts';
import { utc } from '../../clock.ts';
import type { Effect, JudgeContext } from './judgement.ts';

export type TapJudgement = { code: MicErrorCode } | { code: null; card: TappedCard };

/**
 * A verified tap against the server's records, after its cryptography passed:
 * - the card must be registered here, with this very credential;
 * - a counter is signed once: the same counter over another challenge proves a second copy of the card
 *   key (a clone); the same counter and challenge in another event is a replayed tap. Either raises an
 *   alarm and refuses this (later) event; the first keeps its verdict. A lower counter than the highest
 *   seen is fine: offline kiosks deliver late;
 * - the card must name the member the event names (when the event names one);
 * - a card revoked at or before the tap's time is refused; revoked later, the tap was still good.
 * Every tap that gets past the counter check is recorded, accepted or not: the card did sign it.
 */
export async function judgeTap(ctx: JudgeContext, event: { id: string; at: string }, tap: TapVerdict, member: string | null, effects: Effect[]): Promise<TapJudgement> {
  if (!tap.ok) return { code: tap.code };
  const { tx, kiosk, row, now } = ctx;
  const card = await tx.card(tap.csn);
  if (!card || card.jti !== tap.jti) return { code: 'ERR_CARD_UNKNOWN' };

  const challenge = new Uint8Array(Buffer.from(tap.challenge, 'base64url'));
  const earlier = await tx.counterUse(tap.csn, tap.counter);
  if (earlier) {
    const replayed = equalBytes(earlier.challenge, challenge);
    effects.push(async () => {
      await tx.raiseAlarm({
        type: replayed ? 'replay' : 'clone',
        kioskKid: kiosk.kid,
        orgId: kiosk.orgId,
        csn: tap.csn,
        eventIds: [earlier.eventId ?? `row:${earlier.eventRow}`, event.id],
        at: now,
        details: { counter: tap.counter, firstRow: earlier.eventRow, laterRow: row, member: tap.sub },
      });
    });
    return { code: replayed ? 'ERR_CARD_EVIDENCE_REPLAYED' : 'ERR_CARD_CLONED' };
  }
  effects.push(async () => {
    await tx.recordCounterUse(tap.csn, tap.counter, { eventRow: row, challenge });
    await tx.raiseHighestCounter(tap.csn, tap.counter);
  });

  if (member !== null && tap.sub !== member) return { code: 'ERR_EVENT_MEMBER_MISMATCH' };
  if (card.status !== 'active' && card.statusChangedAt <= utc(event.at)) return { code: 'ERR_CARD_REVOKED' };
  return { code: null, card };
}
