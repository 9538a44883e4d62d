import { z } from 'zod';
import { IsoDateSchema, OrgCodeSchema, WindowQuery, wholeNumberText } from './common.ts';
import { FormatQuerySchema } from './exports.ts';

export const FlowQuerySchema = z.strictObject({
  ...WindowQuery,
  root: OrgCodeSchema.optional().describe('the subtree to look at (default: the caller’s organisation; admins of a single tree: its root)'),
  level: wholeNumberText(0, 20, 'a level is a whole number from 0 (the root) to 20')
    .default(1)
    .describe('depth below the root to roll organisations up to: 1 = the root’s children, 0 = the root itself'),
  format: FormatQuerySchema,
});
export type FlowQuery = z.infer<typeof FlowQuerySchema>;

export const FlowOrgSchema = z.object({
  code: OrgCodeSchema,
  name: z.string(),
  depth: z.number().int().nonnegative().describe('absolute depth in the tree'),
});

export const FlowCellSchema = z.object({
  from: OrgCodeSchema.nullable().describe('rolled-up sending / home organisation; null = outside the root’s subtree'),
  to: OrgCodeSchema.nullable().describe('rolled-up receiving / host organisation; null = outside the root’s subtree'),
  transfers: z.number().int().nonnegative().describe('transfer letters accepted in the window'),
  mobile: z.number().int().nonnegative().describe('mobile registrations starting in the window (home → host)'),
  checkins: z.number().int().nonnegative().describe('cross-organisation check-ins in the window (home → host)'),
  total: z.number().int().nonnegative(),
});
export type FlowCell = z.infer<typeof FlowCellSchema>;

export const FlowMatrixSchema = z.object({
  root: OrgCodeSchema,
  rootName: z.string(),
  level: z.number().int().nonnegative(),
  from: IsoDateSchema.nullable(),
  to: IsoDateSchema.nullable(),
  orgs: z.array(FlowOrgSchema).describe('every organisation a flow can roll up to (the subtree down to the level), parents first'),
  flows: z.array(FlowCellSchema).describe('non-empty cells; from = to is movement inside one rolled-up organisation (a Sankey leaves those out)'),
}).meta({ id: 'FlowMatrix' });
export type FlowMatrixView = z.infer<typeof FlowMatrixSchema>;
