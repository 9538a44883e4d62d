/**
 * The API's shapes, taken from the server's zod schemas as types only (`import type`): one definition, and
 * nothing of the server is bundled into the console. Replies are the schemas' output; request bodies their
 * input (fields with defaults may be left out).
 */
import type { z } from 'zod';
import type { ApiErrorCode } from '../../../server/errors.ts';
import type { Role } from '../../../server/schemas/common.ts';
import type { HealthSchema } from '../../../server/schemas/health.ts';
import type { AttendanceEntrySchema, CreateMeetingBodySchema, MeetingKindSchema, MeetingSchema, RefusedCheckinSchema } from '../../../server/schemas/meetings.ts';
import type {
  AddMobilePeriodBodySchema,
  ChangeMemberStatusBodySchema,
  CorrectMemberStatusBodySchema,
  CreateMemberBodySchema,
  ImportReportSchema,
  MemberListSchema,
  MemberSchema,
  MembershipPeriodSchema,
  MemberStatusCorrectionSchema,
} from '../../../server/schemas/members.ts';
import type { CardSchema, RevokeCardBodySchema } from '../../../server/schemas/cards.ts';
import type { OrgChildrenSchema, OrgListSchema, OrgSchema } from '../../../server/schemas/orgs.ts';
import type { CreateEnrolmentTokenBodySchema, EnrolmentTokenSchema, KioskListEntrySchema, KioskListQuerySchema, KioskListSchema, KioskSchema } from '../../../server/schemas/kiosks.ts';
import type { AlarmListQuerySchema, AlarmListSchema, AlarmSchema } from '../../../server/schemas/alarms.ts';
import type {
  ChangePasswordBodySchema,
  ChangeRoleBodySchema,
  CreateUserBodySchema,
  LinkMemberBodySchema,
  LoginBodySchema,
  LoginResultSchema,
  RenameUserBodySchema,
  ResetPasswordBodySchema,
  UserSchema,
} from '../../../server/schemas/users.ts';
import type { EndMobileBodySchema, ExtendMobileBodySchema, MobileListQuerySchema, MobileListSchema, MobilePeriodSchema } from '../../../server/schemas/mobile-periods.ts';
import type { BundleQuerySchema } from '../../../server/schemas/bundles.ts';
import type { FlowMatrixSchema, FlowQuerySchema } from '../../../server/schemas/flows.ts';
import type { MemberHistoryQuerySchema, MemberHistorySchema, OrgHistoryQuerySchema, OrgHistorySchema } from '../../../server/schemas/histories.ts';
import type {
  CancelTransferBodySchema,
  IssueTransferBodySchema,
  RefusedAcceptanceSchema,
  ReturnTransferBodySchema,
  TransferListEntrySchema,
  TransferListQuerySchema,
  TransferListSchema,
  TransferRulesSchema,
  TransferSchema,
} from '../../../server/schemas/transfers.ts';
import type {
  FindingActionBodySchema,
  FindingDetailSchema,
  FindingListQuerySchema,
  FindingListSchema,
  FindingSummarySchema,
  SetThresholdsBodySchema,
  ThresholdsViewSchema,
} from '../../../server/schemas/findings.ts';

export type { ApiErrorCode, Role };

export type Health = z.output<typeof HealthSchema>;
export type User = z.output<typeof UserSchema>;
export type Login = z.input<typeof LoginBodySchema>;
export type LoginResult = z.output<typeof LoginResultSchema>;
export type NewUser = z.input<typeof CreateUserBodySchema>;
export type PasswordReset = z.input<typeof ResetPasswordBodySchema>;
export type PasswordChange = z.input<typeof ChangePasswordBodySchema>;
export type RoleChange = z.input<typeof ChangeRoleBodySchema>;
export type UserRename = z.input<typeof RenameUserBodySchema>;
export type MemberLink = z.input<typeof LinkMemberBodySchema>;
export type Org = z.output<typeof OrgSchema>;
/** organisations, and whether more matched than the request let through */
export type OrgList = z.output<typeof OrgListSchema>;
export type OrgChildren = z.output<typeof OrgChildrenSchema>;
export type OrgChild = OrgChildren['orgs'][number];
export type Member = z.output<typeof MemberSchema>;
export type NewMember = z.input<typeof CreateMemberBodySchema>;
export type MemberPage = z.output<typeof MemberListSchema>;
/** what an import did: how many rows went in, how many did not, and why, row by row */
export type ImportReport = z.output<typeof ImportReportSchema>;
export type ImportRowError = ImportReport['errors'][number];
export type MembershipPeriod = z.output<typeof MembershipPeriodSchema>;
export type MemberStatusChange = z.input<typeof ChangeMemberStatusBodySchema>;
export type StatusCorrectionRequest = z.input<typeof CorrectMemberStatusBodySchema>;
export type MemberStatusCorrection = z.output<typeof MemberStatusCorrectionSchema>;
export type Card = z.output<typeof CardSchema>;
export type CardRevocation = z.input<typeof RevokeCardBodySchema>;
export type Meeting = z.output<typeof MeetingSchema>;
export type MeetingKind = z.output<typeof MeetingKindSchema>;
export type NewMeeting = z.input<typeof CreateMeetingBodySchema>;
export type AttendanceEntry = z.output<typeof AttendanceEntrySchema>;
export type RefusedCheckin = z.output<typeof RefusedCheckinSchema>;

