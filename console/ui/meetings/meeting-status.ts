import type { Meeting } from '../api/types.ts';

/** A meeting's state as the list shows it: the stored status, or what the check-ins say of a scheduled meeting. */
export type ShownMeetingStatus = Meeting['status'] | 'unattended';

/**
 * A kiosk reports opening only the meetings it opens itself, so a scheduled meeting stays 'scheduled' on the server
 * while it is held. Its check-ins and its times tell instead: with members counted it is under way, and once closed
 * at a kiosk or past its end it is over; over with nobody counted, nobody checked in (the reminders count it as not
 * held).
 */
export function shownStatus(meeting: Pick<Meeting, 'origin' | 'status' | 'endsAt' | 'checkedIn'>, now: Date): ShownMeetingStatus {
  if (meeting.origin === 'ad_hoc' || meeting.status === 'cancelled') return meeting.status;
  const over = meeting.status === 'closed' || (meeting.endsAt !== null && Date.parse(meeting.endsAt) <= now.getTime());
  if (meeting.checkedIn > 0) return over ? 'closed' : 'open';
  return over ? 'unattended' : 'scheduled';
}
