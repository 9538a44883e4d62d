import { z } from 'zod';
import { CsnSchema, KidSchema, MemberNumberSchema, OrgCodeSchema, PageLimitSchema, TimestampSchema } from './common.ts';
import { RefusalReasonSchema } from './meetings.ts';
import { oneLineText } from './plain-text.ts';

/**
 * Transfer letters (formal change of home organisation). States:
 *   issued ─┬─> accepted   (by the receiving organisation: console, or its kiosk with the secretary's card)
 *           ├─> returned   (by the receiving organisation, with a reason)
 *           ├─> cancelled  (by the sending organisation)
 *           └─> expired    (validity lapsed; the member stays with the sender)
 * Only `issued` is open; a member has at most one open letter.
 */
export const TransferStatusSchema = z.enum(['issued', 'accepted', 'returned', 'cancelled', 'expired']);
export type TransferStatus = z.infer<typeof TransferStatusSchema>;

/** One line: the letter prints it on one. */
const ReasonSchema = oneLineText(500);

export const IssueTransferBodySchema = z.strictObject({
  member: MemberNumberSchema,
  toOrg: OrgCodeSchema.describe('the receiving organisation'),
  reason: ReasonSchema,
  validDays: z.number().int().min(1).optional().describe('validity in days; default and maximum come from GET /transfer-rules (30 and 90 unless configured)'),
});
export type IssueTransferBody = z.infer<typeof IssueTransferBodySchema>;

export const ReturnTransferBodySchema = z.strictObject({ reason: ReasonSchema.describe('why the receiver returns the letter') });
export const CancelTransferBodySchema = z.strictObject({ reason: ReasonSchema.optional() });

export const TransferSchema = z.object({
  id: z.uuid(),
  member: MemberNumberSchema,
  memberName: z.string(),
  fromOrg: OrgCodeSchema,
  fromOrgName: z.string(),
  toOrg: OrgCodeSchema,
  toOrgName: z.string(),
  reason: z.string(),
  validDays: z.number().int().positive(),
  status: TransferStatusSchema.describe('as of the server clock: an issued letter past expiresAt reads `expired`'),
  issuedAt: TimestampSchema,
  issuedBy: z.string().describe('user:<name> or cli:<name>'),
  expiresAt: TimestampSchema,
  closedAt: TimestampSchema.nullable().describe('when it was accepted, returned, cancelled or (for the sweep) marked expired'),
  closedBy: z.string().nullable().describe('user:<name>, kiosk:<kid> or system:expiry'),
  returnReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  acceptedVia: z.enum(['console', 'kiosk']).nullable(),
  acceptEventId: z.string().nullable().describe('the accepted transfer.accept event (kiosk acceptance), the evidence in the transparency log'),
}).meta({ id: 'Transfer' });
export type TransferView = z.infer<typeof TransferSchema>;

export const TransferListQuerySchema = z.strictObject({
  org: OrgCodeSchema.optional().describe('only letters from or to this organisation (default: every organisation within reach)'),
  direction: z.enum(['incoming', 'outgoing', 'both']).default('both').describe('incoming: addressed to `org` (the inbox); outgoing: issued by it (the outbox)'),
  status: TransferStatusSchema.optional(),
  member: MemberNumberSchema.optional(),
  before: z.uuid().optional().describe('the `next` of the previous page'),
  limit: PageLimitSchema(500),
});
export type TransferListQuery = z.infer<typeof TransferListQuerySchema>;

export const TransferListEntrySchema = TransferSchema.extend({
  refusedAcceptances: z
    .number()
    .int()
    .nonnegative()
    .describe('acceptances a kiosk showed as done that the server refused, while the letter is not accepted (0 once it is): GET /transfers/{id}/refused-acceptances lists them'),
}).meta({ id: 'TransferListEntry' });
export type TransferListEntryView = z.infer<typeof TransferListEntrySchema>;

export const TransferListSchema = z.object({
  transfers: z.array(TransferListEntrySchema).describe('newest first'),
  next: z.uuid().nullable().describe('pass as `before` for the next page; null on the last page'),
});

