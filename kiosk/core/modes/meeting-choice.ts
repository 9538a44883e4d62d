import { z } from 'zod';
import type { MeetingKind, ScheduledMeeting } from '../config/config-schema.ts';
import type { KioskConfig } from '../config/kiosk-config.ts';
import { KioskError } from '../errors.ts';
import type { MeetingStore } from '../store/meeting-store.ts';
import type { ActiveMeeting, MeetingOrigin } from './kiosk-mode.ts';

/** The same bounds as the meeting.open event schema, checked before a meeting id is spent. */
const AdHocMeetingSchema = z.object({ kind: z.string().trim().min(1).max(40), title: z.string().trim().min(1).max(200) });

/**
 * `kinds`: the server's list, when it sent one. A kind not on it was retired (or never existed): the server
 * would refuse the meeting.open, and with it every check-in to the meeting, so it is refused here first.
 */
export function adHocMeeting(id: string, kind: string, title: string, kinds: readonly MeetingKind[] | null): ActiveMeeting {
  const parsed = AdHocMeetingSchema.safeParse({ kind, title });
  if (!parsed.success) throw new KioskError('ERR_MEETING_INVALID', 'an ad-hoc meeting needs a kind (up to 40 characters) and a title (up to 200)');
  if (kinds && !kinds.some((known) => known.code === parsed.data.kind)) {
    throw new KioskError('ERR_MEETING_KIND_UNKNOWN', `the server offers no meeting kind "${parsed.data.kind}" (retired, or never added)`);
  }
  return { id, kind: parsed.data.kind, title: parsed.data.title, origin: 'ad-hoc' };
}

/** Whether this kiosk knows a meeting closed: it closed it, or the server refused a check-in to it as closed (Outbox.hasClosedMeeting). */
export type KnownClosed = (meetingId: string) => boolean;

/** Known closed here, or marked closed in the configuration: the meeting takes no more check-ins. */
export const isClosed = (meeting: ScheduledMeeting, knownClosed: KnownClosed): boolean => meeting.status === 'closed' || knownClosed(meeting.id);

/** A meeting the configuration schedules for this kiosk's organisation, while it is not closed. */
export function scheduledMeeting(config: KioskConfig | undefined, org: string, meetingId: string, knownClosed: KnownClosed): ActiveMeeting {
  const meeting = config?.meeting(meetingId);
  if (!meeting || meeting.org !== org) {
    throw new KioskError('ERR_MEETING_NOT_FOUND', `meeting ${meetingId} is not scheduled for this organisation in the kiosk's configuration`);
  }
  if (isClosed(meeting, knownClosed)) throw new KioskError('ERR_MEETING_CLOSED', `meeting ${meetingId} is closed: it takes no more check-ins`);
  return { id: meeting.id, kind: meeting.kind, title: meeting.title, origin: 'scheduled', place: meeting.place, startsAt: meeting.startsAt };
}

/**
 * The meeting the kiosk was in when it stopped, if it can still be found and is not closed (a restart resumes it;
 * one that stopped right after recording or learning a close does not go back in).
 */
export function resumedMeeting(
  current: { meeting: string; origin: MeetingOrigin } | undefined,
  meetings: MeetingStore,
  config: KioskConfig | undefined,
  org: string,
  knownClosed: KnownClosed,
): ActiveMeeting | undefined {
  if (!current || knownClosed(current.meeting)) return undefined;
  if (current.origin === 'ad-hoc') return meetings.localMeeting(current.meeting);
  try {
    return scheduledMeeting(config, org, current.meeting, knownClosed);
  } catch {
    return undefined;
  }
}
