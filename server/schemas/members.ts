import { z } from 'zod';
import { CardSchema } from './cards.ts';
import { CsnSchema, IsoDateSchema, MemberNumberSchema, OrgCodeSchema, PageLimitSchema, PersonNameSchema } from './common.ts';
import { MobileReasonSchema } from './mobile-periods.ts';
import { oneLineText } from './plain-text.ts';

export const MemberStatusSchema = z.enum(['active', 'suspended', 'left', 'deceased']);
export type MemberStatus = z.infer<typeof MemberStatusSchema>;
/** Leaving and death end the membership, and are final: suspension is lifted by setting 'active' again. */
export const endsMembership = (status: MemberStatus): boolean => status === 'left' || status === 'deceased';
export const PeriodKindSchema = z.enum(['home', 'mobile']);
export type PeriodKind = z.infer<typeof PeriodKindSchema>;

/** Shape only: the GB 11643 check happens in the domain so every entry point reports the same code. */
export const IdNumberInputSchema = z.string().trim().min(1).max(32);

export const CreateMemberBodySchema = z.strictObject({
  memberNumber: MemberNumberSchema,
  name: PersonNameSchema,
  idNumber: IdNumberInputSchema,
  homeOrg: OrgCodeSchema,
  since: IsoDateSchema.optional().describe('the first day of the membership here (default: the organisation’s today): today or earlier, and not before the birth date in the ID number'),
});
export type CreateMemberBody = z.infer<typeof CreateMemberBodySchema>;

export const ChangeMemberStatusBodySchema = z.strictObject({
  status: MemberStatusSchema.describe('left and deceased are final: they end the membership and revoke the active card'),
  on: IsoDateSchema.describe('the day the status took effect (YYYY-MM-DD), today or earlier (the organisation’s today, in its time zone MIC_TIME_ZONE); a left or deceased member belongs nowhere from this day'),
  reason: oneLineText(500).describe('why, in a few words (kept on the member and in the audit trail)'),
});
export type ChangeMemberStatusBody = z.infer<typeof ChangeMemberStatusBodySchema>;

export const CorrectMemberStatusBodySchema = z.strictObject({
  reason: oneLineText(500).describe('why leaving or death was recorded by mistake, in plain words (kept in the audit trail)'),
});
export type CorrectMemberStatusBody = z.infer<typeof CorrectMemberStatusBodySchema>;

export const MemberLookupBodySchema = z.strictObject({ idNumber: IdNumberInputSchema });

export const AddMobilePeriodBodySchema = z.strictObject({
  org: OrgCodeSchema.describe('the host (inflow) organisation'),
  from: IsoDateSchema.describe('the first day: not before the member’s membership began, and at most a year ahead'),
  to: IsoDateSchema.optional().describe('exclusive, at most five years ahead; leave out for an open-ended registration'),
  reason: MobileReasonSchema.optional().describe('why the member is away (work, study, …)'),
});
export type AddMobilePeriodBody = z.infer<typeof AddMobilePeriodBodySchema>;

export const MembershipPeriodSchema = z.object({
  org: OrgCodeSchema,
  kind: PeriodKindSchema,
  from: IsoDateSchema,
  to: IsoDateSchema.nullable(),
});

export const MemberSchema = z.object({
  memberNumber: MemberNumberSchema,
  name: z.string(),
  status: MemberStatusSchema,
  statusSince: IsoDateSchema.nullable().describe('the day the status took effect; null: active since registration'),
  statusReason: z.string().nullable().describe('why the status was last changed'),
  idh: z.string().describe('keyed hash of the resident ID number; the issuance desk writes it into the credential'),
  homeOrg: OrgCodeSchema.nullable(),
  periods: z.array(MembershipPeriodSchema),
  cards: z.array(CardSchema),
}).meta({ id: 'Member' });
export type MemberView = z.infer<typeof MemberSchema>;

export const MemberStatusCorrectionSchema = z.object({
  member: MemberSchema.describe('the member as restored: the status they had before the mistaken change'),
  corrected: z.object({
    status: MemberStatusSchema,
    since: IsoDateSchema.nullable(),
    reason: z.string().nullable(),
  }).describe('the mistaken record, as it was'),
  reopenedHome: MembershipPeriodSchema.nullable().describe('the home period the mistaken change had closed, open again'),
  newCardNeeded: z.boolean().describe('true when the mistaken change revoked a card: every kiosk already refuses it, so issue the member a new card'),
  revokedCards: z.array(CsnSchema).describe('the cards the mistaken change revoked; they stay revoked'),
  endedMobilePeriods: z.array(z.number().int()).describe('the mobile registrations the mistaken change ended; they stay ended: register the member again where still away'),
  cancelledTransfers: z.array(z.uuid()).describe('the transfer letters the mistaken change cancelled; they stay cancelled: issue a new letter where still needed'),
}).meta({ id: 'MemberStatusCorrection' });
export type MemberStatusCorrectionView = z.infer<typeof MemberStatusCorrectionSchema>;

export const MemberSummarySchema = z.object({
  memberNumber: MemberNumberSchema,
  name: z.string(),
  status: MemberStatusSchema,
  homeOrg: OrgCodeSchema,
});

export const MemberListQuerySchema = z.strictObject({
  org: OrgCodeSchema.optional(),
  after: MemberNumberSchema.optional(),
  limit: PageLimitSchema(1000),
});
export const MemberListSchema = z.object({
  members: z.array(MemberSummarySchema),
  next: MemberNumberSchema.nullable().describe('pass as `after` for the next page; null on the last page'),
});

export const MemberParamsSchema = z.strictObject({ number: MemberNumberSchema });

export const ImportRowErrorSchema = z.object({
  row: z.number().int().describe('CSV record number, the header being record 1'),
  field: z.string(),
  code: z.string(),
  message: z.string(),
  sameAs: z.number().int().optional().describe('with ERR_MEMBER_NUMBER_REPEATED and ERR_ID_NUMBER_REPEATED: the earlier record of this file with the same value'),
});
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

export const ImportReportSchema = z.object({
  imported: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  errors: z.array(ImportRowErrorSchema).describe('the problems by row: at most 1,000, those to correct in the file before rows already registered'),
  errorCount: z.number().int().nonnegative().describe('every problem found, listed or not'),
  note: z.string().optional().describe('when `errors` leaves some out, a sentence saying so'),
}).meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const MEMBER_CSV_COLUMNS = ['member_number', 'name', 'id_number', 'org', 'since'] as const;
export const MemberCsvBodySchema = z.string().max(20_000_000).describe(`text/csv with a header row: ${MEMBER_CSV_COLUMNS.join(',')} (since is optional, YYYY-MM-DD)`);