export const TransferParamsSchema = z.strictObject({ id: z.uuid() });

export const TransferRulesSchema = z.object({
  defaultValidDays: z.number().int().positive(),
  maxValidDays: z.number().int().positive().describe('regions are not modelled: no letter may be valid longer, cross-region ones included'),
}).meta({ id: 'TransferRules' });

/** A letter as the kiosk is sent it (GET /kiosk/config): open and addressed to the kiosk's organisation. */
export const KioskTransferSchema = z.object({
  id: z.uuid(),
  member: MemberNumberSchema,
  name: z.string(),
  fromOrg: OrgCodeSchema,
  fromOrgName: z.string(),
  toOrg: OrgCodeSchema,
  expiresAt: TimestampSchema,
});

/** Why a kiosk's `transfer.accept` event was refused, as the receipt's code (beside the card codes). */
export const TRANSFER_EVENT_REFUSALS = [
  'ERR_TRANSFER_NOT_FOUND',
  'ERR_TRANSFER_NOT_OPEN',
  'ERR_TRANSFER_EXPIRED',
  'ERR_TRANSFER_STALE',
  'ERR_TRANSFER_WRONG_KIOSK_ORG',
  'ERR_TRANSFER_MEMBER_MISMATCH',
  'ERR_TRANSFER_NOT_SECRETARY',
] as const;
export type TransferEventRefusal = (typeof TRANSFER_EVENT_REFUSALS)[number];

/**
 * What a refused kiosk acceptance asks of people: what a refused check-in would (the member's or the secretary's
 * card, or the kiosk), or what the letter's own rules ask: it was decided or lapsed before the event came, the
 * member's home moved meanwhile, the member card was not the letter's member's, or the confirming card not a
 * secretary's of the receiving organisation.
 */
export const AcceptanceRefusalReasonSchema = z.enum([...RefusalReasonSchema.options, 'letter-closed', 'letter-expired', 'member-moved', 'wrong-member', 'not-secretary']);
export type AcceptanceRefusalReason = z.infer<typeof AcceptanceRefusalReasonSchema>;

/**
 * Which tap of a kiosk acceptance the server refused: the member's card, the confirming secretary's, or both. The
 * member's tap is judged first, so with both the refusal's code is the member card's.
 */
export const FailedTapSchema = z.enum(['member', 'secretary', 'both']);
export type FailedTap = z.infer<typeof FailedTapSchema>;

export const RefusedAcceptanceSchema = z.object({
  member: z.string().describe('the member number the event names'),
  name: z.string().nullable().describe('the member of that number on the server; null when the server has none'),
  nameOnCard: z.string().nullable().describe("the name on the member card's credential, when it can be read"),
  card: CsnSchema.nullable().describe("the member card's serial, when its credential can be read"),
  secretaryNameOnCard: z.string().nullable().describe("the name on the confirming card's credential, when it can be read"),
  secretaryCard: CsnSchema.nullable().describe("the confirming card's serial, when its credential can be read"),
  at: TimestampSchema.describe('when the cards were tapped, by the kiosk clock'),
  receivedAt: TimestampSchema.describe('when the server received and refused it'),
  kiosk: KidSchema,
  kioskName: z.string(),
  code: z.string().describe('why the server refused it (stable)'),
  reason: AcceptanceRefusalReasonSchema,
  failedTap: FailedTapSchema.nullable().describe(
    "whose card the server refused: the member's, the secretary's, or both (`code` is then the member card's, judged first); null when no tap was refused (the letter's rules, the kiosk's record), or when the refusal was recorded before the server kept this",
  ),
  eventId: z.string(),
});
export type RefusedAcceptanceView = z.infer<typeof RefusedAcceptanceSchema>;
export const RefusedAcceptanceListSchema = z.object({
  transfer: z.uuid(),
  refused: z.array(RefusedAcceptanceSchema).describe("every refused acceptance of the letter by a kiosk of its receiving organisation, by tap time"),
});
