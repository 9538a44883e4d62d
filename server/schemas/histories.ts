import { z } from 'zod';
import { IsoDateSchema, KidSchema, MemberNumberSchema, OrgCodeSchema, PageLimitSchema, TimestampSchema, WindowQuery } from './common.ts';
import { FormatQuerySchema } from './exports.ts';
import { AttendedAsSchema, MeetingKindCodeSchema } from './meetings.ts';
import { MobilePeriodSchema } from './mobile-periods.ts';
import { TransferSchema } from './transfers.ts';

export const MemberHistoryQuerySchema = z.strictObject({
  ...WindowQuery,
  kind: MeetingKindCodeSchema.optional().describe('only meetings of this kind (GET /meeting-kinds)'),
  cursor: z.string().max(200).optional().describe('the `next` of the previous page of attendance'),
  limit: PageLimitSchema(500).describe('attendance entries per page'),
  format: FormatQuerySchema,
  part: z.enum(['attendance', 'periods', 'mobile', 'transfers']).default('attendance').describe('CSV only: which part to export (attendance: every page in the window)'),
});
export type MemberHistoryQuery = z.infer<typeof MemberHistoryQuerySchema>;

/** Where the proof of an attendance is: the accepted signed event and its leaf in the transparency log. */
export const EvidenceRefSchema = z.object({
  eventId: z.string().describe('UUIDv7 of the accepted check-in event'),
  kiosk: KidSchema.nullable().describe('the kiosk that signed it'),
  logIndex: z.number().int().nonnegative().nullable().describe('its leaf in the transparency log (GET /log/proof/inclusion)'),
});

export const HistoryAttendanceSchema = z.object({
  meeting: z.uuid(),
  at: TimestampSchema.describe('the tap'),
  kind: MeetingKindCodeSchema,
  title: z.string(),
  startsAt: TimestampSchema,
  hostOrg: OrgCodeSchema,
  hostOrgName: z.string(),
  homeOrg: OrgCodeSchema.nullable().describe('the member’s home organisation at the time'),
  attendedAs: AttendedAsSchema,
  guest: z.boolean().describe('attended as a mobile member or a visitor'),
  votingRights: z.boolean(),
  evidence: EvidenceRefSchema,
});
export type HistoryAttendanceView = z.infer<typeof HistoryAttendanceSchema>;

export const HistoryPeriodSchema = z.object({
  org: OrgCodeSchema,
  orgName: z.string(),
  kind: z.literal('home'),
  from: IsoDateSchema,
  to: IsoDateSchema.nullable().describe('exclusive; null while open'),
});

export const MemberHistorySchema = z.object({
  member: MemberNumberSchema,
  name: z.string(),
  from: IsoDateSchema.nullable(),
  to: IsoDateSchema.nullable(),
  periods: z.array(HistoryPeriodSchema).describe('home periods overlapping the window, oldest first'),
  mobile: z.array(MobilePeriodSchema).describe('mobile registrations overlapping the window, oldest first'),
  transfers: z.array(TransferSchema).describe('letters issued in the window, oldest first'),
  attendance: z.array(HistoryAttendanceSchema).describe('meetings attended, newest first, one page'),
  total: z.number().int().nonnegative().describe('attendance entries in the window (all pages)'),
  next: z.string().nullable().describe('pass as `cursor` for the next page of attendance; null on the last page'),
}).meta({ id: 'MemberHistory' });
export type MemberHistoryView = z.infer<typeof MemberHistorySchema>;

export const OrgHistoryQuerySchema = z.strictObject({
  ...WindowQuery,
  format: FormatQuerySchema,
  part: z.enum(['meetings', 'months', 'elsewhere', 'guests']).default('meetings').describe('CSV only: which table to export'),
});
export type OrgHistoryQuery = z.infer<typeof OrgHistoryQuerySchema>;

export const OrgMonthCountSchema = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), kind: MeetingKindCodeSchema, meetings: z.number().int().nonnegative() });

export const OrgMeetingRateSchema = z.object({
  meeting: z.uuid(),
  title: z.string(),
  kind: MeetingKindCodeSchema,
  startsAt: TimestampSchema,
  attended: z.number().int().nonnegative().describe('members of the organisation who attended'),
  expected: z.number().int().nonnegative().describe('members with a home period there on the meeting’s day (the organisation’s day of its start)'),
  rate: z.number().min(0).nullable().describe('attended / expected (4 decimals); null when nobody was expected'),
  guests: z.number().int().nonnegative().describe('mobile members and visitors who attended (no voting rights)'),
});

export const OrgElsewhereSchema = z.object({
  member: MemberNumberSchema,
  name: z.string(),
  hostOrg: OrgCodeSchema,
  hostOrgName: z.string(),
  count: z.number().int().positive().describe('meetings attended there in the window, while a member here'),
});

export const OrgGuestSchema = z.object({
  member: MemberNumberSchema,
  name: z.string(),
  homeOrg: OrgCodeSchema.nullable(),
  homeOrgName: z.string().nullable(),
  count: z.number().int().positive().describe('meetings attended here in the window as a guest'),
  asMobile: z.number().int().nonnegative().describe('of which as a registered mobile member'),
});

export const OrgHistorySchema = z.object({
  org: OrgCodeSchema,
  name: z.string(),
  from: IsoDateSchema.nullable(),
  to: IsoDateSchema.nullable(),
  byKindAndMonth: z.array(OrgMonthCountSchema).describe('meetings held (begun, not cancelled), by month and kind'),
  meetings: z.array(OrgMeetingRateSchema).describe('each meeting held, oldest first, with its attendance rate'),
  elsewhere: z.array(OrgElsewhereSchema).describe('members who attended meetings of other organisations'),
  guests: z.array(OrgGuestSchema).describe('members of other organisations who attended here'),
}).meta({ id: 'OrgHistory' });
export type OrgHistoryView = z.infer<typeof OrgHistorySchema>;
