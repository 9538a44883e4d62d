import type { MeetingKind, ScheduledMeeting, Transfer } from './config/config-schema.ts';
import type { ActiveMeeting, ModeView } from './modes/kiosk-mode.ts';
import type { LogAlarm, LogCheckStatus } from './log/log-view.ts';
import type { RejectedEvent } from './outbox/event-draft.ts';
import type { ReaderFailure, ReaderState, ReaderStatus } from './readers/reader-status.ts';
import type { TapResult } from './session/tap-result.ts';
import type { SyncState } from './sync/sync-state.ts';

/*
 * The kiosk as the screen sees it: plain data in, plain data out, so the same contract can cross
 * Electron's contextBridge or a local WebSocket. Types only: the renderer may import this file without
 * pulling in Node.
 */

export type { ActiveMeeting, LogAlarm, LogCheckStatus, MeetingKind, ModeView, ReaderFailure, ReaderState, ReaderStatus, RejectedEvent, ScheduledMeeting, TapResult, Transfer };
export type { Person } from './session/person.ts';
export type { RefusalReason, NotReadyReason, TapResultKind } from './session/tap-result.ts';

export type OpenMeetingRequest =
  | { kind: 'scheduled'; meetingId: string }
  | { kind: 'ad-hoc'; meetingKind: string; title: string };

export interface KioskStatus {
  /** the kiosk key's RFC 7638 thumbprint, also its id at the server */
  kioskId: string;
  enrolled: boolean;
  enrolment: { serverUrl: string; org: string; name: string; enrolledAt: string } | undefined;
  mode: ModeView;
  /** undefined until the first sync round; false while the server cannot be reached (or refuses) */
  online: boolean | undefined;
  /** signed events waiting for the server's receipt */
  queueLength: number;
  /** events the server refused: an alarm for a person, never resent by themselves */
  rejectedEvents: number;
  lastResult: TapResult | undefined;
  lastError: SyncState['lastError'];
  lastSyncAt: string | undefined;
  /** when the sync loop tries next (a back-off after failures), for "retrying in 30 s" */
  nextSyncInMs: number | undefined;
  /** the server's clock minus the kiosk's, from the last answer: a large value means the kiosk clock needs setting */
  clockSkewMs: number | undefined;
  config: {
    available: boolean;
    fetchedAt: string | undefined;
    revocationSeq: number | undefined;
    meetings: number;
    transfers: number;
    /** the organisation's zone, which the screens show times in; undefined: the server named none, so the computer's */
    timeZone: string | undefined;
  };
  adminPinSet: boolean;
  /** alarms the kiosk raised about the server's transparency log (an event missing, the log rolled back, a bad checkpoint) */
  logAlarms: number;
  latestLogAlarm: LogAlarm | undefined;
  /** where the kiosk's check of the transparency log stands */
  log: LogCheckStatus;
  /**
   * Whether a card laid on a reader now can be read, and on which readers; anything but `connected` means taps
   * cannot work. Undefined when no attached reader source watches its readers (see ReaderSource.status).
   */
  reader: ReaderStatus | undefined;
}

export type KioskNotice = { type: 'tap'; result: TapResult } | { type: 'status'; status: KioskStatus };

/** What the screens may ask of the kiosk. The Node-side `Kiosk` implements it; bridges forward it. */
export interface KioskControl {
  status(): KioskStatus;
  subscribe(listener: (notice: KioskNotice) => void): () => void;
  enroll(serverUrl: string, token: string, name: string): Promise<KioskStatus>;
  syncNow(): Promise<KioskStatus>;
  scheduledMeetings(): ScheduledMeeting[];
  /** the kinds an ad-hoc meeting may be; null: the server has sent no list, so the screen offers its own */
  meetingKinds(): MeetingKind[] | null;
  pendingTransfers(): Transfer[];
  openMeeting(request: OpenMeetingRequest): Promise<ActiveMeeting>;
  closeMeeting(): Promise<void>;
  startTransferAcceptance(transferId: string): Promise<void>;
  cancel(): Promise<void>;
  setAdminPin(pin: string, currentPin?: string): Promise<void>;
  verifyAdminPin(pin: string): Promise<boolean>;
  rejectedEvents(): RejectedEvent[];
}
