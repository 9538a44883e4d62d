import { z } from 'zod';

/** The answers of the kiosk ↔ server contract (DESIGN appendix), validated before anything uses them. */

const identifier = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

export const EnrolAnswerSchema = z.object({
  kioskId: z.string().min(1),
  org: identifier,
  serverTime: z.string().min(1),
  /** not in the contract's answer; taken when a server sends it, else pinned from the first configuration */
  serverKey: z.unknown().optional(),
});

export const ReceiptSchema = z.object({
  seq: z.number().int().min(1),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  code: z.string().optional(),
  logIndex: z.number().int().nonnegative().optional(),
});

export const EventsAnswerSchema = z.object({ results: z.array(ReceiptSchema) });

/** GET /api/v1/kiosk/log/leaf/:index: one of the kiosk's own events as the log holds it */
export const LeafAnswerSchema = z.object({ index: z.number().int().nonnegative(), jws: z.string() });

export const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

export type EnrolAnswer = z.infer<typeof EnrolAnswerSchema>;
export type EventsAnswer = z.infer<typeof EventsAnswerSchema>;

/** The contract's limit per POST /api/v1/events. */
export const MAX_EVENTS_PER_REQUEST = 500;
