import { z } from 'zod';
import { OrgCodeSchema, TimestampSchema, wholeNumberText } from './common.ts';
import { oneLineText } from './plain-text.ts';

export const OrgKindSchema = z.enum(['province', 'city', 'county', 'committee', 'general_branch', 'branch']);
export type OrgKind = z.infer<typeof OrgKindSchema>;

export const CreateOrgBodySchema = z.strictObject({
  code: OrgCodeSchema,
  name: oneLineText(100),
  kind: OrgKindSchema,
  parent: OrgCodeSchema.optional(),
});
export type CreateOrgBody = z.infer<typeof CreateOrgBodySchema>;

export const OrgSchema = z.object({
  code: OrgCodeSchema,
  name: z.string(),
  kind: OrgKindSchema,
  parent: OrgCodeSchema.nullable(),
  depth: z.number().int().nonnegative(),
  createdAt: TimestampSchema,
}).meta({ id: 'Organisation' });
export type OrgView = z.infer<typeof OrgSchema>;

/** How many organisations a search answers with, at most: a picker shows a screenful, the person types more. */
export const ORG_SEARCH_MAX = 50;
export const ORG_SEARCH_DEFAULT = 20;
/**
 * How many organisations a list answers with when `limit` does not say. A county's whole tree (one or two thousand;
 * the console reads up to 2,500 whole) fits with room to spare, in about 0.7 MiB of JSON; a province's 200,000 in one
 * answer were 27.5 MiB and over a second in which the server answered nobody else, and any signed-in client could
 * ask for them.
 */
export const ORG_LIST_DEFAULT = 5_000;
/** Asked for explicitly, a list goes this far; a caller that needs more reads a subtree (`root`) or a level at a time. */
export const ORG_LIST_MAX = 10_000;
export const ORG_CODES_MAX = 50;

const truncated = z.boolean().describe('true when more organisations matched than `limit` (or, unasked, its default) let through');

export const OrgListSchema = z.object({ orgs: z.array(OrgSchema), truncated });

const codeList = z
  .string()
  .transform((text) => text.split(','))
  .pipe(z.array(OrgCodeSchema).min(1).max(ORG_CODES_MAX, { error: `at most ${ORG_CODES_MAX} codes at once: ask for the rest in another request` }));

export const OrgListQuerySchema = z
  .strictObject({
    root: OrgCodeSchema.optional().describe('this organisation and those below it; default: everything within reach'),
    depth: wholeNumberText(0, 64).optional().describe('only down to this many levels below `root` (or the top of the reach): 0 is the top alone, 1 the top and its children'),
    q: z.string().trim().min(1).max(64).optional().describe(`search: organisations whose name contains this text or whose code starts with it (Latin letters in either case), the exact code first, then parents first and siblings in the order they were created; at most \`limit\` (default ${ORG_SEARCH_DEFAULT}, at most ${ORG_SEARCH_MAX})`),
    codes: codeList.optional().describe(`only these organisations (codes separated by commas, at most ${ORG_CODES_MAX}); codes outside reach or unknown are left out`),
    limit: wholeNumberText(1, ORG_LIST_MAX).optional().describe(`at most this many; \`truncated\` says whether more matched. Unless asked, a list answers with at most ${ORG_LIST_DEFAULT} (up to ${ORG_LIST_MAX} when asked) and a search with ${ORG_SEARCH_DEFAULT} (up to ${ORG_SEARCH_MAX})`),
  })
  .superRefine((query, context) => {
    const ways = (['depth', 'q', 'codes'] as const).filter((key) => query[key] !== undefined);
    if (ways.length > 1) context.addIssue({ code: 'custom', path: [ways[1] as string], message: `give one of depth, q and codes, not ${ways.join(' and ')}` });
    if (query.q !== undefined && query.limit !== undefined && query.limit > ORG_SEARCH_MAX) context.addIssue({ code: 'custom', path: ['limit'], message: `a search answers with at most ${ORG_SEARCH_MAX}: type more of the name or code` });
  });
export type OrgListQuery = z.infer<typeof OrgListQuerySchema>;

export const OrgParamsSchema = z.strictObject({ code: OrgCodeSchema });

export const OrgChildSchema = OrgSchema.extend({ childCount: z.number().int().nonnegative().describe('how many organisations sit directly below this one') }).meta({ id: 'OrganisationChild' });
export type OrgChildView = z.infer<typeof OrgChildSchema>;
export const OrgChildrenQuerySchema = z.strictObject({ limit: wholeNumberText(1, ORG_LIST_MAX).default(1000).describe('at most this many; `truncated` says whether there are more') });
export const OrgChildrenSchema = z.object({ orgs: z.array(OrgChildSchema).describe('in the order they were created'), truncated });
