import { z } from 'zod';
import { OrgCodeSchema, TimestampSchema } from './common.ts';

export const OrgKindSchema = z.enum(['province', 'city', 'county', 'committee', 'general_branch', 'branch']);
export type OrgKind = z.infer<typeof OrgKindSchema>;

export const CreateOrgBodySchema = z.strictObject({
  code: OrgCodeSchema,
  name: z.string().trim().min(1).max(100),
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

export const OrgListSchema = z.object({ orgs: z.array(OrgSchema) });
export const OrgListQuerySchema = z.strictObject({ root: OrgCodeSchema.optional() });
export const OrgParamsSchema = z.strictObject({ code: OrgCodeSchema });
