import type { AttendedAs } from '../../schemas/meetings.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { DayWindow } from './histories.ts';

/** An accepted event that is the evidence of an attendance or a kiosk transfer acceptance, with its JWS. */
export interface Evidence {
  eventId: string;
  logIndex: number;
  kioskKid: string;
  jws: string;
  type: 'checkin' | 'transfer.accept';
  memberNumber: string;
  /** the kiosk's organisation: the meeting's host, or the letter's receiver */
  orgCode: string;
  /** the event's time as the kiosk signed it */
  at: string;
  meetingId: string | null;
  transferId: string | null;
  attendedAs: AttendedAs | null;
}

export interface EvidenceReader {
  /** the member's check-ins in the window where the host or the home at the time is in scope, oldest first */
  memberCheckins(memberId: number, window: DayWindow, scope: OrgFilter, limit: number): Promise<Evidence[]>;
  /** the member's letters accepted at a kiosk in the window, sender or receiver in scope */
  memberAcceptances(memberId: number, window: DayWindow, scope: OrgFilter): Promise<Evidence[]>;
  /** check-ins at the organisation's meetings in the window, oldest first */
  orgCheckins(orgId: number, window: DayWindow, limit: number): Promise<Evidence[]>;
  /** letters to the organisation accepted at its kiosks in the window */
  orgAcceptances(orgId: number, window: DayWindow): Promise<Evidence[]>;
}
