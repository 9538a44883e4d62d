import { z } from 'zod';
import { FINDING_RULES, SEVERITIES } from '../domain/diagnostics/finding.ts';
import { MemberNumberSchema, OrgCodeSchema, PageLimitSchema, PageMarkerSchema, TimestampSchema, wholeNumberText } from './common.ts';
import { OrgKindSchema } from './orgs.ts';
import { multiLineText } from './plain-text.ts';
import { THRESHOLD_FAMILIES, ThresholdSchemas, type ThresholdFamily } from './thresholds.ts';

/**
 * Findings of the diagnostic rules (what needs doing before it is late) and the thresholds that decide
 * them. A finding is live while open or acknowledged; the rules resolve it when the condition ends, or a
 * person resolves it.
 */
export const FindingRuleSchema = z.enum(Object.keys(FINDING_RULES) as [keyof typeof FINDING_RULES, ...(keyof typeof FINDING_RULES)[]]);
export const SeveritySchema = z.enum(SEVERITIES).describe('info < warning < serious < critical');
export const FindingStatusSchema = z.enum(['open', 'acknowledged', 'resolved']);
export const ThresholdFamilySchema = z.enum(THRESHOLD_FAMILIES as [ThresholdFamily, ...ThresholdFamily[]]);

const ExplanationSchema = z.object({
  title: z.string(),
  why: z.string().describe('why it was raised, quoting the facts'),
  action: z.string().describe('what to do about it'),
});

export const EvidenceKindSchema = z.enum(['member', 'org', 'meeting', 'transfer', 'mobile-period', 'kiosk', 'alarm', 'event', 'card']);

export const EvidenceSchema = z.object({
  kind: EvidenceKindSchema,
  id: z.string().describe('member number, organisation code, meeting or transfer id, mobile period id, kiosk kid, alarm id, event id, card serial'),
  href: z.string().nullable().describe('the API path that shows it; null where no route shows it on its own (an event: see its alarm)'),
});

const FactValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const FindingSchema = z.object({
  id: z.number().int(),
  rule: FindingRuleSchema,
  severity: SeveritySchema,
  status: FindingStatusSchema,
  org: z.object({ code: OrgCodeSchema, name: z.string() }).describe('the organisation responsible for acting on it'),
  subject: z.string().describe("what it is about, unique within the rule: 'member:17', 'org:4:committee', 'transfer:<id>', …"),
  episode: z.string().describe('which occurrence (a due date, a last participation day): a new episode is a new finding'),
  people: z.array(z.object({ memberNumber: MemberNumberSchema, name: z.string() })),
  facts: z.record(z.string(), FactValueSchema).describe('the numbers and dates the explanation quotes; keys fixed per rule'),
  explanation: z.object({ zh: ExplanationSchema, en: ExplanationSchema }),
  evidence: z.array(EvidenceSchema),
  openedAt: TimestampSchema,
  updatedAt: TimestampSchema,
  resolvedAt: TimestampSchema.nullable(),
  resolvedBy: z.string().nullable().describe('the username of the person who resolved it; null when the rules did (or it is live)'),
}).meta({ id: 'Finding' });
export type FindingView = z.infer<typeof FindingSchema>;

export const FindingHistoryEntrySchema = z.object({
  at: TimestampSchema,
  action: z.enum(['opened', 'escalated', 'eased', 'acknowledged', 'resolved']),
  severity: SeveritySchema.describe('the severity after this step'),
  by: z.string().nullable().describe('username; null for the rules'),
  note: z.string().nullable(),
});

export const FindingDetailSchema = FindingSchema.extend({ history: z.array(FindingHistoryEntrySchema) }).meta({ id: 'FindingDetail' });

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const FindingListQuerySchema = z.strictObject({
  org: OrgCodeSchema.optional().describe('this organisation (and, unless subtree=false, everything below it); default: everything within reach'),
  subtree: flag.default(true).describe('false: only findings of `org` itself'),
  rule: FindingRuleSchema.optional(),
  minSeverity: SeveritySchema.optional().describe('at least this severe'),
  status: z.enum(['open', 'acknowledged', 'resolved', 'live']).default('live').describe('live = open or acknowledged'),
  before: PageMarkerSchema,
  limit: PageLimitSchema(1000),
});
export type FindingListQuery = z.infer<typeof FindingListQuerySchema>;

