import { z } from 'zod';
import { CLOCK_OFFSET_HEADER, OUTBOX_PENDING_HEADER } from '../../shared/events/kiosk-token.ts';
import { IssuerJwksSchema } from '../../shared/verify/jwk.ts';
import { KidSchema, MemberNumberSchema, OrgCodeSchema, PageLimitSchema, TimestampSchema } from './common.ts';
import { MeetingKindCodeSchema, MeetingStatusSchema } from './meetings.ts';
import { oneLineText } from './plain-text.ts';
import { KioskTransferSchema } from './transfers.ts';

export const Ed25519PublicJwkSchema = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'x is 32 bytes, base64url'),
  kid: z.string().optional(),
  alg: z.enum(['EdDSA', 'Ed25519']).optional(),
  use: z.literal('sig').optional(),
});
export type Ed25519PublicJwk = z.infer<typeof Ed25519PublicJwkSchema>;

export const CreateEnrolmentTokenBodySchema = z.strictObject({
  org: OrgCodeSchema,
  ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).default(24 * 60),
});
export type CreateEnrolmentTokenBody = z.infer<typeof CreateEnrolmentTokenBodySchema>;

export const EnrolmentTokenSchema = z.object({
  token: z.string().describe('one-time secret; shown once, only its hash is stored'),
  org: OrgCodeSchema,
  expiresAt: TimestampSchema,
});

export const EnrollBodySchema = z.strictObject({
  token: z.string().min(1).max(200),
  name: oneLineText(100),
  jwk: Ed25519PublicJwkSchema,
});
export type EnrollBody = z.infer<typeof EnrollBodySchema>;

export const ServerPublicKeySchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: KidSchema,
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
});

export const EnrollResultSchema = z.object({
  kioskId: KidSchema,
  org: OrgCodeSchema,
  serverTime: TimestampSchema,
  serverKey: ServerPublicKeySchema.describe('the key the server signs revocation lists with; keep it to verify them offline'),
});

export const KioskSchema = z.object({
  kid: KidSchema,
  name: z.string(),
  org: OrgCodeSchema,
  enrolledAt: TimestampSchema,
  disabledAt: TimestampSchema.nullable(),
}).meta({ id: 'Kiosk' });
export type KioskView = z.infer<typeof KioskSchema>;

/** A kiosk as the list shows it: the record and what the kiosk last told the server about itself (kiosk_health). */
export const KioskListEntrySchema = KioskSchema.extend({
  lastSeenAt: TimestampSchema.nullable().describe("server time of the kiosk's last authenticated request; null: never heard from since enrolment"),
  clockOffsetSeconds: z
    .number()
    .int()
    .nullable()
    .describe("seconds the kiosk's clock was ahead of the server's at that request (negative: behind); null: never heard from"),
  outboxPending: z.number().int().min(0).nullable().describe('signed events waiting in the kiosk outbox, as it last reported them; null: never reported'),
  outboxReportedAt: TimestampSchema.nullable().describe('when the kiosk reported that backlog'),
}).meta({ id: 'KioskListEntry' });
export type KioskListEntryView = z.infer<typeof KioskListEntrySchema>;

/**
 * A page of the kiosk list ends with its last kiosk's name and kid, which the next page begins after. The name
 * goes base64url-encoded, as it may hold any character; a marker that does not decode to itself was not made here.
 */
const KIOSK_MARKER = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/;
const KIOSK_MARKER_HINT = 'after must be the `next` of the previous page; leave it out for the first page';
export const kioskMarker = (kiosk: { name: string; kid: string }): string => `${Buffer.from(kiosk.name).toString('base64url')}.${kiosk.kid}`;
const decodedName = (encoded: string): string => Buffer.from(encoded, 'base64url').toString('utf8');

