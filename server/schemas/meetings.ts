import { z } from 'zod';
import { CsnSchema, KidSchema, MemberNumberSchema, OrgCodeSchema, PageLimitSchema, TimestampSchema } from './common.ts';
import { oneLineText } from './plain-text.ts';

export const MeetingStatusSchema = z.enum(['scheduled', 'open', 'closed', 'cancelled']);
export type MeetingStatus = z.infer<typeof MeetingStatusSchema>;
export const MeetingOriginSchema = z.enum(['scheduled', 'ad_hoc']);
export type MeetingOrigin = z.infer<typeof MeetingOriginSchema>;
export const MeetingKindCodeSchema = z.string().regex(/^[a-z0-9_]{1,32}$/, 'a meeting kind code is 1-32 lower-case letters, digits or _');

export const MeetingKindSchema = z.object({
  code: MeetingKindCodeSchema,
  nameZh: z.string(),
  nameEn: z.string(),
  cadence: z.string().nullable().describe('ISO 8601 duration between meetings of this kind, null where local rules decide'),
  active: z.boolean().describe('false once retired: no new meetings of this kind; meetings held keep it'),
});
export const MeetingKindListSchema = z.object({ kinds: z.array(MeetingKindSchema) });
export const MeetingKindListQuerySchema = z.strictObject({
  retired: z.enum(['true', 'false']).transform((value) => value === 'true').default(false).describe('true: retired kinds too (to name the kind of past meetings)'),
});

const KindNameSchema = oneLineText(64);
export const CreateMeetingKindBodySchema = z.strictObject({
  code: MeetingKindCodeSchema.describe('lower-case letters, digits and _; it never changes'),
  nameZh: KindNameSchema,
  nameEn: KindNameSchema,
});
export type CreateMeetingKindBody = z.infer<typeof CreateMeetingKindBodySchema>;
export const RenameMeetingKindBodySchema = z
  .strictObject({ nameZh: KindNameSchema.optional(), nameEn: KindNameSchema.optional() })
  .refine((body) => body.nameZh !== undefined || body.nameEn !== undefined, 'give nameZh, nameEn or both');
export type RenameMeetingKindBody = z.infer<typeof RenameMeetingKindBodySchema>;
export const MeetingKindParamsSchema = z.strictObject({ code: MeetingKindCodeSchema });

export const CreateMeetingBodySchema = z.strictObject({
  org: OrgCodeSchema,
  kind: MeetingKindCodeSchema,
  title: oneLineText(200).optional(),
  place: oneLineText(200).optional(),
  startsAt: TimestampSchema.describe('on a day from five years before the organisation’s today to a year after it'),
  endsAt: TimestampSchema.describe('after startsAt, at most 7 days after it'),
});
export type CreateMeetingBody = z.infer<typeof CreateMeetingBodySchema>;

export const MeetingSchema = z.object({
  id: z.uuid(),
  org: OrgCodeSchema,
  kind: MeetingKindCodeSchema,
  title: z.string(),
  place: z.string().nullable(),
  startsAt: TimestampSchema,
  endsAt: TimestampSchema.nullable(),
  origin: MeetingOriginSchema,
  status: MeetingStatusSchema.describe(
    "as stored: a scheduled meeting stays 'scheduled' while held (kiosks report opening only the meetings they open themselves) until a kiosk closes it; checkedIn tells whether it was held",
  ),
  closedAt: TimestampSchema.nullable().describe('when a kiosk closed it, by its clock: check-ins tapped from then on are refused (ERR_MEETING_CLOSED). A scheduled meeting keeps its planned startsAt and endsAt beside it; an ad-hoc meeting ends then'),
  createdAt: TimestampSchema,
  checkedIn: z.number().int().nonnegative().describe('members counted at the meeting'),
  refused: z
    .number()
    .int()
    .nonnegative()
    .describe('members whose check-in the server refused after the kiosk had shown it as done, and who are not counted by another tap: GET /meetings/{id}/refused-checkins lists them'),
}).meta({ id: 'Meeting' });
export type MeetingView = z.infer<typeof MeetingSchema>;