export const FindingListSchema = z.object({
  findings: z.array(FindingSchema).describe('newest first'),
  next: z.number().int().nullable().describe('pass as `before` for the next page; null on the last page'),
});

export const FindingSummaryQuerySchema = z.strictObject({
  org: OrgCodeSchema.optional().describe('this organisation and its subtree; default: everything within reach'),
  subtree: flag.default(true).describe('false: only findings of `org` itself'),
});
export type FindingSummaryQuery = z.infer<typeof FindingSummaryQuerySchema>;

const countsOf = <T extends z.ZodEnum>(keys: T) => z.record(keys, z.number().int().nonnegative());

export const FindingSummarySchema = z.object({
  live: z.number().int().nonnegative().describe('open + acknowledged'),
  bySeverity: countsOf(SeveritySchema),
  byStatus: countsOf(z.enum(['open', 'acknowledged'])),
  byRule: z.record(z.string(), z.number().int().nonnegative()).describe('only rules with live findings'),
  counts: z.array(z.object({ rule: FindingRuleSchema, severity: SeveritySchema, status: z.enum(['open', 'acknowledged']), count: z.number().int().positive() })),
}).meta({ id: 'FindingSummary' });
export type FindingSummaryView = z.infer<typeof FindingSummarySchema>;

export const FindingParamsSchema = z.strictObject({ id: wholeNumberText(1, Number.MAX_SAFE_INTEGER, 'a finding id is a whole number above 0') });

export const FindingActionBodySchema = z.strictObject({
  note: multiLineText(1000).optional().describe('what was done, for the history'),
});
export type FindingActionBody = z.infer<typeof FindingActionBodySchema>;

export const ThresholdsQuerySchema = z.strictObject({ org: OrgCodeSchema });

export const ThresholdRowSchema = z.object({
  org: OrgCodeSchema.nullable().describe('the subtree it applies to; null = the whole tree'),
  orgName: z.string().nullable().describe('the name of that organisation; null = the whole tree'),
  orgKind: OrgKindSchema.nullable().describe('the kind of organisation it applies to; null = every kind'),
  family: ThresholdFamilySchema,
  settings: z.record(z.string(), z.unknown()).describe('some of the family’s numbers'),
});
export type ThresholdRowView = z.infer<typeof ThresholdRowSchema>;

export const ThresholdsViewSchema = z.object({
  org: z.object({ code: OrgCodeSchema, name: z.string(), kind: OrgKindSchema }),
  rows: z.array(ThresholdRowSchema).describe('the configuration rows that reach the organisation, from the root down; later rows win'),
  ownRows: z
    .array(ThresholdRowSchema)
    .describe('the rows set at this organisation, for every kind (a row for a kind found only below it does not reach the organisation itself): what may be changed or removed here'),
  defaults: z.object(ThresholdSchemas).describe('the built-in numbers, which hold wherever no row sets a number'),
  effective: z.object(ThresholdSchemas).describe('the numbers that hold for the organisation: defaults, then the rows'),
}).meta({ id: 'Thresholds' });

/** One body shape per family, so settings are checked against that family's numbers (any subset of them). */
const thresholdBodyOf = <F extends ThresholdFamily>(family: F) =>
  z.strictObject({
    org: OrgCodeSchema.nullable().describe('the subtree the row applies to; null = the whole tree (admins only)'),
    orgKind: OrgKindSchema.nullable().describe('only organisations of this kind; null = every kind'),
    family: z.literal(family),
    settings: ThresholdSchemas[family].partial().nullable().describe('some of the family’s numbers; null removes the row'),
  });

export const SetThresholdsBodySchema = z.discriminatedUnion('family', [
  thresholdBodyOf('meeting-cadence'),
  thresholdBodyOf('six-month'),
  thresholdBodyOf('transfers'),
  thresholdBodyOf('mobile'),
  thresholdBodyOf('kiosks'),
  thresholdBodyOf('security'),
]);
export type SetThresholdsBody = z.infer<typeof SetThresholdsBodySchema>;
