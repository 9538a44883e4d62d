import { z } from 'zod';
import { knownTimeZone } from '../../../shared/org-calendar.ts';
import { IssuerJwksSchema } from '../../../shared/verify/jwk.ts';

/*
 * GET /api/v1/kiosk/config (DESIGN appendix), field by field. Objects are not strict: a newer server may add
 * fields and an older kiosk must keep working. Identifiers may arrive as numbers (the server's integer keys)
 * and are read as text, the form events carry them in.
 */

const identifier = z.union([z.string().min(1).max(100), z.number().int().nonnegative()]).transform(String);
const optionalText = z.string().nullish().transform((value) => value ?? undefined);

/** The server's Ed25519 public key; only the key members are kept, so pinning compares keys, not decoration. */
export const ServerKeySchema = z
  .object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })
  .transform(({ kty, crv, x }) => ({ kty, crv, x }));

export type ServerKey = z.infer<typeof ServerKeySchema>;

/**
 * A member the kiosk may show by name. Secretaries are marked with `role: 'secretary'` (or `roles`
 * containing it); they confirm transfer acceptances with their own card.
 */
export const RosterEntrySchema = z.object({
  member: identifier,
  name: z.string().min(1),
  org: identifier,
  orgName: optionalText,
  role: optionalText,
  roles: z.array(z.string()).optional(),
});

/**
 * A meeting the secretary may open here. `status` as the server keeps it: a server that sends closed meetings (one
 * older than this kiosk) marks them 'closed', and those take no more check-ins.
 */
export const ScheduledMeetingSchema = z.object({
  id: identifier,
  org: identifier,
  kind: z.string().min(1).max(40),
  title: z.string().min(1).max(200),
  startsAt: z.string().min(1),
  endsAt: optionalText,
  place: optionalText,
  status: optionalText,
});

/**
 * A kind of meeting a secretary may open here, as the server names it. Newer servers send the kinds in use
 * (retired ones left out, in their order); without the list the screen offers the kinds it was built with.
 */
export const MeetingKindSchema = z.object({
  code: z.string().min(1).max(40),
  nameZh: z.string().min(1),
  nameEn: optionalText,
});

/** A transfer letter addressed to this kiosk's organisation, waiting for the member to report. */
export const TransferSchema = z.object({
  id: identifier,
  member: identifier,
  name: optionalText,
  fromOrg: identifier.optional(),
  fromOrgName: optionalText,
  toOrg: identifier.optional(),
  expiresAt: optionalText,
});

export const KioskConfigSchema = z.object({
  issuers: IssuerJwksSchema,
  /** the revocation list as a JWS the server signed; verified against the pinned server key */
  revocations: z.string().min(1).max(4_000_000),
  roster: z.array(RosterEntrySchema),
  meetings: z.array(ScheduledMeetingSchema),
  meetingKinds: z.array(MeetingKindSchema).optional(),
  transfers: z.array(TransferSchema).default([]),
  /**
   * The organisation's IANA zone, which meeting times and dates are shown in. Newer servers send it; without it,
   * or with a zone this kiosk's Intl does not know, the screen shows the computer's own clock.
   */
  timeZone: z
    .string()
    .max(100)
    .optional()
    .transform((zone) => (zone === undefined ? undefined : knownTimeZone(zone))),
  serverTime: z.string().min(1),
  serverKey: ServerKeySchema.optional(),
});

export type KioskConfigBody = z.infer<typeof KioskConfigSchema>;
export type RosterEntry = z.infer<typeof RosterEntrySchema>;
export type ScheduledMeeting = z.infer<typeof ScheduledMeetingSchema>;
export type MeetingKind = z.infer<typeof MeetingKindSchema>;
export type Transfer = z.infer<typeof TransferSchema>;

export const isSecretary = (entry: RosterEntry): boolean => entry.role === 'secretary' || (entry.roles?.includes('secretary') ?? false);
