import type { AlarmType, ApiErrorCode, EvidenceKind, FindingHistoryAction, FindingRule, FindingStatus, MemberHistoryPart, MobileStatus, OrgHistoryPart, Role, Severity, TransferStatus } from '../api/types.ts';
import type { ThresholdFamily, Thresholds } from '../../../server/schemas/thresholds.ts';
import type { AttendedAs, CheckinRefusalReason, RefusalReason } from '../../../server/schemas/meetings.ts';
import type { AcceptanceRefusalReason, FailedTap } from '../../../server/schemas/transfers.ts';
import type { MEMBER_CSV_COLUMNS, MemberStatus, PeriodKind } from '../../../server/schemas/members.ts';
import type { CardStatus } from '../../../server/schemas/cards.ts';
import type { OrgKind } from '../../../server/schemas/orgs.ts';
import type { FlowMeasure } from '../flows/sankey-chart.tsx';
import type { ShownMeetingStatus } from '../meetings/meeting-status.ts';
import type { ThresholdUnit } from '../reminders/threshold-limits.ts';
import type { KioskAlarmKind } from '../../../shared/events/event-schema.ts';

export type Language = 'zh-CN' | 'en';

/** A refusal about one card, worded for that card when the server says whose it was. */
export type CardRefusalReason = Extract<RefusalReason, 'card-unregistered' | 'card-revoked' | 'card-expired' | 'issuer-unknown' | 'card-invalid' | 'card-alarm'>;
/** One of the two taps of a kiosk acceptance. */
export type AcceptanceTap = Exclude<FailedTap, 'both'>;

/** Why a card is taken out of use: the two reasons an organiser gives (replacement has its own way). */
export type RevokeReason = Extract<CardStatus, 'lost' | 'revoked'>;

/** Every number of every threshold family except the meeting cadences (named per meeting kind). */
export type ThresholdNumber = Exclude<{ [F in ThresholdFamily]: keyof Thresholds[F] }[ThresholdFamily], 'every'>;

/** A column of the member import's CSV file, or '*' for the row as a whole (a field too many or too few). */
export type ImportField = (typeof MEMBER_CSV_COLUMNS)[number] | '*';
/** The codes the member import reports against a row, besides ERR_VALIDATION (which is worded per column). */
export type ImportRowCode = 'ERR_ID_NUMBER_INVALID' | 'ERR_ORG_NOT_FOUND' | 'ERR_OUT_OF_SCOPE' | 'ERR_FORBIDDEN' | 'ERR_MEMBER_NUMBER_TAKEN' | 'ERR_ID_NUMBER_TAKEN';
/** A row repeating a value of an earlier row of the same file: said with that row's number. */
export type ImportRepeatCode = 'ERR_MEMBER_NUMBER_REPEATED' | 'ERR_ID_NUMBER_REPEATED';
/** Why the console would not send a chosen file to be imported. */
export type CsvFileProblem = 'not-csv' | 'empty' | 'too-big' | 'not-utf8';
/** Why the server refused a resident ID number (the `reason` of ERR_ID_NUMBER_INVALID). */
export type IdNumberProblem = 'format' | 'birth-date' | 'check-digit';

/** Failures the console reports itself: the server was not reached, or answered something unreadable. */
export type ConsoleErrorCode = 'ERR_NETWORK' | 'ERR_ANSWER_UNREADABLE' | 'ERR_CONSOLE';

/**
 * Every sentence the console says. Both catalogues are typed with this interface, so a key missing from
 * either language fails to compile, and so does a role, status, organisation kind or server error code
 * added to the server's schemas without words for it here.
 */
export interface Messages {
  /** the button that switches to the other language, written in that language */
  switchLanguage: string;
  appTitle: string;