/** A page of the meeting list ends with its last meeting's start and id, which the next page begins after. */
const MEETING_MARKER = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
export const meetingMarker = (meeting: { startsAt: string; id: string }): string => `${meeting.startsAt}_${meeting.id}`;

export const MeetingListQuerySchema = z.strictObject({
  org: OrgCodeSchema.optional(),
  from: TimestampSchema.optional().describe('meetings that start at or after this instant'),
  to: TimestampSchema.optional().describe('and before this one'),
  after: z
    .string()
    .regex(MEETING_MARKER, 'after must be the `next` of the previous page; leave it out for the first page')
    .transform((marker) => {
      const [, startsAt, id] = MEETING_MARKER.exec(marker)!;
      return { startsAt: startsAt!, id: id! };
    })
    .optional()
    .describe('the `next` of the previous page'),
  limit: PageLimitSchema(500),
});
export type MeetingListQuery = z.infer<typeof MeetingListQuerySchema>;
export const MeetingListSchema = z.object({
  meetings: z.array(MeetingSchema).describe('by start, earliest first'),
  next: z.string().nullable().describe('pass as `after` for the next page; null on the last page'),
});
export const MeetingParamsSchema = z.strictObject({ id: z.uuid() });

export const AttendedAsSchema = z.enum(['home', 'mobile', 'visitor']);
export type AttendedAs = z.infer<typeof AttendedAsSchema>;

export const AttendanceEntrySchema = z.object({
  member: MemberNumberSchema,
  name: z.string(),
  homeOrg: OrgCodeSchema.nullable().describe("the member's home organisation at the time of the meeting"),
  hostOrg: OrgCodeSchema,
  crossOrg: z.boolean(),
  attendedAs: AttendedAsSchema,
  guest: z.boolean().describe('not a member of the host: a registered mobile member or a visitor'),
  votingRights: z.boolean().describe('only members of the host vote at its meetings; mobile members and visitors are guests without voting rights'),
  at: TimestampSchema,
  recordedAt: TimestampSchema,
  eventId: z.string(),
  card: CsnSchema.nullable(),
  kiosk: KidSchema.nullable(),
});
export const AttendanceListSchema = z.object({ meeting: z.uuid(), attendance: z.array(AttendanceEntrySchema) });

/**
 * What a refused check-in asks of people, by the refusal's code: register the card, deal with a revoked or expired
 * card, register its issuer, check a card that failed verification, look at a security alarm, or at the kiosk.
 */
export const RefusalReasonSchema = z.enum(['card-unregistered', 'card-revoked', 'card-expired', 'issuer-unknown', 'card-invalid', 'card-alarm', 'kiosk-problem', 'other']);
export type RefusalReason = z.infer<typeof RefusalReasonSchema>;
/** A check-in's refusal may also be the meeting's own: the card was tapped after a kiosk had closed it. */
export const CheckinRefusalReasonSchema = z.enum([...RefusalReasonSchema.options, 'meeting-closed']);
export type CheckinRefusalReason = z.infer<typeof CheckinRefusalReasonSchema>;

export const RefusedCheckinSchema = z.object({
  member: z.string().describe('the member number the check-in names'),
  name: z.string().nullable().describe('the member of that number on the server; null when the server has none'),
  nameOnCard: z.string().nullable().describe("the name on the tapped card's credential, when it can be read"),
  card: CsnSchema.nullable().describe("the tapped card's serial, when its credential can be read"),
  counted: z.boolean().describe('the member is counted at the meeting all the same: another tap of theirs was accepted'),
  at: TimestampSchema.describe('when the card was tapped, by the kiosk clock'),
  receivedAt: TimestampSchema.describe('when the server received and refused it'),
  kiosk: KidSchema,
  kioskName: z.string(),
  code: z.string().describe('why the server refused it (stable)'),
  reason: CheckinRefusalReasonSchema,
  eventId: z.string(),
});
export type RefusedCheckinView = z.infer<typeof RefusedCheckinSchema>;
export const RefusedCheckinListSchema = z.object({
  meeting: z.uuid(),
  refused: z.array(RefusedCheckinSchema).describe('every refused check-in naming the meeting, by tap time'),
});
