import { z } from 'zod';
import { OrgCodeSchema, TimestampSchema } from './common.ts';

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
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
