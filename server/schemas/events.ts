import { z } from 'zod';
import { MAX_EVENT_BYTES } from '../../shared/events/event-jws.ts';

/** The contract's limit per POST /api/v1/events (DESIGN appendix). */
export const MAX_EVENTS_PER_BATCH = 500;

/**
 * A batch of signed events. Each element is bounded here, at the edge; the count is checked by the use
 * case so an oversize batch gets its own code (413 ERR_BATCH_TOO_LARGE) instead of a generic one.
 */
export const EventBatchBodySchema = z.strictObject({
  events: z
    .array(z.string().min(1).max(MAX_EVENT_BYTES))
    .describe(`compact JWS events (EdDSA, typ mic-event+jws), at most ${MAX_EVENTS_PER_BATCH}, each at most ${MAX_EVENT_BYTES} characters`),
});
export type EventBatchBody = z.infer<typeof EventBatchBodySchema>;

export const ReceiptStatusSchema = z.enum(['accepted', 'duplicate', 'rejected']);

export const ReceiptSchema = z.object({
  seq: z.number().int().min(1).nullable().describe("the event's seq; null only when the event was too malformed to read one"),
  status: ReceiptStatusSchema,
  code: z.string().optional().describe('why a rejected event was refused (stable)'),
  logIndex: z.number().int().nonnegative().optional().describe('the leaf index of an accepted event in the transparency log'),
}).meta({ id: 'Receipt' });
export type Receipt = z.infer<typeof ReceiptSchema>;

export const EventBatchResultSchema = z.object({ results: z.array(ReceiptSchema) });
