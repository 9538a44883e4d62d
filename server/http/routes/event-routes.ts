import { kioskTokenIssuedAt } from '../../auth/kiosk-token-issued-at.ts';
import { ingestEvents } from '../../domain/ingest/ingest-events.ts';
import { EventBatchBodySchema, EventBatchResultSchema, MAX_EVENTS_PER_BATCH } from '../../schemas/events.ts';
import { kioskRoute } from '../route.ts';

export const eventRoutes = [
  kioskRoute({
    method: 'post',
    path: '/events',
    summary: "Deliver a batch of the kiosk's signed events; one receipt per event, in order",
    description: [
      `At most ${MAX_EVENTS_PER_BATCH} events (413 ERR_BATCH_TOO_LARGE beyond). Each event is answered accepted (with its transparency-log index),`,
      'duplicate (sent before: the first receipt again) or rejected with a stable code, and kept either way:',
      'ERR_EVENT_MALFORMED, ERR_EVENT_FOREIGN_KIOSK, ERR_EVENT_SIGNATURE_INVALID, ERR_EVENT_SCHEMA, ERR_EVENT_FORK,',
      'ERR_EVENT_CHAIN_BROKEN, ERR_EVENT_SEQ_GAP (held until the gap fills; send it again later), ERR_EVENT_ORG_MISMATCH,',
      'ERR_EVENT_ID_REUSED, card evidence codes (ERR_ISSUER_UNKNOWN, ERR_CREDENTIAL_EXPIRED, ERR_PRESENCE_SIGNATURE_INVALID, …),',
      'ERR_CARD_UNKNOWN, ERR_CARD_REVOKED, ERR_CARD_CLONED, ERR_CARD_EVIDENCE_REPLAYED, ERR_EVENT_MEMBER_MISMATCH,',
      'ERR_EVENT_SECRETARY_IS_MEMBER, ERR_MEETING_UNKNOWN, ERR_MEETING_KIND_UNKNOWN, ERR_MEETING_CONFLICT, ERR_MEETING_NOT_OPEN,',
      'ERR_MEETING_CLOSED (a check-in tapped at or after a kiosk closed its meeting).',
    ].join(' '),
    tags: ['events'],
    // 500 events of at most 16 KiB each, plus the JSON around them.
    body: { schema: EventBatchBodySchema, limit: '9mb' },
    responses: [{ status: 200, description: 'one receipt per event, in the order sent', schema: EventBatchResultSchema }],
    // The committed batch tells the diagnostics of its kiosk along with everything else it touched: one run, not two.
    handlerNotifiesContact: true,
    async handle({ ctx, kiosk, body, req }) {
      const results = await ingestEvents(ctx, kiosk, body.events, kioskTokenIssuedAt(req.headers.authorization));
      return { status: 200, body: { results } };
    },
  }),
];
