import type { DenialReason } from '../../../shared/events/event-schema.ts';
import type { KioskMode } from '../modes/kiosk-mode.ts';
import type { Person } from './person.ts';

/**
 * Why a tap was refused, as a code the screen translates. The card's own problems are the `card.denied`
 * reasons of DESIGN §4 (and reported to the server); the rest are about this tap in this mode and are not.
 */
export type RefusalReason =
  | DenialReason
  /** the credential's `iat` is in the future: usually the kiosk's clock is wrong (reported as `expired`) */
  | 'not-yet-valid'
  | 'not-transfer-member'
  | 'not-secretary'
  | 'secretary-is-member'
  | 'transfer-expired'
  | 'transfer-timed-out'
  | 'transfer-already-accepted'
  /** the secretary closed the meeting while the card was being read: the tap came too late to count */
  | 'meeting-closed';

/** Why the kiosk could not take a tap at all (nothing was read from the card). */
/** `meeting-ended`: no meeting open because the last one was closed at another kiosk or by the branch */
export type NotReadyReason = 'not-enrolled' | 'no-config' | 'idle' | 'meeting-ended';

/** Why an idle kiosk takes no tap: no meeting open yet, or the one it was in was closed elsewhere. */
export const idleReason = (mode: Extract<KioskMode, { kind: 'idle' }>): NotReadyReason => (mode.closedElsewhere ? 'meeting-ended' : 'idle');

interface TapBase {
  reader: string;
  /** the kiosk's time of the tap, as written in the event */
  at: string;
}

/**
 * One big answer per tap (DESIGN §6). A result that says an event was recorded (`checked-in`,
 * `transfer-accepted`, a refusal with `seq`) is returned only after that event is durable in the outbox.
 */
export type TapResult =
  | (TapBase & { kind: 'checked-in'; person: Person; meeting: string; seq: number })
  | (TapBase & { kind: 'already'; person: Person; meeting: string })
  | (TapBase & { kind: 'refused'; reason: RefusalReason; person?: Person; seq?: number })
  | (TapBase & { kind: 'tap-again' })
  /** a card was laid on the reader but could not be connected to: nothing was read, nothing recorded */
  | (TapBase & { kind: 'not-read' })
  | (TapBase & { kind: 'not-ready'; why: NotReadyReason })
  | (TapBase & { kind: 'transfer-member-ok'; person: Person; transfer: string })
  | (TapBase & { kind: 'transfer-accepted'; person: Person; secretary: Person; transfer: string; seq: number })
  /** the kiosk itself failed (disk full, a bug): the screen must not confirm anything; `code` is for the log */
  | (TapBase & { kind: 'failed'; code: string });

export type TapResultKind = TapResult['kind'];
