import { z } from 'zod';
import { TimestampSchema } from './common.ts';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'unavailable']),
  serverTime: TimestampSchema,
  timeZone: z.string().min(1).describe("the organisation's IANA time zone (MIC_TIME_ZONE): the zone of the server's days, in which the console shows and reads every time"),
});
