import type { CryptoKey } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { eventHash, signEvent } from '../../../shared/events/event-jws.ts';
import { EVENT_VERSION, type EventPayload } from '../../../shared/events/event-schema.ts';
import { KioskError } from '../errors.ts';
import type { KioskDb } from '../store/kiosk-db.ts';
import type { AppendedEvent, EventDraft, PendingEvent, Receipt, RejectedEvent } from './event-draft.ts';

export interface EventSigner {
  kid: string;
  privateKey: CryptoKey;
}

interface HeadRow {
  seq: number;
  hash: string;
}

interface RejectedRow {
  seq: number;
  id: string;
  type: string;
  at: string;
  receipt_code: string | null;
  received_at: string;
}

/** Runs an insert keyed by what it records; a key already there becomes `conflict()` (which rolls back). */
function insertOnce(insert: () => unknown, conflict: () => KioskError): void {
  try {
    insert();
  } catch (error) {
    if (error instanceof Error && (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw conflict();
    throw error;
  }
}

/**
 * The kiosk's durable, signed, hash-chained queue of events (DESIGN §4, §6). `append` resolves only after
 * the signed event is committed with synchronous=FULL: from then on it survives a power cut, which is the
 * moment the screen may confirm the tap. Events stay until the server's receipt arrives.
 */
export class Outbox {
  /** Appends run one at a time: each needs the previous one's hash, and seq must have no gaps. */
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private readonly selectHead;
  private readonly insertEvent;
  private readonly insertAttendance;
  private readonly insertTransfer;
  private readonly insertClosedMeeting;
  private readonly insertServerClosedMeeting;
  private readonly selectPending;
  private readonly countPending;
  private readonly updateReceipt;
  private readonly selectRejected;
  private readonly countRejected;
  private readonly selectAttendance;
  private readonly selectTransfer;
  private readonly selectClosedMeeting;
  private readonly selectCheckinMeeting;

  constructor(
    private readonly db: KioskDb,
    private readonly signer: EventSigner,
    private readonly org: string,
  ) {
    this.selectHead = db.prepare<[], HeadRow>('SELECT seq, hash FROM outbox ORDER BY seq DESC LIMIT 1');
    this.insertEvent = db.prepare<[number, string, string, string, string, string]>(
      'INSERT INTO outbox (seq, id, type, at, jws, hash) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertAttendance = db.prepare<[string, string, number, string]>('INSERT INTO attendance (meeting, member, seq, at) VALUES (?, ?, ?, ?)');
    this.insertTransfer = db.prepare<[string, string, number, string]>('INSERT INTO transfer_acceptances (transfer, member, seq, at) VALUES (?, ?, ?, ?)');
    this.insertClosedMeeting = db.prepare<[string, number, string]>('INSERT INTO closed_meetings (meeting, seq, at) VALUES (?, ?, ?)');
    this.insertServerClosedMeeting = db.prepare<[string, number, string]>(
      'INSERT INTO server_closed_meetings (meeting, seq, learnt_at) VALUES (?, ?, ?) ON CONFLICT (meeting) DO NOTHING',
    );
    this.selectPending = db.prepare<[number], PendingEvent>('SELECT seq, jws FROM outbox WHERE receipt_status IS NULL ORDER BY seq LIMIT ?');
    this.countPending = db.prepare<[], number>('SELECT count(*) FROM outbox WHERE receipt_status IS NULL').pluck();
    this.updateReceipt = db.prepare<[string, string | null, number | null, string, number]>(
      'UPDATE outbox SET receipt_status = ?, receipt_code = ?, log_index = ?, received_at = ? WHERE seq = ? AND receipt_status IS NULL',
    );
    this.selectRejected = db.prepare<[], RejectedRow>(
      `SELECT seq, id, type, at, receipt_code, received_at FROM outbox WHERE receipt_status = 'rejected' ORDER BY seq`,
    );
    this.countRejected = db.prepare<[], number>(`SELECT count(*) FROM outbox WHERE receipt_status = 'rejected'`).pluck();
    this.selectAttendance = db.prepare<[string, string], number>('SELECT seq FROM attendance WHERE meeting = ? AND member = ?').pluck();
    this.selectTransfer = db.prepare<[string], number>('SELECT seq FROM transfer_acceptances WHERE transfer = ?').pluck();
    this.selectClosedMeeting = db.prepare<[string, string], number>(
      'SELECT seq FROM closed_meetings WHERE meeting = ? UNION ALL SELECT seq FROM server_closed_meetings WHERE meeting = ?',
    ).pluck();
    this.selectCheckinMeeting = db.prepare<[number], string>('SELECT meeting FROM attendance WHERE seq = ?').pluck();
  }

  /**
   * Signs `draft` as the next event of the chain and commits it. A checkin also records the attendance, a
   * transfer.accept the acceptance and a meeting.close the closed meeting, in the same transaction: when one is
   * already there (the member tapped a second reader meanwhile) nothing is written and ERR_ALREADY_CHECKED_IN /
   * ERR_TRANSFER_ALREADY_ACCEPTED / ERR_MEETING_CLOSED tells the caller, with no seq used up. A checkin naming a
   * closed meeting (see hasClosedMeeting) is refused the same way (ERR_MEETING_CLOSED): its tap began before the
   * close was recorded or learnt.
   */
  append(draft: EventDraft): Promise<AppendedEvent> {
    if (this.closed) return Promise.reject(new KioskError('ERR_OUTBOX_CLOSED', 'the kiosk is shutting down; the event was not recorded'));
    const run = this.tail.then(() => this.appendNow(draft));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The oldest events without a receipt, in seq order. */
  pending(limit: number): PendingEvent[] {
    return this.selectPending.all(limit);
  }

  queueLength(): number {
    return this.countPending.get() ?? 0;
  }

  /**
   * Writes the server's receipts. Only a receipt takes an event out of the pending set; a receipt for an
   * event that already has one keeps the first (the server's duplicate answer repeats it anyway).
   * A checkin refused with ERR_MEETING_CLOSED proves its meeting closed at the server, for good: the meeting is
   * recorded closed with the receipt, and `closedAtServer` names the meetings learnt closed by these receipts.
   */
  recordReceipts(receipts: readonly Receipt[], receivedAt: Date): { recorded: number; closedAtServer: string[] } {
    const at = receivedAt.toISOString();
    let recorded = 0;
    const closedAtServer: string[] = [];
    this.db.transaction(() => {
      for (const receipt of receipts) {
        const code = receipt.status === 'rejected' ? (receipt.code ?? null) : null;
        const changes = this.updateReceipt.run(receipt.status, code, receipt.logIndex ?? null, at, receipt.seq).changes;
        recorded += changes;
        if (changes === 0 || code !== 'ERR_MEETING_CLOSED') continue;
        const meeting = this.selectCheckinMeeting.get(receipt.seq);
        if (meeting !== undefined && this.insertServerClosedMeeting.run(meeting, receipt.seq, at).changes > 0) closedAtServer.push(meeting);
      }
    })();
    return { recorded, closedAtServer };
  }

  rejected(): RejectedEvent[] {
    return this.selectRejected.all().map((row) => ({
      seq: row.seq, id: row.id, type: row.type, at: row.at, code: row.receipt_code ?? undefined, receivedAt: row.received_at,
    }));
  }

  rejectedCount(): number {
    return this.countRejected.get() ?? 0;
  }

  hasCheckedIn(meeting: string, member: string): boolean {
    return this.selectAttendance.get(meeting, member) !== undefined;
  }

  hasAcceptedTransfer(transfer: string): boolean {
    return this.selectTransfer.get(transfer) !== undefined;
  }

  /**
   * The meeting is closed for this kiosk: it closed it (its meeting.close is recorded, whether or not the server has it
   * yet), or the server refused one of its check-ins to it as closed (closed at another kiosk, or by the branch).
   */
  hasClosedMeeting(meeting: string): boolean {
    return this.selectClosedMeeting.get(meeting, meeting) !== undefined;
  }

  /** Lets a pending append finish, then refuses new ones; the caller closes the database afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }

  private async appendNow(draft: EventDraft): Promise<AppendedEvent> {
    const head = this.selectHead.get();
    const seq = (head?.seq ?? 0) + 1;
    // The spread cannot be checked against the union by the compiler; signEvent parses it with the schema.
    const payload = {
      ...draft,
      v: EVENT_VERSION,
      id: uuidv7(),
      kiosk: this.signer.kid,
      seq,
      ...(head && { prev: head.hash }),
      org: this.org,
    } as EventPayload;
    const jws = await signEvent(payload, this.signer.privateKey, this.signer.kid);
    const hash = await eventHash(jws);
    this.db.transaction(() => {
      this.insertEvent.run(seq, payload.id, payload.type, payload.at, jws, hash);
      this.recordEffect(payload);
    })();
    return { seq, jws, payload };
  }

  private recordEffect(payload: EventPayload): void {
    if (payload.type === 'checkin') {
      if (this.hasClosedMeeting(payload.meeting)) throw new KioskError('ERR_MEETING_CLOSED', `meeting ${payload.meeting} is closed: it takes no more check-ins`);
      insertOnce(() => this.insertAttendance.run(payload.meeting, payload.member, payload.seq, payload.at), () =>
        new KioskError('ERR_ALREADY_CHECKED_IN', `member ${payload.member} is already checked in to meeting ${payload.meeting}`));
    } else if (payload.type === 'transfer.accept') {
      insertOnce(() => this.insertTransfer.run(payload.transfer, payload.member, payload.seq, payload.at), () =>
        new KioskError('ERR_TRANSFER_ALREADY_ACCEPTED', `transfer ${payload.transfer} was already accepted at this kiosk`));
    } else if (payload.type === 'meeting.close') {
      insertOnce(() => this.insertClosedMeeting.run(payload.meeting, payload.seq, payload.at), () =>
        new KioskError('ERR_MEETING_CLOSED', `meeting ${payload.meeting} was already closed at this kiosk`));
    }
  }
}