export type Transfer = z.output<typeof TransferSchema>;
export type TransferStatus = Transfer['status'];
export type TransferPage = z.output<typeof TransferListSchema>;
export type TransferListEntry = z.output<typeof TransferListEntrySchema>;
export type RefusedAcceptance = z.output<typeof RefusedAcceptanceSchema>;
/** `limit` is coerced from the query string on the server; the console sends a number. */
export type TransferQuery = Omit<z.input<typeof TransferListQuerySchema>, 'limit'> & { limit?: number };
export type TransferRules = z.output<typeof TransferRulesSchema>;
export type NewTransfer = z.input<typeof IssueTransferBodySchema>;
export type TransferReturn = z.input<typeof ReturnTransferBodySchema>;
export type TransferCancellation = z.input<typeof CancelTransferBodySchema>;

export type MobilePeriod = z.output<typeof MobilePeriodSchema>;
export type MobileStatus = MobilePeriod['status'];
export type MobilePage = z.output<typeof MobileListSchema>;
/** `before` and `limit` are text on the wire (the server parses them); the console sends them as such. */
export type MobileQuery = Omit<z.input<typeof MobileListQuerySchema>, 'limit' | 'before'> & { before?: string; limit?: number };
export type NewMobilePeriod = z.input<typeof AddMobilePeriodBodySchema>;
export type MobileExtension = z.input<typeof ExtendMobileBodySchema>;
export type MobileEnding = z.input<typeof EndMobileBodySchema>;

export type MemberHistory = z.output<typeof MemberHistorySchema>;
/** The JSON page; `format` and `part` are for the CSV download, which adds them. */
export type MemberHistoryQuery = Omit<z.input<typeof MemberHistoryQuerySchema>, 'limit' | 'format' | 'part'> & { limit?: number };
export type MemberHistoryPart = NonNullable<z.input<typeof MemberHistoryQuerySchema>['part']>;
export type OrgHistory = z.output<typeof OrgHistorySchema>;
export type OrgHistoryQuery = Omit<z.input<typeof OrgHistoryQuerySchema>, 'format' | 'part'>;
export type OrgHistoryPart = NonNullable<z.input<typeof OrgHistoryQuerySchema>['part']>;
export type FlowMatrix = z.output<typeof FlowMatrixSchema>;
export type FlowCell = FlowMatrix['flows'][number];
export type FlowQuery = Omit<z.input<typeof FlowQuerySchema>, 'level' | 'format'> & { level: number };
/** Both days included (YYYY-MM-DD); either may be left out. */
export type DayWindow = z.input<typeof BundleQuerySchema>;

export type Finding = z.output<typeof FindingListSchema>['findings'][number];
export type FindingDetail = z.output<typeof FindingDetailSchema>;
export type FindingPage = z.output<typeof FindingListSchema>;
export type FindingSummary = z.output<typeof FindingSummarySchema>;
export type Severity = Finding['severity'];
export type FindingRule = Finding['rule'];
export type FindingStatus = Finding['status'];
export type EvidenceKind = Finding['evidence'][number]['kind'];
export type FindingHistoryAction = FindingDetail['history'][number]['action'];
/** query-string values are text on the wire; the console sends numbers and flags as such */
export type FindingQuery = Omit<z.input<typeof FindingListQuerySchema>, 'limit' | 'before' | 'subtree'> & { limit?: number; before?: number; subtree?: 'true' | 'false' };
export type FindingAction = z.input<typeof FindingActionBodySchema>;
export type OrgThresholds = z.output<typeof ThresholdsViewSchema>;
export type ThresholdRow = OrgThresholds['rows'][number];
/** one family's numbers set (or, with settings null, removed) for a subtree, optionally for one kind */
export type ThresholdChange = z.input<typeof SetThresholdsBodySchema>;

/** a kiosk as the list shows it, with what it last told the server about itself */
export type Kiosk = z.output<typeof KioskListEntrySchema>;
export type KioskPage = z.output<typeof KioskListSchema>;
/** `after` is the previous page's `next`, and `limit` text on the wire (the server parses both); the console sends them as such */
export type KioskQuery = Omit<z.input<typeof KioskListQuerySchema>, 'limit'> & { limit?: number };
/** a kiosk as a change answers it (without the health facts) */
export type KioskRecord = z.output<typeof KioskSchema>;
export type NewEnrolmentToken = z.input<typeof CreateEnrolmentTokenBodySchema>;
export type EnrolmentToken = z.output<typeof EnrolmentTokenSchema>;
export type Alarm = z.output<typeof AlarmSchema>;
export type AlarmType = Alarm['type'];
/** `before` and `limit` are text on the wire (the server coerces them); the console sends numbers */
export type AlarmQuery = Omit<z.input<typeof AlarmListQuerySchema>, 'before' | 'limit'> & { before?: number; limit?: number };
export type AlarmPage = z.output<typeof AlarmListSchema>;
