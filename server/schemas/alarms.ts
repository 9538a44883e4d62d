import { z } from 'zod';
import { CsnSchema, KidSchema, OrgCodeSchema, PageLimitSchema, PageMarkerSchema, TimestampSchema } from './common.ts';

/**
 * What ingest raises for a person to look at: a forked kiosk (two events at one seq), a broken prev
 * chain, a cloned card (one counter signed twice over different taps), a tap replayed into another
 * event, a kiosk clock far ahead, (for later rules) card denials, and an alarm a kiosk reported in a
 * `kiosk.alarm` event (its check of the transparency log failed).
 */
export const AlarmTypeSchema = z.enum(['fork', 'chain', 'clone', 'replay', 'skew', 'denied', 'kiosk-report']);
export type AlarmType = z.infer<typeof AlarmTypeSchema>;

export const AlarmSchema = z.object({
  id: z.number().int(),
  type: AlarmTypeSchema,
  kiosk: KidSchema,
  kioskName: z.string().describe('the name the kiosk was enrolled with'),
  org: OrgCodeSchema,
  csn: CsnSchema.nullable(),
  events: z.array(z.string()).describe('ids (UUIDv7) of the events that are the evidence; all are kept'),
  at: TimestampSchema.describe('server time when the alarm was raised'),
  details: z.record(z.string(), z.unknown()),
}).meta({ id: 'Alarm' });
export type AlarmView = z.infer<typeof AlarmSchema>;

export const AlarmListQuerySchema = z.strictObject({
  org: OrgCodeSchema.optional(),
  kiosk: KidSchema.optional().describe('only the alarms of this kiosk (its key id); within reach, like the rest'),
  type: AlarmTypeSchema.optional(),
  before: PageMarkerSchema,
  limit: PageLimitSchema(1000),
});
export type AlarmListQuery = z.infer<typeof AlarmListQuerySchema>;

export const AlarmListSchema = z.object({
  alarms: z.array(AlarmSchema).describe('newest first'),
  next: z.number().int().nullable().describe('pass as `before` for the next page; null on the last page'),
});