  // frame
  mainNavigation: string;
  navOrgs: string;
  navTransfers: string;
  navMobile: string;
  navMeetings: string;
  navFlows: string;
  navExports: string;
  navReminders: string;
  navKiosks: string;
  navAlarms: string;
  navUsers: string;
  navAccount: string;
  /** the button that opens the pages the top bar has no room for */
  navMore: string;
  signOut: string;
  /** shown only on a computer set to another time zone than the organisation's */
  timesInZone: (timeZone: string) => string;
  /**
   * The page area when the server does not say the organisation's time zone (which every time shown is in):
   * what is wrong and what to do, by what the console saw.
   */
  zoneUnknownTitle: string;
  zoneUnknown: { database: string; network: string; other: string };
  tryAgain: string;
  findMemberPlaceholder: string;
  find: string;
  breadcrumb: string;
  notFoundTitle: string;
  notFoundHint: string;
  backToOrgs: string;
  memberTitle: (number: string) => string;
  orgTitle: (name: string) => string;

  // sign in
  signInHint: string;
  username: string;
  password: string;
  signIn: string;
  sessionExpired: string;
  sessionExpiredHint: string;
  sessionInvalid: string;
  signInAgain: string;
  signedOut: string;

  // shared words
  loading: string;
  working: string;
  choose: string;
  cancel: string;
  show: string;
  status: string;
  reason: string;
  member: string;
  members: string;
  memberNumber: string;
  name: string;
  organisation: string;
  homeOrg: string;
  hostOrg: string;
  date: string;
  dateFrom: string;
  dateTo: string;
  month: string;
  period: string;
  ongoing: string;
  times: string;
  evidence: string;
  logEntry: (index: number) => string;
  evidenceTitle: (eventId: string, kiosk: string | null) => string;
  noVote: string;
  outsideScope: string;
  insideOne: string;
  issuedOn: string;
  validUntil: string;
  allWithinReach: string;
  downloadCsv: string;
  downloadStarted: string;
  totalRow: string;
  serverSaid: string;
  /** under a refusal that passes with time (too many sign-in attempts, the server busy): when to try again */
  tryAgainIn: (seconds: number) => string;
  pagination: string;
  previousPage: string;
  nextPage: string;
  pageNumber: (page: number) => string;
  totalRows: (count: number) => string;
  applyFilter: string;
  clearFilter: string;
  allKinds: string;

  roles: Record<Role, string>;
  orgKinds: Record<OrgKind, string>;
  memberStatuses: Record<MemberStatus, string>;
  cardStatuses: Record<CardStatus, string>;
  periodKinds: Record<PeriodKind, string>;
  attendedAsKinds: Record<AttendedAs, string>;
  meetingStatuses: Record<ShownMeetingStatus, string>;
  transferStatuses: Record<TransferStatus, string>;
  mobileStatuses: Record<MobileStatus, string>;

  // organisation tree and page
  orgTreeTitle: string;
  orgTreeHint: (count: number) => string;
  orgFilterPlaceholder: string;
  expandAll: string;
  collapseAll: string;
  expand: (name: string) => string;
  collapse: (name: string) => string;
  childCount: (count: number) => string;
  noOrgs: string;
  noOrgMatches: (text: string) => string;
  /** the reach is large: the tree opens one level at a time */
  orgTreeHintPartial: string;
  orgPickerPlaceholder: string;
  orgPickerSearching: string;
  orgPickerNoMatch: (text: string) => string;
  /** more matched than are listed */
  orgPickerMore: string;
  orgPickerChooseFromList: string;
  orgPickerSuggestions: string;
  /** an organisation has more sub-organisations than are listed */
  orgChildrenCut: (count: number) => string;
  orgChildrenLoading: string;
  /** the organisation's page could not read its sub-organisations */
  orgChildrenUnread: string;
  /** the organisation's page lists the first of very many sub-organisations */
  orgPageChildrenCut: (count: number) => string;
  /** a list of organisations to choose from, while the console is still reading them */
  orgListReading: string;
  orgOverview: string;
  subOrgs: string;
  noMembers: string;
  attendedCount: string;
  guestCount: string;
  asMobileCount: string;
  rate: string;
  noMeetingsInWindow: string;
  noGuests: string;
  noElsewhere: string;
  noMembersYet: string;

