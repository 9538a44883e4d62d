import type { CardTransport } from '../../../shared/card/transport.ts';
import { isMicError } from '../../../shared/errors.ts';
import { isKioskError } from '../errors.ts';
import { eventTime } from '../time/rfc3339.ts';
import type { Clock } from '../time/clock.ts';
import { checkinTap } from './checkin-tap.ts';
import type { ModeHolder, SessionContext } from './session-context.ts';
import { idleReason, type NotReadyReason, type TapResult } from './tap-result.ts';
import { transferTap } from './transfer-tap.ts';

/**
 * One card session: one tap, one answer. Whatever the mode, a card that leaves the field before the event
 * is durable ends as "tap again" with nothing recorded (its half-done signature, if any, is dropped), and
 * any other failure as `failed`, which the screen must never show as a confirmation.
 */
export async function runCardSession(
  transport: CardTransport,
  context: SessionContext | NotReadyReason,
  modes: ModeHolder,
  clock: Clock,
  report: (error: unknown) => void = () => undefined,
): Promise<TapResult> {
  const reader = transport.reader;
  if (typeof context === 'string') return { kind: 'not-ready', reader, at: eventTime(clock).at, why: context };
  const mode = modes.current();
  try {
    if (mode.kind === 'meeting') return await checkinTap(transport, mode.meeting, context);
    if (mode.kind === 'transfer') return await transferTap(transport, mode, context, modes);
    return { kind: 'not-ready', reader, at: eventTime(clock).at, why: idleReason(mode) };
  } catch (error) {
    const at = eventTime(clock).at;
    if (isMicError(error) && error.code === 'ERR_CARD_REMOVED') return { kind: 'tap-again', reader, at };
    report(error);
    const code = isMicError(error) || isKioskError(error) ? error.code : 'ERR_INTERNAL';
    return { kind: 'failed', reader, at, code };
  }
}
