import type { KioskErrorCode } from '../../core/errors.ts';
import type { NotReadyReason, ReaderState, RefusalReason } from '../../core/kiosk-api.ts';
import type { BridgeErrorCode } from '../bridge/kiosk-bridge.ts';
import type { ClockReading } from './org-clock.tsx';

export type Language = 'zh-CN' | 'en';

/** What a refused tap says: the reason in plain words, then what to do about it. */
export interface ReasonAndAction {
  reason: string;
  action: string;
}

/** The meeting kinds the server seeds (server migration 006): offered until the server sends its own list. */
export type KnownMeetingKind = 'general_meeting' | 'committee' | 'group' | 'lecture' | 'theme_day' | 'other';

/**
 * Every sentence the kiosk screen says. Each catalogue is typed with this interface, so a key missing from
 * either language, or a refusal reason or error code the core adds later, fails to compile.
 */
export interface Messages {
  languageName: string;
  /** the button that switches to the other language, written in that language */
  switchLanguage: string;
  appTitle: string;

  // status bar and banner
  meetingNone: string;
  meetingCurrent: (title: string) => string;
  transferCurrent: (name: string) => string;
  online: string;
  offline: string;
  connecting: string;
  queueLength: (count: number) => string;
  queueEmpty: string;
  /** short: the count waiting to upload is beside it in the status bar */
  offlineBanner: string;
  /** on a small panel, over any screen: the status bar beside it says offline too */
  offlineBannerBrief: string;
  serviceLost: string;
  serviceLostAction: string;

  // waiting screens
  waitingTap: string;
  waitingTapHint: string;
  idleTitle: string;
  idleHint: string;
  /** the kiosk left its meeting by itself: the server said another kiosk (or the branch) closed it; calm, for whoever stands there */
  closedElsewhereTitle: string;
  closedElsewhereHint: string;
  noConfigTitle: string;
  noConfigHint: string;
  notEnrolledTitle: string;
  notEnrolledHint: string;
  setUpButton: string;
  transferMemberStep: (name: string) => string;
  transferMemberStepHint: string;
  transferSecretaryStep: string;
  transferSecretaryStepHint: (name: string) => string;
  transferStepsTitle: string;
  transferCancel: string;
  /** the cancel confirmation: names the member, as closing a meeting names the meeting */
  transferCancelQuestion: (name: string) => string;
  /** what cancelling does and does not do: the kiosk stops waiting for the taps; the letter stays open at the server */
  transferCancelHint: string;
  /** when the member has tapped already: that tap is dropped */
  transferCancelMemberTapped: (name: string) => string;
  /**
   * instead of the tap screen while no reader can read a card: what is wrong, then what staff should do; `refused` is
   * a `failed` that names no reader: the card service (pcscd) runs but does not let the kiosk in
   */
  readerProblem: Record<Exclude<ReaderState, 'connected'> | 'refused', ReasonAndAction>;
  /** under the reader problem, for the member: do not try */
  readerCannotTap: string;

  // one big answer per tap
  checkedIn: string;
  checkedInHint: string;
  already: string;
  alreadyHint: string;
  tapAgain: string;
  /**
   * the reading stopped before the kiosk was done: a card lifted too soon, or a reader or its service gone mid-tap,
   * which the kiosk cannot tell apart, so the words blame nobody
   */
  tapAgainHint: string;
  /** a card the reader could not connect to: nothing was read, so placing it again is all it takes */
  notRead: string;
  notReadHint: string;
  transferMemberOk: string;
  transferMemberOkHint: string;
  transferAccepted: string;
  transferAcceptedHint: (secretary: string) => string;
  failed: string;
  failedHint: string;
  unknownBranch: string;
  /** above a refusal's reason, so nobody wonders whether they were checked in after all */
  notCheckedIn: string;
  transferNotDone: string;
  refusal: Record<RefusalReason, ReasonAndAction>;
  notReady: Record<NotReadyReason, ReasonAndAction>;

  // secretary screens
  /** the title of the secretary's screens, and the name of the corner button that opens them */
  adminTitle: string;
  pinTitle: string;
  pinHint: string;
  pinWrong: string;
  pinClear: string;
  pinDelete: string;
  confirm: string;
  back: string;
  close: string;
  working: string;
  /** on a list that holds more than its panel shows: there is more below (pressing it brings it up) */
  listMore: string;
  menuOpenMeeting: string;
  menuCloseMeeting: string;
  menuTransfer: string;
  menuEnrol: string;
  menuSetPin: string;
  menuSync: string;
  menuLeave: string;
  menuInfo: string;
  syncDone: string;
  scheduledMeetings: string;
  noScheduledMeetings: string;
  adHocMeeting: string;
  meetingKind: string;
  /** the server's list of kinds is empty: every kind was retired */
  noMeetingKinds: string;
  meetingTitle: string;
  /** beside the title of the meeting screen when it is not in Chinese: why the suggested title is Chinese (suggested-title.ts); null in Chinese */
  meetingTitleInChinese: string | null;
  startCheckin: string;
  meetingKinds: Record<KnownMeetingKind, string>;
  closeMeetingQuestion: (title: string) => string;
  closeMeetingHint: string;
  closeMeetingConfirm: string;
  pendingTransfers: string;
  noPendingTransfers: string;
  transferFrom: (org: string) => string;
  transferExpires: (date: ClockReading) => string;
  transferStart: string;
  enrolTitle: string;
  enrolHint: string;
  enrolServerUrl: string;
  enrolToken: string;
  enrolName: string;
  enrolSubmit: string;
  enrolDone: string;
  setPinTitle: string;
  setPinCurrent: string;
  setPinNew: string;
  setPinRepeat: string;
  setPinMismatch: string;
  setPinDone: string;
  setPinFirstHint: string;
  leaveTitle: string;
  leaveHint: string;
  leaveSubmit: string;
  infoKioskName: string;
  infoKioskId: string;
  infoServer: string;
  infoLastSync: string;
  infoNever: string;
  infoQueue: string;
  infoRejected: string;
  infoLastError: string;
  infoClockSkew: (seconds: number) => string;
  infoReader: string;
  infoReaderConnected: (names: readonly string[]) => string;
  infoReaderNone: string;
  infoReaderWaiting: string;
  infoReaderFailed: (reader: string | undefined) => string;
  /** PC/SC's own words about the failure, for whoever services the kiosk */
  infoReaderFailure: string;
  fieldRequired: (field: string) => string;
  dateTime: (date: ClockReading) => string;

  /** what went wrong and what to do, per error code; unknownError for a code this screen does not know */
  errors: Record<KioskErrorCode | BridgeErrorCode, string>;
  unknownError: (code: string) => string;
}
