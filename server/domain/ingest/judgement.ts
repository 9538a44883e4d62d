import type { MicErrorCode } from '../../../shared/errors.ts';
import type { OrgCalendar } from '../../../shared/org-calendar.ts';
import type { FailedTap, TransferEventRefusal } from '../../schemas/transfers.ts';
import type { IngestTx } from '../../store/repositories/ingest.ts';
import type { Kiosk } from '../../store/repositories/kiosks.ts';

/**
 * A write an event causes. Judging only reads; the writes run after the event's own row is stored, so
 * they can refer to it (counter uses, attendance) and so a refusal is decided before anything changes.
 */
export type Effect = () => Promise<void>;

/** The verdict on one event in the kiosk's chain: refused with a code, or accepted; effects either way. */
export interface Judgement {
  code: MicErrorCode | TransferEventRefusal | null;
  effects: Effect[];
  /** a transfer acceptance refused on a tap: whose, since a card's code does not say */
  failedTap?: FailedTap;
}

export interface JudgeContext {
  tx: IngestTx;
  kiosk: Kiosk;
  /** the row id the event is (or will be) stored under */
  row: number;
  /** the server's receipt time (UTC ISO) */
  now: string;
  /** the organisation's days: a check-in is matched to the periods of its day, an acceptance dated by it */
  calendar: OrgCalendar;
}
