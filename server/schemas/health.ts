import { z } from 'zod';
import { TimestampSchema } from './common.ts';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'unavailable']),
  serverTime: TimestampSchema,
});
