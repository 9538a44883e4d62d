import { hex } from '../../../shared/bytes.ts';
import { EventPayloadSchema } from '../../../shared/events/event-schema.ts';
import type { OrgCalendar } from '../../../shared/org-calendar.ts';
import type { Receipt } from '../../schemas/events.ts';
import type { FailedTap } from '../../schemas/transfers.ts';
import type { ChainLink, EventOutcome, HeldEvent, IngestTx, StoredEvent } from '../../store/repositories/ingest.ts';
import type { Kiosk } from '../../store/repositories/kiosks.ts';
import { jwsPayload } from '../../verify/jws-payload.ts';
import { withoutEvidence, type EventFacts, type EventVerdict, type TapVerdict } from '../../verify/verdicts.ts';
import { judgeEvent } from './judge-event.ts';

/** An event `at` further ahead of the server clock than this is flagged (and alarmed), never refused. */
export const CLOCK_AHEAD_TOLERANCE_MS = 5 * 60_000;

export interface BatchItem {
  jws: string;
  /** SHA-256 of the JWS text */
  hash: Uint8Array;
  /** undefined for an event the kiosk had sent before: it was not verified again */
  verdict: EventVerdict | undefined;
}

export interface BatchInput {
  kiosk: Kiosk;
  receivedAt: Date;
  /** the organisation's days: a check-in's, and the day a letter accepted at a kiosk moves the member */
  calendar: OrgCalendar;
  tokenSkewSeconds: number;
  items: BatchItem[];
}

/** A verified event on its way into the chain: new in this batch, or held earlier and now released. */
interface Placement {
  row: number;
  fresh: boolean;
  jws: string;
  hash: Uint8Array;
  payload: EventFacts;
  taps: TapVerdict[];
  clockAheadMs: number | null;
}

type Settled = Pick<EventOutcome, 'status' | 'code' | 'logIndex'>;

/** Where the batch starts: its own row, the next free event row, and where the log and the kiosk's chain stand. */
interface BatchStart {
  batchId: number;
  nextRow: number;
  logBase: number;
  head: ChainLink | undefined;
  holding: boolean;
}

/** How a held event's verdict is kept: its payload is re-read from its JWS, which was verified when it came. */
const heldPayload = (held: HeldEvent): EventFacts =>
  withoutEvidence(EventPayloadSchema.parse(jwsPayload(held.jws)));

/** What `prev` must be after `link`: base64url of its JWS hash, as eventHash computes it. */
const prevOf = (link: ChainLink | undefined): string | undefined => (link ? Buffer.from(link.hash).toString('base64url') : undefined);

/**
 * Stores one batch inside its transaction and decides every event, in order (DESIGN §4):
 * - the same bytes again → the first receipt (accepted → `duplicate` with the same logIndex);
 * - refused before its seq could be trusted (malformed, another kiosk's, bad signature, bad schema) → kept, rejected;
 * - seq already in the chain with other bytes → fork: kept as evidence, rejected, alarm;
 * - seq beyond the next expected → held until the gap fills (answered ERR_EVENT_SEQ_GAP);
 * - seq next but `prev` is not the hash of the chain's last event → rejected, alarm;
 * - otherwise it takes its place in the chain and is judged on its content (judge-event.ts): accepted
 *   events become log leaves in this same transaction. Held events that now follow are released.
 */
class BatchApplier {
  private readonly now: string;
  private readonly settled = new Map<number, Settled>();
  private readonly leaves: string[] = [];
  private readonly logBase: number;
  private readonly batchId: number;
  private readonly clockAhead: string[] = [];
  private nextRow: number;
  private head: ChainLink | undefined;
  private holding: boolean;

  private constructor(
    private readonly tx: IngestTx,
    private readonly input: BatchInput,
    start: BatchStart,
  ) {
    this.now = input.receivedAt.toISOString();
    this.batchId = start.batchId;
    this.nextRow = start.nextRow;
    this.logBase = start.logBase;
    this.head = start.head;
    this.holding = start.holding;
  }

