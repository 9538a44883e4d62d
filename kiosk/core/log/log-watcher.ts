import { hex, utf8 } from '../../../shared/bytes.ts';
import { isMicError } from '../../../shared/errors.ts';
import type { Checkpoint } from '../../../shared/log/checkpoint.ts';
import type { LogClient } from '../../../shared/log/log-client.ts';
import { ProofError } from '../../../shared/log/errors.ts';
import { checkCheckpointGrowth } from '../../../shared/log/monitor.ts';
import { parseVerifierKey } from '../../../shared/log/note-verifier.ts';
import { openCheckpoint } from '../../../shared/log/signed-checkpoint.ts';
import { verifyInclusion } from '../../../shared/log/verify-inclusion.ts';
import { KioskError, ServerAnswerError, isKioskError } from '../errors.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { KioskDb } from '../store/kiosk-db.ts';
import type { Clock } from '../time/clock.ts';
import { reportAlarms } from './alarm-reporter.ts';
import { InclusionStore, type LoggedEvent } from './inclusion-store.ts';
import { KIOSK_LOG_HASHER } from './log-hasher.node.ts';
import { LogAlarmStore, type NewLogAlarm } from './log-alarm-store.ts';
import { LogTrustStore, type LogTrust } from './log-trust-store.ts';
import type { LogAlarm, LogCheckStatus } from './log-view.ts';

export interface LogWatcherOptions {
  /** inclusion proofs fetched per check at most; the rest wait for the next round (default 200) */
  maxProofsPerCheck?: number;
}

/** Reads a log leaf this kiosk signed, with its kiosk token (KioskHttpClient.ownLeaf): the log shows nobody else's events. */
export interface OwnLeafReader {
  ownLeaf(index: number): Promise<string>;
}

export interface LogWatcherDependencies {
  db: KioskDb;
  /** undefined while the kiosk is not enrolled */
  client: () => LogClient | undefined;
  /** undefined while the kiosk is not enrolled */
  ownLeaves: () => OwnLeafReader | undefined;
  outbox: () => Outbox | undefined;
  clock: Clock;
  /** a `kiosk.alarm` event was put in the outbox: the sync loop should carry it */
  onReport: () => void;
}

/** The server's word that an index or size lies beyond its tree (or that it has no such leaf). */
const refusesRange = (error: unknown): boolean =>
  error instanceof ServerAnswerError && error.status >= 400 && error.status < 500 && (error.serverCode === 'ERR_LOG_RANGE' || error.serverCode === 'ERR_LOG_LEAF_NOT_FOUND');

const CHECKPOINT_FAILURES: Record<string, string> = {
  ERR_NOTE_SIGNATURE_INVALID: 'bad-signature',
  ERR_NOTE_UNVERIFIED: 'unknown-key',
  ERR_NOTE_MALFORMED: 'malformed-note',
  ERR_NOTE_KEY_INVALID: 'bad-key',
  ERR_CHECKPOINT_INVALID: 'malformed-checkpoint',
};

/** Where the kiosk's trust stands, so one incident is raised once however many rounds still see it. */
const trustMark = (checkpoint: Checkpoint | undefined): string => (checkpoint ? `${checkpoint.size}:${hex(checkpoint.rootHash)}` : 'none');

/**
 * The kiosk's side of the transparency log (issue 6): after each sync round it holds the server to the
 * receipts it gave. It opens the newest checkpoint with the verifier key pinned at enrolment, proves it
 * extends the last checkpoint this kiosk verified, then proves each accepted event's inclusion at its
 * receipt's log index. Whatever fails is an alarm: stored, shown in the status, and reported to the
 * server as a signed `kiosk.alarm` event — a server that dropped the event still gets a report it must
 * either log or visibly drop too. An unreachable server is not an alarm; the next round tries again.
 */
export class LogWatcher {
  private readonly trust: LogTrustStore;
  private readonly inclusion: InclusionStore;
  private readonly alarms: LogAlarmStore;
  private readonly maxProofs: number;
  private running: Promise<void> | undefined;
  private checkedAt: string | undefined;
  private lastError: LogCheckStatus['lastError'];