  // adding members, one by one and from a CSV file
  addMember: string;
  addMemberHint: (org: string) => string;
  memberNumberHint: string;
  memberNumberInvalid: string;
  idNumber: string;
  idNumberHint: string;
  idNumberProblems: Record<IdNumberProblem, string>;
  memberNumberTaken: (number: string) => string;
  idNumberTaken: string;
  memberSince: string;
  memberSinceHint: string;
  addedMember: (name: string, number: string) => string;
  openMemberPage: (name: string) => string;
  importMembers: string;
  importTitle: (org: string) => string;
  importLead: string;
  importColumns: string;
  importColumn: string;
  importColumnMeaning: string;
  importColumnMeanings: Record<(typeof MEMBER_CSV_COLUMNS)[number], string>;
  importExample: (org: string) => string;
  downloadTemplate: string;
  chooseCsvFile: string;
  chooseCsvFileHint: string;
  startImport: string;
  importingFile: (file: string) => string;
  csvFileProblems: Record<CsvFileProblem, string>;
  importedCount: (count: number) => string;
  rejectedCount: (count: number) => string;
  importAllGood: string;
  importProblemsTitle: string;
  importProblemsHint: string;
  /** when the report lists only part of the problems: how many it lists, and how many there are */
  importProblemsCapped: (listed: number, total: number) => string;
  importRow: string;
  importField: string;
  importProblem: string;
  importFields: Record<ImportField, string>;
  importValidation: Record<ImportField, string>;
  importRowProblems: Record<ImportRowCode, string>;
  importRepeats: Record<ImportRepeatCode, (earlierRow: number) => string>;

  // member page
  membershipPeriods: string;
  periodKind: string;
  noPeriods: string;
  cards: string;
  cardSerial: string;
  noCards: string;
  participationHistory: string;
  noAttendanceHistory: string;
  transfersOfMember: string;
  noTransfersOfMember: string;
  mobilePeriodsOfMember: string;
  noMobileOfMember: string;
  issuedNotice: (name: string) => string;
  correctStatus: string;
  correctStatusTitle: (name: string) => string;
  correctStatusLead: (name: string, status: string, since: string) => string;
  correctStatusRestores: string;
  correctStatusRestoreItems: readonly string[];
  correctStatusKeeps: string;
  correctStatusKeepItems: readonly string[];
  correctStatusReason: string;
  correctStatusReasonHint: string;
  confirmCorrectStatus: string;
  correctedNotice: (name: string, status: string) => string;
  correctedHome: (org: string, from: string) => string;
  correctedNewCard: (cards: string) => string;
  correctedStillEnded: (registrations: number, letters: number) => string;
  closeCorrection: string;
  changeStatus: string;
  changeStatusTitle: (name: string) => string;
  changeStatusLead: (name: string, status: string) => string;
  newStatus: string;
  /** the choices as the organiser says them: suspend, reinstate, left, died */
  statusChoices: Record<MemberStatus, string>;
  statusDay: string;
  statusDayHint: string;
  statusChangeReasonHint: string;
  /** what a suspension or a reinstatement does, shown before it is confirmed */
  statusChangeMeaning: Record<'suspended' | 'active', string>;
  /** leaving and death: final, and what they end */
  statusFinalLead: (day: string) => string;
  statusFinalItems: (org: string, lastDay: string) => readonly string[];
  confirmStatusChange: Record<MemberStatus, string>;
  statusChangedNotice: (name: string, status: string, day: string) => string;
  statusChangedCardsRevoked: (cards: string) => string;
  /** the server refused the day: what it must be instead */
  statusDayAfterToday: (today: string) => string;
  statusDayBeforeStatus: (status: string, since: string) => string;
  statusDayBeforeHome: (homeFrom: string, firstAllowed: string) => string;
  revokeCard: string;
  revokeCardTitle: (csn: string) => string;
  revokeCardLead: (name: string, csn: string) => string;
  revokeReason: string;
  revokeReasons: Record<RevokeReason, string>;
  revokeReasonHints: Record<RevokeReason, string>;
  revokeCardMeans: string;
  revokeCardMeaningItems: readonly string[];
  confirmRevokeCard: Record<RevokeReason, string>;
  cardRevokedNotice: Record<RevokeReason, (csn: string) => string>;
  cardAction: string;

