import type { ReadableDb, WritableDb } from '../db-handles.ts';
import {
  hashKey,
  type ChainLink,
  type CounterUse,
  type EventOutcome,
  type HeldEvent,
  type IngestReader,
  type IngestTx,
  type IngestWriter,
  type LogAppender,
  type NewAlarm,
  type NewBatch,
  type NewReceivedEvent,
  type RefusedAcceptance,
  type RefusedCheckin,
  type StoredCounterUse,
  type StoredEvent,
  type TappedCard,
} from '../repositories/ingest.ts';
import type { NewAttendance } from '../repositories/attendance.ts';
import type { Meeting, NewAdHocMeeting } from '../repositories/meetings.ts';
import type { MembershipPeriod } from '../repositories/members.ts';
import { immediateTransaction } from './async-transaction.ts';
import { insertAttendance } from './attendance-sql.ts';
import { closeMeeting, insertAdHocMeeting, meetingById } from './meetings-sql.ts';
import { periodsAt } from './members-sql.ts';
import { statement } from './statements.ts';
import { SqliteTransferTx } from './transfers-sql.ts';

/** better-sqlite3 hands BLOBs back as Buffers; callers compare plain Uint8Arrays. */
const bytes = (blob: Buffer): Uint8Array => new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);

interface ChainRow {
  row: number;
  seq: number;
  hash: Buffer;
  eventId: string;
}

const toLink = (row: ChainRow | undefined): ChainLink | undefined => row && { ...row, hash: bytes(row.hash) };

// The columns a tap is judged on: the 1 KB credential and the issuer stay behind.
const TAPPED_CARD_SELECT = `SELECT c.csn, c.member_id AS memberId, m.member_number AS memberNumber, c.jti, c.status, c.status_changed_at AS statusChangedAt
  FROM cards c JOIN members m ON m.id = c.member_id`;

/** The ingest transaction's reads and writes, as prepared statements on the one writing connection. */
class SqliteIngestTx implements IngestTx {
  /** meetings read in this transaction: a batch names a few meetings many times */
  private readonly meetings = new Map<string, Meeting | undefined>();
  readonly transfers: SqliteTransferTx;

  constructor(
    private readonly db: WritableDb,
    readonly log: LogAppender,
  ) {
    this.transfers = new SqliteTransferTx(db);
  }

  /** Called as each transaction starts: nothing cached may outlive the transaction that read it. */
  begin(): void {
    this.meetings.clear();
  }

  async insertBatch(batch: NewBatch): Promise<number> {
    return statement(this.db, 'INSERT INTO ingest_batches (kiosk_kid, received_at, token_skew_seconds, event_count) VALUES (?, ?, ?, ?) RETURNING id')
      .pluck()
      .get(batch.kioskKid, batch.receivedAt, batch.tokenSkewSeconds, batch.eventCount) as number;
  }

  async nextEventRow(): Promise<number> {
    return ((statement(this.db, 'SELECT max(id) FROM events').pluck().get() as number | null) ?? 0) + 1;
  }

  async eventByHash(kioskKid: string, hash: Uint8Array): Promise<StoredEvent | undefined> {
    return statement(this.db, 'SELECT id AS row, seq, status, code, log_index AS logIndex FROM events WHERE kiosk_kid = ? AND jws_hash = ?').get(kioskKid, hash) as
      | StoredEvent
      | undefined;
  }

  async isKioskEnabled(kioskKid: string): Promise<boolean> {
    return statement(this.db, 'SELECT disabled_at IS NULL FROM kiosks WHERE kid = ?').pluck().get(kioskKid) === 1;
  }

  async chainHead(kioskKid: string): Promise<ChainLink | undefined> {
    return toLink(
      statement(this.db, 'SELECT id AS row, seq, jws_hash AS hash, event_id AS eventId FROM events WHERE kiosk_kid = ? AND chained = 1 ORDER BY seq DESC LIMIT 1').get(
        kioskKid,
      ) as ChainRow | undefined,
    );
  }

  async chainedAt(kioskKid: string, seq: number): Promise<ChainLink | undefined> {
    return toLink(
      statement(this.db, 'SELECT id AS row, seq, jws_hash AS hash, event_id AS eventId FROM events WHERE kiosk_kid = ? AND seq = ? AND chained = 1').get(kioskKid, seq) as
        | ChainRow
        | undefined,
    );
  }

  async heldAt(kioskKid: string, seq: number): Promise<HeldEvent[]> {
    const rows = statement(
      this.db,
      `SELECT id AS row, seq, jws, jws_hash AS hash, held_taps AS taps FROM events WHERE kiosk_kid = ? AND seq = ? AND status = 'held' ORDER BY id`,
    ).all(kioskKid, seq) as (Omit<HeldEvent, 'hash'> & { hash: Buffer })[];
    return rows.map((row) => ({ ...row, hash: bytes(row.hash) }));
  }

  async hasHeld(kioskKid: string): Promise<boolean> {
    return statement(this.db, `SELECT 1 FROM events WHERE kiosk_kid = ? AND status = 'held' LIMIT 1`).pluck().get(kioskKid) === 1;
  }

