import type { CardEvidence } from '../../../shared/card/tap.ts';
import type { Transfer } from '../config/config-schema.ts';
import { KioskError } from '../errors.ts';
import type { Person } from '../session/person.ts';

export type MeetingOrigin = 'scheduled' | 'ad-hoc';

export interface ActiveMeeting {
  id: string;
  kind: string;
  title: string;
  origin: MeetingOrigin;
  place?: string | undefined;
  startsAt?: string | undefined;
}

/** The member's half of a transfer acceptance, held until the secretary confirms with their own card. */
export interface MemberTap {
  person: Person;
  evidence: CardEvidence;
  /** the event's `at`, already bound into the member's card signature; the secretary's is bound to the same */
  at: string;
  tappedAtMs: number;
}

/** `closedElsewhere`: the meeting the kiosk left by itself because it was closed elsewhere, until the next one opens */
export type KioskMode =
  | { kind: 'idle'; closedElsewhere?: ActiveMeeting }
  | { kind: 'meeting'; meeting: ActiveMeeting }
  | { kind: 'transfer'; transfer: Transfer; step: 'member' }
  | { kind: 'transfer'; transfer: Transfer; step: 'secretary'; member: MemberTap };

export type ModeEvent =
  | { type: 'open-meeting'; meeting: ActiveMeeting }
  | { type: 'close-meeting' }
  | { type: 'meeting-closed-elsewhere' }
  | { type: 'start-transfer'; transfer: Transfer }
  | { type: 'member-confirmed'; member: MemberTap }
  | { type: 'restart-transfer' }
  | { type: 'transfer-accepted' }
  | { type: 'cancel' };

const refuse = (mode: KioskMode, event: ModeEvent): never => {
  const where = mode.kind === 'transfer' ? `transfer/${mode.step}` : mode.kind;
  throw new KioskError('ERR_MODE_TRANSITION', `"${event.type}" is not possible in mode ${where}`, { details: { mode: where, event: event.type } });
};

/**
 * Every mode change the kiosk allows, in one place. A meeting must be closed before a transfer starts (and
 * the other way round), so a tap never lands in a mode the secretary did not choose.
 */
export function nextMode(mode: KioskMode, event: ModeEvent): KioskMode {
  switch (event.type) {
    case 'open-meeting':
      return mode.kind === 'idle' ? { kind: 'meeting', meeting: event.meeting } : refuse(mode, event);
    case 'close-meeting':
      return mode.kind === 'meeting' ? { kind: 'idle' } : refuse(mode, event);
    case 'meeting-closed-elsewhere':
      return mode.kind === 'meeting' ? { kind: 'idle', closedElsewhere: mode.meeting } : refuse(mode, event);
    case 'start-transfer':
      return mode.kind === 'idle' ? { kind: 'transfer', transfer: event.transfer, step: 'member' } : refuse(mode, event);
    case 'member-confirmed':
      return mode.kind === 'transfer' && mode.step === 'member'
        ? { kind: 'transfer', transfer: mode.transfer, step: 'secretary', member: event.member }
        : refuse(mode, event);
    case 'restart-transfer':
      return mode.kind === 'transfer' ? { kind: 'transfer', transfer: mode.transfer, step: 'member' } : refuse(mode, event);
    case 'transfer-accepted':
      return mode.kind === 'transfer' && mode.step === 'secretary' ? { kind: 'idle' } : refuse(mode, event);
    case 'cancel':
      // Leaving a meeting is closeMeeting: for an ad-hoc meeting it is an event, not a silent cancel.
      return mode.kind === 'meeting' ? refuse(mode, event) : { kind: 'idle' };
  }
}

/** The mode as the screen sees it: no card evidence crosses to the UI. */
export type ModeView =
  | { kind: 'idle'; closedElsewhere?: ActiveMeeting }
  | { kind: 'meeting'; meeting: ActiveMeeting }
  | { kind: 'transfer'; step: 'member' | 'secretary'; transfer: { id: string; member: string; name: string | undefined }; member?: Person };

export function viewMode(mode: KioskMode): ModeView {
  if (mode.kind !== 'transfer') return mode;
  const transfer = { id: mode.transfer.id, member: mode.transfer.member, name: mode.transfer.name };
  return mode.step === 'secretary' ? { kind: 'transfer', step: 'secretary', transfer, member: mode.member.person } : { kind: 'transfer', step: 'member', transfer };
}
