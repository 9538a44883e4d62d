import { z } from 'zod';
import { CardEvidenceSchema } from '../verify/card-evidence.ts';

/** The signed-event wire contract (DESIGN §4). One schema per type; `z.infer` is the only type definition. */

export const EVENT_TYP = 'mic-event+jws';
export const EVENT_VERSION = 1;

const base64urlSha256 = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const kid = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const id = z.string().min(1).max(100).regex(/^[^\n]+$/);
/** RFC 3339 with an explicit offset, as the kiosk's clock said it. */
const timestamp = z.string().datetime({ offset: true, precision: undefined });

export const DENIAL_REASONS = ['unknown-issuer', 'expired', 'revoked', 'bad-signature', 'not-member-card', 'not-issued', 'counter-exhausted'] as const;

const common = {
  v: z.literal(EVENT_VERSION),
  id: z.string().uuid(),
  kiosk: kid,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  prev: base64urlSha256.optional(),
  at: timestamp,
  org: id,
};

export const CheckinEventSchema = z.strictObject({
  ...common,
  type: z.literal('checkin'),
  meeting: id,
  member: id,
  card: CardEvidenceSchema,
});

export const TransferAcceptEventSchema = z.strictObject({
  ...common,
  type: z.literal('transfer.accept'),
  transfer: id,
  member: id,
  card: CardEvidenceSchema,
  secretary: CardEvidenceSchema,
});

export const CardDeniedEventSchema = z.strictObject({
  ...common,
  type: z.literal('card.denied'),
  reason: z.enum(DENIAL_REASONS),
  /** what the kiosk could read of the card: serial and, when there was one, the credential */
  csn: z.string().regex(/^[0-9a-f]{16}$/).optional(),
  credential: z.string().max(4096).optional(),
  meeting: id.optional(),
});

export const MeetingOpenEventSchema = z.strictObject({
  ...common,
  type: z.literal('meeting.open'),
  meeting: id,
  kind: z.string().min(1).max(40),
  title: z.string().min(1).max(200),
});

export const MeetingCloseEventSchema = z.strictObject({
  ...common,
  type: z.literal('meeting.close'),
  meeting: id,
});

/** What a kiosk's own check of the server's transparency log found (kiosk/core/log). */
export const KIOSK_ALARMS = ['log-missing-event', 'log-inconsistent', 'log-checkpoint-invalid'] as const;

const logCount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * A kiosk reporting an alarm it raised, through the same signed chain as everything else, so the report
 * is as undeniable as the events and lands in the log itself. The alarm is about another event of this
 * kiosk's chain; its seq is `eventSeq`, because `seq` is this report's own place in the chain.
 */
export const KioskAlarmEventSchema = z.strictObject({
  ...common,
  type: z.literal('kiosk.alarm'),
  alarm: z.enum(KIOSK_ALARMS),
  eventSeq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  logIndex: logCount.optional(),
  checkpointSize: logCount.optional(),
  /** a stable word for machines (a proof failure or inconsistency reason of shared/log) */
  reason: z.string().regex(/^[a-z][a-z-]{0,39}$/).optional(),
  detail: z.string().min(1).max(500),
});

export const EventPayloadSchema = z
  .discriminatedUnion('type', [
    CheckinEventSchema,
    TransferAcceptEventSchema,
    CardDeniedEventSchema,
    MeetingOpenEventSchema,
    MeetingCloseEventSchema,
    KioskAlarmEventSchema,
  ])
  .refine((event) => (event.seq === 1) === (event.prev === undefined), {
    message: 'prev is absent exactly when seq is 1',
    path: ['prev'],
  });

export type EventPayload = z.infer<typeof EventPayloadSchema>;
export type EventType = EventPayload['type'];
export type CheckinEvent = z.infer<typeof CheckinEventSchema>;
export type TransferAcceptEvent = z.infer<typeof TransferAcceptEventSchema>;
export type DenialReason = (typeof DENIAL_REASONS)[number];
export type KioskAlarmEvent = z.infer<typeof KioskAlarmEventSchema>;
export type KioskAlarmKind = (typeof KIOSK_ALARMS)[number];
