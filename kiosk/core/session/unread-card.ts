import type { KioskMode } from '../modes/kiosk-mode.ts';
import { eventTime } from '../time/rfc3339.ts';
import type { Clock } from '../time/clock.ts';
import type { SessionContext } from './session-context.ts';
import { idleReason, type NotReadyReason, type TapResult } from './tap-result.ts';

/**
 * The answer to a card the reader felt but could not connect to, so nothing was read and nothing is recorded:
 * "place it again". When the kiosk would not have read a card anyway (not set up, no meeting open), the member
 * hears that instead, as for any tap: placing the card again would not help.
 */
export function unreadCardResult(reader: string, context: SessionContext | NotReadyReason, mode: KioskMode, clock: Clock): TapResult {
  const { at } = eventTime(clock);
  if (typeof context === 'string') return { kind: 'not-ready', reader, at, why: context };
  if (mode.kind === 'idle') return { kind: 'not-ready', reader, at, why: idleReason(mode) };
  return { kind: 'not-read', reader, at };
}
