import type { CardTransport } from '../../../shared/card/transport.ts';
import { isKioskError } from '../errors.ts';
import type { ActiveMeeting } from '../modes/kiosk-mode.ts';
import { eventTime } from '../time/rfc3339.ts';
import { checkCard, provePresent } from './check-card.ts';
import { denyCard } from './deny-card.ts';
import { personFor } from './person.ts';
import type { SessionContext } from './session-context.ts';
import type { TapResult } from './tap-result.ts';

/**
 * A tap during a meeting: verify the card offline; a member already checked in is told so without a new
 * signature or event; otherwise the card proves presence for this meeting, kiosk and moment, and the
 * checkin event is appended. The answer comes back only once the event is durable.
 */
export async function checkinTap(transport: CardTransport, meeting: ActiveMeeting, context: SessionContext): Promise<TapResult> {
  const { date, at } = eventTime(context.clock);
  const reader = transport.reader;
  const check = await checkCard(transport, context.config, date);
  if (!check.ok) {
    const seq = await denyCard(context, check.refusal, check, at, meeting.id);
    return { kind: 'refused', reader, at, reason: check.refusal.reason, seq };
  }

  const person = personFor(check.credential.claims, context.config);
  if (context.outbox.hasCheckedIn(meeting.id, person.member)) return { kind: 'already', reader, at, person, meeting: meeting.id };

  const facts = { purpose: 'checkin', kioskKid: context.kioskKid, subjectId: meeting.id, at };
  const presence = await provePresent(transport, facts, check.read, check.credential);
  if (!presence.ok) {
    const seq = await denyCard(context, presence.refusal, { serial: check.read.info.serial, credential: check.read.credential }, at, meeting.id);
    return { kind: 'refused', reader, at, reason: presence.refusal.reason, person, seq };
  }

  try {
    const { seq } = await context.outbox.append({ type: 'checkin', at, meeting: meeting.id, member: person.member, card: presence.evidence });
    return { kind: 'checked-in', reader, at, person, meeting: meeting.id, seq };
  } catch (error) {
    // The same member on a second reader at the same moment: that tap recorded the attendance first.
    if (isKioskError(error) && error.code === 'ERR_ALREADY_CHECKED_IN') return { kind: 'already', reader, at, person, meeting: meeting.id };
    // The meeting's close was recorded while this card was being read: nothing is recorded after it.
    if (isKioskError(error) && error.code === 'ERR_MEETING_CLOSED') return { kind: 'refused', reader, at, reason: 'meeting-closed', person };
    throw error;
  }
}
