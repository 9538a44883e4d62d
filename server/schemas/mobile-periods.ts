import { z } from 'zod';
import { IsoDateSchema, MemberNumberSchema, OrgCodeSchema, PageLimitSchema, TimestampSchema } from './common.ts';
import { oneLineText } from './plain-text.ts';

/**
 * Mobile members (temporary flow): registered with an inflow (host) organisation for a period, home
 * organisation unchanged. Status on the server's date: scheduled (not begun), active, ended (ended early by
 * a person, or by a transfer that made the host the member's home), lapsed (ran to its end date).
 */
export const MobileStatusSchema = z.enum(['scheduled', 'active', 'ended', 'lapsed']);
export type MobileStatus = z.infer<typeof MobileStatusSchema>;

export const MobileReasonSchema = oneLineText(500);

export const MobilePeriodSchema = z.object({
  id: z.number().int().positive(),
  member: MemberNumberSchema,
  memberName: z.string(),
  kind: z.literal('mobile'),
  org: OrgCodeSchema.describe('the host (inflow) organisation'),
  orgName: z.string(),
  homeOrg: OrgCodeSchema.nullable().describe('the home organisation on the first day'),
  homeOrgName: z.string().nullable(),
  from: z.iso.date(),
  to: z.iso.date().nullable().describe('exclusive; null while open-ended'),
  reason: z.string().nullable(),
  status: MobileStatusSchema,
  endedEarly: z.boolean(),
  endedAt: TimestampSchema.nullable(),
}).meta({ id: 'MobilePeriod' });
export type MobilePeriodView = z.infer<typeof MobilePeriodSchema>;

export const MobileListQuerySchema = z.strictObject({
  org: OrgCodeSchema.optional().describe('periods hosted by, or of home members of, this organisation and below (default: everything within reach)'),
  member: MemberNumberSchema.optional(),
  status: MobileStatusSchema.optional(),
  before: z.string().regex(/^[1-9][0-9]{0,15}$/).transform(Number).optional().describe('the `next` of the previous page'),
  limit: PageLimitSchema(500),
});
export type MobileListQuery = z.infer<typeof MobileListQuerySchema>;

export const MobileListSchema = z.object({
  periods: z.array(MobilePeriodSchema).describe('newest registration first'),
  next: z.string().nullable().describe('pass as `before` for the next page; null on the last page'),
});

export const MobileParamsSchema = z.strictObject({ id: z.string().regex(/^[1-9][0-9]{0,15}$/, 'a period id').transform(Number) });

export const ExtendMobileBodySchema = z.strictObject({ to: IsoDateSchema.describe('the new end (exclusive), later than the current one and at most five years ahead') });
export const EndMobileBodySchema = z.strictObject({ on: IsoDateSchema.optional().describe('the first day no longer covered (default: today); today or later, and at most five years ahead') });