  // transfers
  transfersTitle: string;
  transfersHint: string;
  inbox: string;
  outbox: string;
  issueLetter: string;
  /** by role: an admin belongs to no organisation, an organiser or auditor sees many */
  inboxEmpty: Record<Role, string>;
  inboxEmptyAll: Record<Role, string>;
  outboxEmpty: Record<Role, string>;
  showDecidedLetters: string;
  sendingOrg: string;
  receivingOrg: string;
  letter: string;
  printLetter: string;
  accept: string;
  acceptTitle: string;
  acceptQuestion: (member: string, from: string, to: string) => string;
  acceptHint: string;
  acceptedNotice: (member: string, org: string) => string;
  returnLetter: string;
  returnTitle: string;
  returnQuestion: (member: string, from: string) => string;
  returnReason: string;
  returnedBecause: (reason: string) => string;
  cancelLetter: string;
  cancelLetterTitle: string;
  cancelLetterQuestion: (member: string, to: string) => string;
  keepLetter: string;
  cancelledNotice: (member: string) => string;
  /** in the letter lists: kiosk acceptances the server refused while the letter is not accepted */
  acceptanceRefusedTag: (times: number) => string;
  acceptanceRefusedTitle: (times: number) => string;
  acceptanceRefusedHint: string;
  /** for a letter still open: how it can be accepted after all */
  acceptanceStillOpen: string;
  cardsTapped: string;
  memberCardLine: (name: string, number: string) => string;
  secretaryCardLine: (name: string) => string;
  /** the card alarm and the kiosk problem read as for a refused check-in (refusedReasons) */
  acceptanceReasons: Record<Exclude<AcceptanceRefusalReason, 'card-alarm' | 'kiosk-problem'>, { why: string; action: string }>;
  /** a card's refusal worded for the card the server refused: the member's or the secretary's */
  acceptanceCardReasons: Record<AcceptanceTap, Record<CardRefusalReason, { why: string; action: string }>>;
  /** both cards refused: after the member card's reason and action (its code, judged first), the secretary's card too */
  secretaryCardRefusedToo: { why: (memberWhy: string) => string; action: (memberAction: string) => string };
  /** the refused card as its credential reads: its serial, and the name on it when readable */
  refusedCardLine: Record<AcceptanceTap, (serial: string, name: string | null) => string>;
  receivingOrgCode: string;
  receivingOrgHint: string;
  transferReasonPlaceholder: string;
  validDays: string;
  validDaysHint: (usual: number, most: number) => string;
  issue: string;

  // mobile members
  mobileTitle: string;
  mobileHint: string;
  registerMobile: string;
  showEndedRegistrations: string;
  noMobile: string;
  inflowOrg: string;
  inflowOrgCode: string;
  inflowOrgHint: string;
  mobileReasonPlaceholder: string;
  register: string;
  registeredNotice: (member: string, org: string) => string;
  extend: string;
  extendTitle: string;
  newLastDay: string;
  firstDay: string;
  lastDay: string;
  lastDayHint: string;
  openEnded: string;
  endedEarlyTag: string;
  endOnHint: string;
  noMobileAll: string;
  extendedNotice: (member: string, day: string) => string;
  endEarly: string;
  endEarlyTitle: string;
  endOn: string;
  endedNotice: (member: string, day: string) => string;
  mobileCurrentPeriod: (member: string, org: string) => string;

