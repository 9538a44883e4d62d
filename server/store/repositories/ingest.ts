import type { AlarmType } from '../../schemas/alarms.ts';
import type { FailedTap } from '../../schemas/transfers.ts';
import type { NewAttendance } from './attendance.ts';
import type { Card } from './cards.ts';
import type { Meeting, NewAdHocMeeting } from './meetings.ts';
import type { MembershipPeriod } from './members.ts';
import type { TransferTx } from './transfers.ts';

export type ReceivedStatus = 'accepted' | 'rejected' | 'held';

/** An event as stored, enough to answer a resend with its first receipt. */
export interface StoredEvent {
  row: number;
  seq: number | null;
  status: ReceivedStatus;
  code: string | null;
  logIndex: number | null;
}

/** The event holding (kiosk, seq) in a kiosk's prev-hash chain. */
export interface ChainLink {
  row: number;
  seq: number;
  /** SHA-256 of its JWS text: the next event's `prev` */
  hash: Uint8Array;
  eventId: string;
}

/** An event waiting for a gap before it to fill, with its card-evidence verdict as JSON. */
export interface HeldEvent {
  row: number;
  seq: number;
  jws: string;
  hash: Uint8Array;
  taps: string;
}

export interface NewBatch {
  kioskKid: string;
  receivedAt: string;
  tokenSkewSeconds: number;
  eventCount: number;
}

export interface EventOutcome {
  status: ReceivedStatus;
  code: string | null;
  chained: boolean;
  logIndex: number | null;
  /** JSON of the card-evidence verdict, for held events only */
  heldTaps: string | null;
}

export interface NewReceivedEvent extends EventOutcome {
  /** the row id, assigned by the caller so effects can name the row before it is written */
  row: number;
  batchId: number;
  kioskKid: string;
  jws: string;
  hash: Uint8Array;
  signed: boolean;
  seq: number | null;
  eventId: string | null;
  type: string | null;
  at: string | null;
  receivedAt: string;
  clockAheadMs: number | null;
}

export interface CounterUse {
  eventRow: number;
  challenge: Uint8Array;
}

/** A counter use as found, with the id of the event that used the counter first. */
export interface StoredCounterUse extends CounterUse {
  eventId: string | null;
}

export interface NewAlarm {
  type: AlarmType;
  kioskKid: string;
  orgId: number;
  csn: string | null;
  eventIds: string[];
  at: string;
  details: Record<string, unknown>;
}

export interface RefusedCheckin {
  eventRow: number;
  /** as the event names it: the server may not know the meeting */
  meetingId: string;
  memberNumber: string;
}

export interface RefusedAcceptance {
  eventRow: number;
  /** a letter addressed to the kiosk's organisation */
  transferId: string;
  /** as the event names it: the letter's member, or whoever the kiosk took for them */
  memberNumber: string;
  /** whose tap was refused, when one was: a card code alone does not say whose card */
  failedTap: FailedTap | null;
}

/** A card as a tap is judged against it: no credential (the verifier checked it), no issuer. */
export type TappedCard = Pick<Card, 'csn' | 'memberId' | 'memberNumber' | 'jti' | 'status' | 'statusChangedAt'>;

/** The log as ingest sees it inside its transaction: append leaves (JWS texts), get the first index. */
export interface LogAppender {
  size(): Promise<number>;
  appendAll(leaves: readonly string[]): Promise<number>;
}

/**
 * Everything one ingest batch reads and writes inside the single transaction that stores the batch. Every
 * call is asynchronous, so a database with a network between it and the server can answer them; the work
 * awaits each one in turn. Domain rules live in server/domain/ingest; this is storage.
 */
export interface IngestTx {
  /** false once the kiosk is disabled: a disable that took its turn while the batch was verified holds */
  isKioskEnabled(kioskKid: string): Promise<boolean>;
  insertBatch(batch: NewBatch): Promise<number>;
  /** the next free events row id: rows are numbered by the caller in receipt order */
  nextEventRow(): Promise<number>;
  eventByHash(kioskKid: string, hash: Uint8Array): Promise<StoredEvent | undefined>;
  chainHead(kioskKid: string): Promise<ChainLink | undefined>;
  chainedAt(kioskKid: string, seq: number): Promise<ChainLink | undefined>;
  /** held events at `seq`, in the order they arrived */
  heldAt(kioskKid: string, seq: number): Promise<HeldEvent[]>;
  /** whether the kiosk has any event waiting for a gap to fill */
  hasHeld(kioskKid: string): Promise<boolean>;
  insertEvent(event: NewReceivedEvent): Promise<void>;
  settleEvent(row: number, outcome: EventOutcome): Promise<void>;
  isEventIdAccepted(eventId: string): Promise<boolean>;
  card(csn: string): Promise<TappedCard | undefined>;
  counterUse(csn: string, counter: number): Promise<StoredCounterUse | undefined>;
  recordCounterUse(csn: string, counter: number, use: CounterUse): Promise<void>;
  raiseHighestCounter(csn: string, counter: number): Promise<void>;
  meeting(id: string): Promise<Meeting | undefined>;
  isMeetingKindActive(code: string): Promise<boolean>;
  openAdHocMeeting(meeting: NewAdHocMeeting, now: string): Promise<Meeting>;
  /** an open ad-hoc meeting after its start (it ends then), or a scheduled one not closed or cancelled yet; undefined when neither */
  closeMeeting(id: string, closedAt: string): Promise<Meeting | undefined>;
  periodsAt(memberId: number, date: string): Promise<MembershipPeriod[]>;
  recordAttendance(row: NewAttendance): Promise<'recorded' | 'already-present'>;
  /** a signed check-in the server refused, under the meeting and member it names: the member saw green but is not counted */
  recordRefusedCheckin(refused: RefusedCheckin): Promise<void>;
  /** a signed transfer.accept the server refused, under the letter it names: the kiosk showed it done, the letter stays as it was */
  recordRefusedAcceptance(refused: RefusedAcceptance): Promise<void>;
  /** returns the alarm's id */
  raiseAlarm(alarm: NewAlarm): Promise<number>;
  log: LogAppender;
  transfers: TransferTx;
}

/** The text form of a JWS hash (hex), by which a batch's events are matched with what is stored. */
export const hashKey = (hash: Uint8Array): string => Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex');

export interface IngestReader {
  /** which of these JWS hashes the kiosk has sent before (as hashKey): a resend needs no verification */
  knownHashes(kioskKid: string, hashes: readonly Uint8Array[]): Promise<Set<string>>;
}

export interface IngestWriter {
  /**
   * Runs `work` in one write transaction: everything it wrote is committed together, or nothing (a throw
   * rolls it all back). Inside, `work` uses only `tx`: the store's other writers wait for the transaction.
   */
  transaction<T>(work: (tx: IngestTx) => Promise<T>): Promise<T>;
}
