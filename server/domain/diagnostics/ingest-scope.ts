import type { NewAttendance } from '../../store/repositories/attendance.ts';
import type { CounterUse, EventOutcome, IngestTx, NewAlarm, NewBatch, NewReceivedEvent, RefusedAcceptance, RefusedCheckin } from '../../store/repositories/ingest.ts';
import type { NewAdHocMeeting } from '../../store/repositories/meetings.ts';
import type { Acceptance, TransferTx } from '../../store/repositories/transfers.ts';
import type { Scope } from './finding.ts';

interface MutableScope {
  kind: 'some';
  members: Set<number>;
  orgs: Set<number>;
  kiosks: Set<string>;
  transfers: Set<string>;
  alarms: Set<number>;
  cards: Set<string>;
}

/**
 * An ingest transaction that notes what its writes touch, for the diagnostic rules to look at once the
 * batch is committed: members who checked in and the organisations hosting them, organisations whose
 * meetings opened or closed, transfer letters accepted (and their members), alarms raised. Every call goes
 * straight through; declaring each one here (rather than forwarding unknown names) makes a new write
 * method of IngestTx a compile error until it says what it touches.
 */
class ScopeRecordingTx implements IngestTx {
  readonly transfers: TransferTx;

  constructor(
    private readonly tx: IngestTx,
    private readonly scope: MutableScope,
  ) {
    const letters = tx.transfers;
    this.transfers = {
      byId: (id) => letters.byId(id),
      isSecretaryOf: (memberId, orgId) => letters.isSecretaryOf(memberId, orgId),
      accept: async (id: string, acceptance: Extract<Acceptance, { via: 'kiosk' }>, now: string, date: string) => {
        const letter = await letters.accept(id, acceptance, now, date);
        scope.transfers.add(letter.id);
        scope.members.add(letter.memberId);
        scope.orgs.add(letter.fromOrgId).add(letter.toOrgId);
        return letter;
      },
    };
  }

  get log() {
    return this.tx.log;
  }
  isKioskEnabled(kioskKid: string) {
    return this.tx.isKioskEnabled(kioskKid);
  }
  insertBatch(batch: NewBatch) {
    return this.tx.insertBatch(batch);
  }
  nextEventRow() {
    return this.tx.nextEventRow();
  }
  eventByHash(kioskKid: string, hash: Uint8Array) {
    return this.tx.eventByHash(kioskKid, hash);
  }
  chainHead(kioskKid: string) {
    return this.tx.chainHead(kioskKid);
  }
  chainedAt(kioskKid: string, seq: number) {
    return this.tx.chainedAt(kioskKid, seq);
  }
  heldAt(kioskKid: string, seq: number) {
    return this.tx.heldAt(kioskKid, seq);
  }
  hasHeld(kioskKid: string) {
    return this.tx.hasHeld(kioskKid);
  }
  insertEvent(event: NewReceivedEvent) {
    return this.tx.insertEvent(event);
  }
  settleEvent(row: number, outcome: EventOutcome) {
    return this.tx.settleEvent(row, outcome);
  }
  isEventIdAccepted(eventId: string) {
    return this.tx.isEventIdAccepted(eventId);
  }
  card(csn: string) {
    return this.tx.card(csn);
  }
  counterUse(csn: string, counter: number) {
    return this.tx.counterUse(csn, counter);
  }
  recordCounterUse(csn: string, counter: number, use: CounterUse) {
    return this.tx.recordCounterUse(csn, counter, use);
  }
  raiseHighestCounter(csn: string, counter: number) {
    return this.tx.raiseHighestCounter(csn, counter);
  }
  meeting(id: string) {
    return this.tx.meeting(id);
  }
  isMeetingKindActive(code: string) {
    return this.tx.isMeetingKindActive(code);
  }
  async openAdHocMeeting(meeting: NewAdHocMeeting, now: string) {
    const opened = await this.tx.openAdHocMeeting(meeting, now);
    this.scope.orgs.add(opened.orgId);
    return opened;
  }
  async closeMeeting(id: string, closedAt: string) {
    const closed = await this.tx.closeMeeting(id, closedAt);
    if (closed) this.scope.orgs.add(closed.orgId);
    return closed;
  }
  periodsAt(memberId: number, date: string) {
    return this.tx.periodsAt(memberId, date);
  }
  recordAttendance(row: NewAttendance) {
    this.scope.members.add(row.memberId);
    this.scope.orgs.add(row.hostOrgId);
    return this.tx.recordAttendance(row);
  }
  /** No rule reads refused check-ins: the meeting's page shows them. */
  recordRefusedCheckin(refused: RefusedCheckin) {
    return this.tx.recordRefusedCheckin(refused);
  }
  /** No rule reads refused acceptances: the letter shows them. */
  recordRefusedAcceptance(refused: RefusedAcceptance) {
    return this.tx.recordRefusedAcceptance(refused);
  }
  async raiseAlarm(alarm: NewAlarm) {
    const id = await this.tx.raiseAlarm(alarm);
    this.scope.kiosks.add(alarm.kioskKid);
    this.scope.alarms.add(id);
    return id;
  }
}

/**
 * What one ingest batch touches: `wrap` the batch's work so its transaction records it, and read `scope`
 * once the batch is committed. The kiosk that sent the batch was heard from, so it is in from the start.
 */
export function batchScope(kioskKid: string): { scope: Extract<Scope, { kind: 'some' }>; wrap<T>(work: (tx: IngestTx) => Promise<T>): (tx: IngestTx) => Promise<T> } {
  const scope: MutableScope = { kind: 'some', members: new Set(), orgs: new Set(), kiosks: new Set([kioskKid]), transfers: new Set(), alarms: new Set(), cards: new Set() };
  return { scope, wrap: (work) => (tx) => work(new ScopeRecordingTx(tx, scope)) };
}