  // meetings
  meetingsTitle: string;
  scheduleMeeting: string;
  schedule: string;
  noMeetings: string;
  startsAt: string;
  endsAt: string;
  meetingKind: string;
  meetingTitle: string;
  meetingTitleOptional: string;
  place: string;
  adHoc: string;
  showAttendance: string;
  hideAttendance: string;
  noAttendance: string;
  attendedAs: string;
  checkedInAt: string;
  attendanceSummary: (total: number, guests: number) => string;
  /** in the meeting list: members whose check-in the server refused and who are not counted */
  refusedTag: (members: number) => string;
  refusedTitle: (members: number) => string;
  refusedHint: string;
  tappedAt: string;
  refusedWhy: string;
  refusedWhatToDo: string;
  refusedTaps: (taps: number) => string;
  notOnServer: string;
  nameOnCard: (name: string) => string;
  refusedReasons: Record<CheckinRefusalReason, { why: string; action: string }>;

  // flows
  flowsTitle: string;
  flowsHint: string;
  flowsRoot: string;
  flowsLevel: string;
  levelName: (level: number) => string;
  flowsChoose: string;
  noFlows: string;
  noFlowsOfMeasure: string;
  flowsHeading: (root: string, level: string, from: string, to: string) => string;
  flowsMeasure: string;
  flowMeasures: Record<FlowMeasure, string>;
  flowFrom: string;
  flowTo: string;
  flowUnit: (count: number) => string;
  sankeyLabel: string;
  sankeyLeft: string;
  sankeyRight: string;

  // exports
  exportsTitle: string;
  exportsHint: string;
  exportsWindowHint: string;
  memberHistoryExport: string;
  orgHistoryExport: string;
  csvPart: string;
  memberParts: Record<MemberHistoryPart, string>;
  orgParts: Record<OrgHistoryPart, string>;
  downloadBundle: string;
  bundleHint: string;
  orgBundleHint: string;
  flowsExport: string;
  flowsExportHint: string;

  // reminders (diagnostic findings)
  remindersTitle: string;
  remindersOf: (org: string) => string;
  remindersHint: string;
  remindersOfOrg: string;
  severities: Record<Severity, string>;
  severityCount: (severity: string, count: number) => string;
  liveTotal: (count: number) => string;
  acknowledgedTotal: (count: number) => string;
  findingStatuses: Record<FindingStatus, string>;
  liveStatus: string;
  findingRules: Record<FindingRule, string>;
  evidenceKinds: Record<EvidenceKind, string>;
  historyActions: Record<FindingHistoryAction, string>;
  noFindings: string;
  noFindingsFiltered: string;
  ruleFilter: string;
  allRules: string;
  severityFilter: string;
  anySeverity: string;
  atLeast: (severity: string) => string;
  includeSubtree: string;
  why: string;
  whatToDo: string;
  peopleConcerned: string;
  openedOn: (date: string) => string;
  updatedOn: (date: string) => string;
  resolvedOn: (date: string, by: string | null) => string;
  responsibleOrg: string;
  acknowledge: string;
  resolve: string;
  acknowledgeTitle: string;
  resolveTitle: string;
  acknowledgeHint: string;
  resolveHint: string;
  noteOptional: string;
  acknowledgedNotice: (title: string) => string;
  resolvedNotice: (title: string) => string;
  history: string;
  showHistory: string;
  hideHistory: string;
  byTheRules: string;
  thresholdsTitle: string;
  thresholdsHint: (org: string) => string;
  /** for those who may read the numbers but not change them */
  thresholdsAskAbove: string;
  thresholdFamilies: Record<ThresholdFamily, string>;
  thresholdNumbers: Record<ThresholdNumber, (value: number) => string>;
  cadence: (every: string | null) => string;
  cadenceOf: (kind: string, cadence: string) => string;
  /** where a number in force comes from; `kind` names the one kind of organisation a row is for */
  sourceDefault: string;
  sourceWholeTree: (kind: string | null) => string;
  sourceInherited: (org: string, kind: string | null) => string;
  sourceHere: (kind: string | null) => string;
  ownThresholds: string;
  scopeAll: (org: string) => string;
  scopeKind: (org: string, kind: string) => string;
  changeThresholds: string;
  changeThresholdsOf: (family: string) => string;
  appliesTo: string;
  appliesToScope: (scope: string) => string;
  thresholdsFormHint: string;
  thresholdLabels: Record<ThresholdNumber, string>;
  thresholdUnits: Record<ThresholdUnit, string>;
  thresholdAmount: (value: number, unit: ThresholdUnit) => string;
  keepsAbove: (value: string, source: string) => string;
  keepsAboveElsewhere: string;
  cadenceKeep: string;
  thresholdInvalid: (text: string, min: number, max: number | undefined, unit: string) => string;
  /** the months as shown ('—' for one that is not known here) */
  monthsOutOfOrder: (warn: string, serious: string, decide: string) => string;
  nothingEntered: string;
  save: string;
  thresholdsSaved: (family: string) => string;
  thresholdsRemoved: (family: string) => string;
  findingsRecheck: string;
  refreshFindings: string;
  removeThresholds: string;
  removeThresholdsTitle: string;
  removeThresholdsQuestion: (family: string, scope: string) => string;
  removeThresholdsHint: string;