  /** Stores the batch's own row, then reads where it starts. */
  static async open(tx: IngestTx, input: BatchInput): Promise<BatchApplier> {
    const { kid } = input.kiosk;
    const batchId = await tx.insertBatch({ kioskKid: kid, receivedAt: input.receivedAt.toISOString(), tokenSkewSeconds: input.tokenSkewSeconds, eventCount: input.items.length });
    return new BatchApplier(tx, input, {
      batchId,
      nextRow: await tx.nextEventRow(),
      logBase: await tx.log.size(),
      head: await tx.chainHead(kid),
      holding: await tx.hasHeld(kid),
    });
  }

  async run(): Promise<Receipt[]> {
    // One event after another: each is decided against the chain the events before it left.
    const answers: (() => Receipt)[] = [];
    for (const item of this.input.items) answers.push(await this.receive(item));
    const first = await this.tx.log.appendAll(this.leaves);
    if (this.leaves.length > 0 && first !== this.logBase) throw new Error(`the log grew under the batch: expected leaf ${this.logBase}, got ${first}`);
    if (this.clockAhead.length > 0) {
      const { kiosk } = this.input;
      await this.tx.raiseAlarm({ type: 'skew', kioskKid: kiosk.kid, orgId: kiosk.orgId, csn: null, eventIds: this.clockAhead, at: this.now, details: { toleranceMs: CLOCK_AHEAD_TOLERANCE_MS } });
    }
    return answers.map((answer) => answer());
  }

  /** Handles one item; returns how to answer it once the whole batch is decided. */
  private async receive(item: BatchItem): Promise<() => Receipt> {
    const stored = await this.tx.eventByHash(this.input.kiosk.kid, item.hash);
    if (stored) return () => this.receipt(stored.seq, this.settled.get(stored.row) ?? stored, true);
    if (!item.verdict) throw new Error(`event ${hex(item.hash)} was sent before, so it was not verified, but it is not stored`);
    const row = this.nextRow++;
    const verdict = item.verdict;
    if (verdict.kind === 'refused') {
      await this.write({ row, jws: item.jws, hash: item.hash, signed: false, facts: verdict.claimed, clockAheadMs: null }, {
        status: 'rejected',
        code: verdict.code,
        chained: false,
        logIndex: null,
        heldTaps: null,
      });
      return () => this.receipt(verdict.claimed.seq, this.settled.get(row)!, false);
    }
    const { payload } = verdict;
    const ahead = Date.parse(payload.at) - this.input.receivedAt.getTime();
    const clockAheadMs = ahead > CLOCK_AHEAD_TOLERANCE_MS ? ahead : null;
    if (clockAheadMs !== null) this.clockAhead.push(payload.id);
    await this.placeAndRelease({ row, fresh: true, jws: item.jws, hash: item.hash, payload, taps: verdict.taps, clockAheadMs });
    return () => this.receipt(payload.seq, this.settled.get(row)!, false);
  }

  private receipt(seq: number | null, outcome: Settled | StoredEvent, resent: boolean): Receipt {
    if (outcome.status === 'accepted') return { seq, status: resent ? 'duplicate' : 'accepted', logIndex: outcome.logIndex! };
    // Stored refusals always carry their code (a CHECK in the events table); held ones carry ERR_EVENT_SEQ_GAP.
    return { seq, status: 'rejected', code: outcome.code! };
  }

  private async placeAndRelease(event: Placement): Promise<void> {
    await this.place(event);
    while (this.holding) {
      const next = (this.head?.seq ?? 0) + 1;
      const held = await this.tx.heldAt(this.input.kiosk.kid, next);
      if (held.length === 0) return;
      // The first to arrive takes the seq; any other held at the same seq is then fork evidence.
      for (const waiting of held) {
        await this.place({ row: waiting.row, fresh: false, jws: waiting.jws, hash: waiting.hash, payload: heldPayload(waiting), taps: JSON.parse(waiting.taps) as TapVerdict[], clockAheadMs: null });
      }
      if (this.head?.seq !== next) return;
    }
  }