  async insertEvent(event: NewReceivedEvent): Promise<void> {
    statement(
      this.db,
      `INSERT INTO events (id, batch_id, kiosk_kid, jws, jws_hash, signed, seq, event_id, type, at, received_at, clock_ahead_ms, status, code, chained, log_index, held_taps)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      event.row,
      event.batchId,
      event.kioskKid,
      event.jws,
      event.hash,
      event.signed ? 1 : 0,
      event.seq,
      event.eventId,
      event.type,
      event.at,
      event.receivedAt,
      event.clockAheadMs,
      event.status,
      event.code,
      event.chained ? 1 : 0,
      event.logIndex,
      event.heldTaps,
    );
  }

  async settleEvent(row: number, outcome: EventOutcome): Promise<void> {
    statement(this.db, 'UPDATE events SET status = ?, code = ?, chained = ?, log_index = ?, held_taps = ? WHERE id = ?').run(
      outcome.status,
      outcome.code,
      outcome.chained ? 1 : 0,
      outcome.logIndex,
      outcome.heldTaps,
      row,
    );
  }

  async isEventIdAccepted(eventId: string): Promise<boolean> {
    return statement(this.db, `SELECT 1 FROM events WHERE event_id = ? AND status = 'accepted'`).pluck().get(eventId) === 1;
  }

  async card(csn: string): Promise<TappedCard | undefined> {
    return statement(this.db, `${TAPPED_CARD_SELECT} WHERE c.csn = ?`).get(csn) as TappedCard | undefined;
  }

  async counterUse(csn: string, counter: number): Promise<StoredCounterUse | undefined> {
    const row = statement(
      this.db,
      'SELECT u.event_row AS eventRow, u.challenge, e.event_id AS eventId FROM card_counter_uses u JOIN events e ON e.id = u.event_row WHERE u.csn = ? AND u.counter = ?',
    ).get(csn, counter) as { eventRow: number; challenge: Buffer; eventId: string | null } | undefined;
    return row && { ...row, challenge: bytes(row.challenge) };
  }

  async recordCounterUse(csn: string, counter: number, use: CounterUse): Promise<void> {
    statement(this.db, 'INSERT INTO card_counter_uses (csn, counter, event_row, challenge) VALUES (?, ?, ?, ?)').run(csn, counter, use.eventRow, use.challenge);
  }

  async raiseHighestCounter(csn: string, counter: number): Promise<void> {
    statement(this.db, 'UPDATE cards SET highest_counter = ? WHERE csn = ? AND highest_counter < ?').run(counter, csn, counter);
  }

  async meeting(id: string): Promise<Meeting | undefined> {
    if (!this.meetings.has(id)) this.meetings.set(id, meetingById(this.db, id));
    return this.meetings.get(id);
  }

  async isMeetingKindActive(code: string): Promise<boolean> {
    return statement(this.db, 'SELECT 1 FROM meeting_kinds WHERE code = ? AND active = 1').pluck().get(code) === 1;
  }

  async openAdHocMeeting(meeting: NewAdHocMeeting, now: string): Promise<Meeting> {
    this.meetings.delete(meeting.id);
    return insertAdHocMeeting(this.db, meeting, now);
  }

  async closeMeeting(id: string, closedAt: string): Promise<Meeting | undefined> {
    this.meetings.delete(id);
    return closeMeeting(this.db, id, closedAt);
  }

  async periodsAt(memberId: number, date: string): Promise<MembershipPeriod[]> {
    return periodsAt(this.db, memberId, date);
  }

  async recordAttendance(row: NewAttendance): Promise<'recorded' | 'already-present'> {
    return insertAttendance(this.db, row);
  }

  async recordRefusedCheckin(refused: RefusedCheckin): Promise<void> {
    statement(this.db, 'INSERT INTO refused_checkins (event_row, meeting_id, member_number) VALUES (?, ?, ?)').run(refused.eventRow, refused.meetingId, refused.memberNumber);
  }

  async recordRefusedAcceptance(refused: RefusedAcceptance): Promise<void> {
    statement(this.db, 'INSERT INTO refused_acceptances (event_row, transfer_id, member_number, failed_tap) VALUES (?, ?, ?, ?)').run(refused.eventRow, refused.transferId, refused.memberNumber, refused.failedTap);
  }

  async raiseAlarm(alarm: NewAlarm): Promise<number> {
    return statement(this.db, 'INSERT INTO alarms (type, kiosk_kid, org_id, csn, event_ids, at, details) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      alarm.type,
      alarm.kioskKid,
      alarm.orgId,
      alarm.csn,
      JSON.stringify(alarm.eventIds),
      alarm.at,
      JSON.stringify(alarm.details),
    ).lastInsertRowid as number;
  }
}

export class SqliteIngestReader implements IngestReader {
  constructor(private readonly db: ReadableDb) {}

  async knownHashes(kioskKid: string, hashes: readonly Uint8Array[]): Promise<Set<string>> {
    // One query for the whole batch: the hashes travel as one JSON array parameter of hex strings.
    const rows = statement(this.db, 'SELECT lower(hex(jws_hash)) FROM events WHERE kiosk_kid = ? AND jws_hash IN (SELECT unhex(value) FROM json_each(?))')
      .pluck()
      .all(kioskKid, JSON.stringify(hashes.map(hashKey))) as string[];
    return new Set(rows);
  }
}

export class SqliteIngestWriter implements IngestWriter {
  private readonly tx: SqliteIngestTx;

  constructor(
    private readonly db: WritableDb,
    log: LogAppender,
  ) {
    this.tx = new SqliteIngestTx(db, log);
  }

  /** One transaction at a time, under the store's write lock, so the one SqliteIngestTx serves them all. */
  async transaction<T>(work: (tx: IngestTx) => Promise<T>): Promise<T> {
    return immediateTransaction(this.db, () => {
      this.tx.begin();
      return work(this.tx);
    });
  }
}