  // kiosks
  kiosksTitle: string;
  kiosksHint: string;
  kioskName: string;
  kioskStatuses: { active: string; disabled: string };
  enrolledAt: string;
  lastSeen: string;
  neverSeen: string;
  clockOffset: string;
  /** seconds the kiosk's clock is ahead of the server's (negative: behind) */
  clockOffsetText: (seconds: number) => string;
  backlog: string;
  backlogText: (count: number) => string;
  reportedAt: (time: string) => string;
  notReported: string;
  disabledOn: (time: string) => string;
  noKiosks: string;
  kioskNotListed: string;
  pointedOut: string;
  /** the kiosks page's search, by part of a kiosk's name or number (its key id) */
  kioskSearch: string;
  kioskSearchPlaceholder: string;
  noKiosksFound: string;
  /** from the one kiosk a reminder pointed to, back to the whole list */
  allKioskList: string;
  createEnrolmentCode: string;
  enrolmentCodeTitle: string;
  enrolmentCodeHint: string;
  enrolmentOrg: string;
  enrolmentValidity: string;
  validFor: (minutes: number) => string;
  createCode: string;
  enrolmentCode: string;
  serverAddress: string;
  enrolmentSteps: (server: string) => string[];
  enrolmentCodeOnce: (org: string, expires: string) => string;
  copyCode: string;
  codeCopied: string;
  enrolmentDone: string;
  disableKiosk: string;
  disableKioskTitle: string;
  disableKioskQuestion: (name: string, org: string) => string;
  disableKioskMeaning: string;
  disableKioskBacklog: (count: number) => string;
  disabledNotice: (name: string) => string;
  /** the link from a kiosk's row to its alarms */
  kioskAlarms: string;