  private async place(event: Placement): Promise<void> {
    const { kiosk } = this.input;
    const { payload } = event;
    const next = (this.head?.seq ?? 0) + 1;
    if (payload.seq < next) {
      const first = (await this.tx.chainedAt(kiosk.kid, payload.seq))!;
      await this.settle(event, { status: 'rejected', code: 'ERR_EVENT_FORK', chained: false, logIndex: null, heldTaps: null });
      await this.alarm('fork', [first.eventId, payload.id], { seq: payload.seq, firstRow: first.row, forkRow: event.row });
      return;
    }
    if (payload.seq > next) {
      this.holding = true;
      await this.settle(event, { status: 'held', code: 'ERR_EVENT_SEQ_GAP', chained: false, logIndex: null, heldTaps: JSON.stringify(event.taps) });
      return;
    }
    if (payload.prev !== prevOf(this.head)) {
      await this.settle(event, { status: 'rejected', code: 'ERR_EVENT_CHAIN_BROKEN', chained: false, logIndex: null, heldTaps: null });
      await this.alarm('chain', [...(this.head ? [this.head.eventId] : []), payload.id], { seq: payload.seq, prev: payload.prev ?? null, expected: prevOf(this.head) ?? null });
      return;
    }
    const judged = await judgeEvent({ tx: this.tx, kiosk, row: event.row, now: this.now, calendar: this.input.calendar }, payload, event.taps);
    const accepted = judged.code === null;
    const logIndex = accepted ? this.logBase + this.leaves.length : null;
    if (accepted) this.leaves.push(event.jws);
    await this.settle(event, { status: accepted ? 'accepted' : 'rejected', code: judged.code, chained: true, logIndex, heldTaps: null }, judged.failedTap ?? null);
    for (const effect of judged.effects) await effect();
    this.head = { row: event.row, seq: payload.seq, hash: event.hash, eventId: payload.id };
  }

  /** `failedTap`: whose tap a judged acceptance was refused on, for the letter's list */
  private async settle(event: Placement, outcome: EventOutcome, failedTap: FailedTap | null = null): Promise<void> {
    const { payload } = event;
    if (event.fresh) {
      await this.write({ ...event, signed: true, facts: { seq: payload.seq, id: payload.id, type: payload.type, at: payload.at } }, outcome);
    } else {
      await this.tx.settleEvent(event.row, outcome);
      this.settled.set(event.row, outcome);
    }
    // The kiosk showed the member green before the server judged the tap: a refusal leaves them uncounted, and the
    // meeting's page must say so. Signed events only: what an unverified payload names is nobody's word. And only at
    // a meeting of the kiosk's own organisation: another's kiosk naming a meeting must not add to its page.
    if (outcome.status === 'rejected' && payload.type === 'checkin' && (await this.tx.meeting(payload.meeting))?.orgId === this.input.kiosk.orgId) {
      await this.tx.recordRefusedCheckin({ eventRow: event.row, meetingId: payload.meeting, memberNumber: payload.member });
    }
    // Likewise an acceptance the kiosk showed done that leaves the letter open: only on a letter addressed to the
    // kiosk's organisation, the only kiosks that may accept it.
    if (outcome.status === 'rejected' && payload.type === 'transfer.accept' && (await this.tx.transfers.byId(payload.transfer))?.toOrgId === this.input.kiosk.orgId) {
      await this.tx.recordRefusedAcceptance({ eventRow: event.row, transferId: payload.transfer, memberNumber: payload.member, failedTap });
    }
  }

  private async write(
    event: { row: number; jws: string; hash: Uint8Array; signed: boolean; facts: { seq: number | null; id: string | null; type: string | null; at: string | null }; clockAheadMs: number | null },
    outcome: EventOutcome,
  ): Promise<void> {
    await this.tx.insertEvent({
      ...outcome,
      row: event.row,
      batchId: this.batchId,
      kioskKid: this.input.kiosk.kid,
      jws: event.jws,
      hash: event.hash,
      signed: event.signed,
      seq: event.facts.seq,
      eventId: event.facts.id,
      type: event.facts.type,
      at: event.facts.at,
      receivedAt: this.now,
      clockAheadMs: event.clockAheadMs,
    });
    this.settled.set(event.row, outcome);
  }

  private async alarm(type: 'fork' | 'chain', eventIds: string[], details: Record<string, unknown>): Promise<void> {
    const { kiosk } = this.input;
    await this.tx.raiseAlarm({ type, kioskKid: kiosk.kid, orgId: kiosk.orgId, csn: null, eventIds, at: this.now, details });
  }
}

/** Decides and stores a verified batch; call inside one write transaction. Receipts come back in batch order. */
export const applyBatch = async (tx: IngestTx, input: BatchInput): Promise<Receipt[]> => (await BatchApplier.open(tx, input)).run();