  constructor(
    private readonly deps: LogWatcherDependencies,
    options: LogWatcherOptions = {},
  ) {
    this.trust = new LogTrustStore(deps.db);
    this.inclusion = new InclusionStore(deps.db);
    this.alarms = new LogAlarmStore(deps.db);
    this.maxProofs = Math.max(1, options.maxProofsPerCheck ?? 200);
  }

  status(): LogCheckStatus {
    const trust = this.trust.get();
    const { proven, awaiting } = this.inclusion.counts();
    return { verifierKey: trust?.verifierKey, checkpointSize: trust?.checkpoint?.size, checkedAt: this.checkedAt, provenEvents: proven, awaitingProof: awaiting, lastError: this.lastError };
  }

  alarmCount(): number {
    return this.alarms.count();
  }

  latestAlarm(): LogAlarm | undefined {
    return this.alarms.latest();
  }

  /**
   * Pins the log's verifier key, trust on first use, like the server key: right after enrolment, when the
   * kiosk has just been introduced to this server by an organiser's one-time token. If the server cannot
   * be asked then, the first check that reaches it pins it. A pinned key is never replaced: a new log key
   * makes every checkpoint an alarm until the kiosk is enrolled again.
   */
  async pinVerifierKey(): Promise<void> {
    const client = this.deps.client();
    if (!client) return;
    try {
      await this.pinnedTrust(client);
    } catch (error) {
      this.noteFailure(error);
    }
  }