  // users (the console's accounts) and one's own account
  usersTitle: string;
  usersHint: string;
  /** a person as the lists and dialogs name them: their name with the username, or the username alone */
  userLabel: (displayName: string | null, username: string) => string;
  role: string;
  linkedMember: string;
  wholeTree: string;
  thisIsYou: string;
  userStatuses: { enabled: string; disabled: string };
  noUsers: string;
  createUser: string;
  createUserHint: string;
  usernameHint: string;
  displayNameHint: string;
  roleHints: Record<Role, string>;
  adminHasNoOrg: string;
  linkedMemberOptional: string;
  linkedMemberHint: string;
  initialPassword: string;
  newPassword: string;
  currentPassword: string;
  repeatPassword: string;
  showPasswords: string;
  passwordRule: (min: number) => string;
  passwordTooShort: (min: number) => string;
  passwordMismatch: string;
  create: string;
  createdUserNotice: (who: string) => string;
  disableUser: string;
  enableUser: string;
  disableUserTitle: string;
  enableUserTitle: string;
  disableUserQuestion: (who: string) => string;
  enableUserQuestion: (who: string) => string;
  disableUserMeaning: string;
  enableUserMeaning: string;
  disabledUserNotice: (who: string) => string;
  enabledUserNotice: (who: string) => string;
  resetPassword: string;
  resetPasswordFor: (who: string) => string;
  resetPasswordMeaning: string;
  passwordResetNotice: (who: string) => string;
  changeRole: string;
  changeRoleTitle: string;
  /** what the user is now: a role, and for every role but admin the organisation */
  currentRole: (who: string, role: string, org: string | null) => string;
  changeRoleMeaning: string;
  changeRoleOwn: string;
  newRole: string;
  roleChangedNotice: (who: string, role: string) => string;
  renameUser: string;
  renameUserTitle: (who: string) => string;
  /** what a display name may be, under the field: its length, and empty for none */
  displayNameRule: string;
  /** the name given, or null when it was taken away */
  renamedUserNotice: (username: string, displayName: string | null) => string;
  linkMember: string;
  linkMemberTitle: (who: string) => string;
  /** the member the account is linked to now, or null for none */
  currentMemberLink: (memberNumber: string | null) => string;
  findMember: string;
  findMemberFirst: string;
  /** the member the typed number belongs to, with their home organisation */
  memberFound: (name: string, org: string | null) => string;
  alreadyLinkedToThis: string;
  linkThisMember: string;
  unlinkMember: string;
  unlinkMemberMeaning: string;
  linkedMemberNotice: (who: string, memberNumber: string) => string;
  unlinkedMemberNotice: (who: string) => string;
  accountTitle: string;
  accountHint: string;
  changeOwnName: string;
  changeOwnNameHint: string;
  ownNameChanged: string;
  changeOwnPassword: string;
  changeOwnPasswordHint: string;
  ownPasswordChanged: string;

  // alarms
  alarmsTitle: string;
  alarmsHint: string;
  alarmTypeFilter: string;
  /** the alarms' kiosk filter, which finds a kiosk by part of its name or number: empty is every kiosk */
  kioskPickerPlaceholder: string;
  kioskPickerNoMatch: (text: string) => string;
  /** no match among the kiosks of the organisation chosen beside the filter */
  kioskPickerNoMatchInOrg: (text: string, org: string) => string;
  kioskPickerMore: string;
  showAllKiosks: string;
  /** a kiosk in the alarms' kiosk filter: its name and its organisation's */
  kioskChoice: (name: string, org: string) => string;
  alarmTypes: Record<AlarmType, { name: string; meaning: string; action: string }>;
  kioskAlarmKinds: Record<KioskAlarmKind, string>;
  alarmNumber: (id: number) => string;
  alarmRaisedAt: (time: string) => string;
  whatItMeans: string;
  kiosk: string;
  alarmEvents: string;
  alarmSeq: (seq: number) => string;
  alarmCounter: (counter: number) => string;
  alarmTolerance: (minutes: number) => string;
  kioskReported: string;
  noAlarms: string;
  noAlarmsFiltered: string;
  alarmFromReminder: (id: number) => string;
  alarmNotFound: (id: number) => string;
  allAlarms: string;

  /** what went wrong and what to do, per error code; unknownError for a code this console does not know */
  errors: Record<ApiErrorCode | ConsoleErrorCode, string>;
  unknownError: (code: string) => string;
}
