import { z } from 'zod';
import { OrgCodeSchema, PageLimitSchema, PageMarkerSchema, TimestampSchema } from './common.ts';

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: TimestampSchema,
  actor: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  org: OrgCodeSchema.nullable(),
  summary: z.record(z.string(), z.unknown()),
});
export const AuditListSchema = z.object({ entries: z.array(AuditEntrySchema) });
export const AuditListQuerySchema = z.strictObject({
  org: OrgCodeSchema.optional(),
  before: PageMarkerSchema,
  limit: PageLimitSchema(1000),
});