  /** One check (or joins the one running). Never fails for the server's sake: problems end up in status(). */
  check(): Promise<void> {
    this.running ??= this.checkOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async checkOnce(): Promise<void> {
    const client = this.deps.client();
    const outbox = this.deps.outbox();
    if (!client || !outbox) return;
    try {
      await this.verifyLog(client);
      this.lastError = undefined;
    } catch (error) {
      this.noteFailure(error);
    }
    this.checkedAt = this.deps.clock.now().toISOString();
    if ((await reportAlarms(this.alarms, outbox, this.deps.clock)) > 0) this.deps.onReport();
  }

  private async verifyLog(client: LogClient): Promise<void> {
    const trust = await this.pinnedTrust(client);
    const note = await client.newestCheckpoint();
    const next = await this.open(note, trust);
    if (!next || !(await this.extendsTrusted(client, trust, next))) return;
    if (trust.checkpoint?.size !== next.size) this.trust.trustCheckpoint(next, note, this.deps.clock.now());
    await this.proveInclusions(client, next);
  }

  private async pinnedTrust(client: LogClient): Promise<LogTrust> {
    const pinned = this.trust.get();
    if (pinned) return pinned;
    const verifierKey = await client.verifierKey();
    let keyName: string;
    try {
      keyName = (await parseVerifierKey(verifierKey)).keyName;
    } catch (cause) {
      throw new KioskError('ERR_SERVER_ANSWER_INVALID', "the server's log verifier key does not parse", { cause });
    }
    this.trust.pin(verifierKey, keyName, this.deps.clock.now());
    return this.trust.get()!;
  }

  /** The checkpoint, if the pinned key signed it for this log; else an alarm and undefined. */
  private async open(note: string, trust: LogTrust): Promise<Checkpoint | undefined> {
    try {
      return (await openCheckpoint(note, { origin: trust.origin, verifiers: [await parseVerifierKey(trust.verifierKey)] })).checkpoint;
    } catch (error) {
      if (!isMicError(error)) throw error;
      this.raise({
        kind: 'log-checkpoint-invalid',
        fingerprint: `log-checkpoint-invalid@${trustMark(trust.checkpoint)}`,
        reason: CHECKPOINT_FAILURES[error.code] ?? 'invalid',
        detail: `the server's newest checkpoint does not verify against the log key pinned at enrolment: ${error.message}`,
      });
      return undefined;
    }
  }

  /** Whether `next` extends the checkpoint this kiosk holds the log to; else an alarm and false. */
  private async extendsTrusted(client: LogClient, trust: LogTrust, next: Checkpoint): Promise<boolean> {
    const previous = trust.checkpoint;
    if (!previous) return true;
    const inconsistent = (reason: string, message: string): false => {
      this.raise({
        kind: 'log-inconsistent',
        fingerprint: `log-inconsistent@${trustMark(previous)}`,
        checkpointSize: next.size,
        reason,
        detail: `${message} (this kiosk verified size ${previous.size} before)`,
      });
      return false;
    };
    let proof: Uint8Array[] = [];
    // Shrinking and equal sizes are judged without a proof; from the empty tree every tree is an extension.
    if (previous.size > 0 && next.size > previous.size) {
      try {
        proof = await client.consistencyProof(previous.size, next.size);
      } catch (error) {
        if (!refusesRange(error)) throw error;
        return inconsistent('proof-refused', `the server signed a tree of ${next.size} leaves but refuses to prove it extends size ${previous.size}`);
      }
    }
    const verdict = checkCheckpointGrowth(KIOSK_LOG_HASHER, previous, next, proof);
    return verdict.consistent || inconsistent(verdict.reason, verdict.message);
  }

  private async proveInclusions(client: LogClient, checkpoint: Checkpoint): Promise<void> {
    for (const event of this.inclusion.awaiting(checkpoint.size, this.maxProofs)) {
      const missing = await this.findMissing(client, event, checkpoint);
      const now = this.deps.clock.now();
      this.inclusion.record(event.seq, missing ? 'missing' : 'proven', checkpoint.size, now);
      if (missing) {
        this.raise({
          kind: 'log-missing-event',
          fingerprint: `log-missing-event#${event.seq}`,
          eventSeq: event.seq,
          logIndex: event.logIndex,
          checkpointSize: checkpoint.size,
          reason: missing.reason,
          detail: `event ${event.seq}, accepted as log entry ${event.logIndex}, is not in the log's signed tree of ${checkpoint.size} entries: ${missing.why}`,
        });
      }
    }
  }

  /** Undefined when the log proves it holds `event` at its index; else why it does not. */
  private async findMissing(client: LogClient, event: LoggedEvent, checkpoint: Checkpoint): Promise<{ reason: string; why: string } | undefined> {
    let proof: Uint8Array[];
    try {
      proof = await client.inclusionProof(event.logIndex, checkpoint.size);
    } catch (error) {
      if (!refusesRange(error)) throw error;
      return { reason: 'index-out-of-range', why: 'the server says its tree has no such entry, though its signed checkpoint covers it' };
    }
    try {
      verifyInclusion(KIOSK_LOG_HASHER, KIOSK_LOG_HASHER.hashLeaf(utf8(event.jws)), event.logIndex, checkpoint.size, proof, checkpoint.rootHash);
      return undefined;
    } catch (error) {
      if (!(error instanceof ProofError)) throw error;
      return { reason: error.reason, why: `${await this.whatIsAt(event)} (${error.message})` };
    }
  }

  /** Only to say what happened: the proof failing is the finding, whatever the server shows at the event's index. */
  private async whatIsAt(event: LoggedEvent): Promise<string> {
    try {
      const there = await this.deps.ownLeaves()?.ownLeaf(event.logIndex);
      if (there === event.jws) return 'the server shows this event there but cannot prove it';
      if (there !== undefined) return 'the log holds a different event of this kiosk there';
    } catch (error) {
      // The server shows a kiosk only the events it signed: refusing this one by reach says another kiosk's is there.
      if (error instanceof ServerAnswerError && error.serverCode === 'ERR_OUT_OF_SCOPE') return "the log holds another kiosk's event there";
    }
    return 'the server does not show what is there';
  }

  private raise(alarm: NewLogAlarm): void {
    this.alarms.raise(alarm, this.deps.clock.now());
  }

  /** The server could not be asked or answered off the contract: shown, and tried again next round. */
  private noteFailure(error: unknown): void {
    if (!isKioskError(error) && !isMicError(error)) throw error;
    this.lastError = { code: error.code, message: error.message, at: this.deps.clock.now().toISOString() };
  }
}
