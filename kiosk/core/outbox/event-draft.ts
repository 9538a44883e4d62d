import type { EventPayload } from '../../../shared/events/event-schema.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * An event as the card session and the modes describe it: type, body and `at` (which the card signature
 * already binds). The outbox adds what makes it part of this kiosk's chain: v, id, kiosk, seq, prev, org.
 */
export type EventDraft = DistributiveOmit<EventPayload, 'v' | 'id' | 'kiosk' | 'seq' | 'prev' | 'org'>;

export interface AppendedEvent {
  seq: number;
  jws: string;
  payload: EventPayload;
}

export type ReceiptStatus = 'accepted' | 'duplicate' | 'rejected';

/** The server's answer for one event (DESIGN appendix). */
export interface Receipt {
  seq: number;
  status: ReceiptStatus;
  code?: string | undefined;
  logIndex?: number | undefined;
}

export interface PendingEvent {
  seq: number;
  jws: string;
}

/** An event the server refused: kept, with the reason, for a person to look at (never resent by itself). */
export interface RejectedEvent {
  seq: number;
  id: string;
  type: string;
  at: string;
  code: string | undefined;
  receivedAt: string;
}