export const KioskListQuerySchema = z.strictObject({
  org: OrgCodeSchema.optional(),
  search: z
    .string()
    .trim()
    .min(1, 'search needs at least one character; leave it out to list every kiosk')
    .max(100, 'search is at most 100 characters: part of a kiosk name or key id')
    .optional()
    .describe('part of the kiosk name or of its key id (kid); Latin letters match in either case'),
  after: z
    .string()
    .regex(KIOSK_MARKER, KIOSK_MARKER_HINT)
    .refine((marker) => {
      // zod runs this check after a failed pattern too: that failure has said what to send already.
      const match = KIOSK_MARKER.exec(marker);
      return match === null || kioskMarker({ name: decodedName(match[1]!), kid: match[2]! }) === marker;
    }, KIOSK_MARKER_HINT)
    .transform((marker) => {
      const [, name, kid] = KIOSK_MARKER.exec(marker)!;
      return { name: decodedName(name!), kid: kid! };
    })
    .optional()
    .describe('the `next` of the previous page'),
  limit: PageLimitSchema(500),
});
export type KioskListQuery = z.infer<typeof KioskListQuerySchema>;
export const KioskListSchema = z.object({
  kiosks: z.array(KioskListEntrySchema).describe('by name, then kid'),
  next: z.string().nullable().describe('pass as `after` for the next page; null on the last page'),
});
export const KioskParamsSchema = z.strictObject({ kid: KidSchema });

export const RosterEntrySchema = z.object({
  member: MemberNumberSchema,
  name: z.string(),
  org: OrgCodeSchema.describe("the member's home organisation"),
  orgName: z.string().describe("its name, shown on the kiosk after a tap"),
  role: z.literal('secretary').optional().describe("present on secretaries of the kiosk's organisation: their card confirms transfer acceptances"),
});

export const KioskMeetingSchema = z.object({
  id: z.uuid(),
  org: OrgCodeSchema,
  kind: z.string(),
  title: z.string(),
  place: z.string().nullable(),
  startsAt: TimestampSchema,
  endsAt: TimestampSchema.nullable(),
  status: MeetingStatusSchema,
});

export const KioskMeetingKindSchema = z.object({
  code: MeetingKindCodeSchema,
  nameZh: z.string(),
  nameEn: z.string(),
});

export const KioskConfigSchema = z.object({
  issuers: IssuerJwksSchema,
  revocations: z.string().describe('compact JWS (EdDSA, typ mic-revocations+jws) signed by the server key'),
  roster: z.array(RosterEntrySchema).describe('active members whose home organisation is in the same tree as the kiosk'),
  meetings: z.array(KioskMeetingSchema).describe("the kiosk organisation's meetings from a day ago to two weeks ahead"),
  meetingKinds: z
    .array(KioskMeetingKindSchema)
    .describe('the kinds of meeting a secretary may open at the kiosk (retired kinds left out), in display order; added after the first kiosks, which ignore it'),
  transfers: z.array(KioskTransferSchema).describe('open transfer letters addressed to the kiosk organisation, soonest expiry first'),
  timeZone: z
    .string()
    .describe("the organisation's IANA time zone (MIC_TIME_ZONE), in which the kiosk shows meeting times and dates; added after the first kiosks, which show the computer's own"),
  serverTime: TimestampSchema,
}).meta({ id: 'KioskConfig' });
export type KioskConfig = z.infer<typeof KioskConfigSchema>;

/** Headers every kiosk-authenticated request may carry besides its bearer token (documented, not required). */
export const KioskRequestHeadersSchema = z.object({
  [OUTBOX_PENDING_HEADER]: z
    .string()
    .regex(/^\d+$/)
    .optional()
    .describe('how many signed events wait in the kiosk outbox; recorded for the kiosk-backlog diagnostic; a value that is not a non-negative integer is ignored'),
  [CLOCK_OFFSET_HEADER]: z
    .string()
    .regex(/^-?\d+$/)
    .optional()
    .describe("seconds the kiosk's clock is ahead of the server's (negative: behind), as the kiosk measured it from the last Date answer; recorded for the kiosk-skew diagnostic; anything else is ignored"),
});
