import { isMicError } from '../../../shared/errors.ts';
import { KioskError, ServerAnswerError, isKioskError } from '../errors.ts';
import type { KioskConfig } from '../config/kiosk-config.ts';
import type { ConfigCache } from '../config/config-cache.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { PendingEvent } from '../outbox/event-draft.ts';
import type { Clock } from '../time/clock.ts';
import type { TimerHandle, Timers } from '../time/timers.ts';
import { DEFAULT_BACKOFF, fullJitterDelay, type BackoffPolicy } from './backoff.ts';
import { BatchSizer } from './batch-sizer.ts';
import type { KioskHttpClient } from './http-client.ts';
import { MAX_EVENTS_PER_REQUEST, type EventsAnswer } from './server-api.ts';
import type { SyncState } from './sync-state.ts';

export interface SyncOptions {
  /** most events per POST (default and most: the contract's 500); fewer after a batch does not get through */
  batchSize?: number;
  /** how often the configuration is pulled (with If-None-Match) while the server is reachable */
  configIntervalMs?: number;
  backoff?: BackoffPolicy;
}

export interface SyncDependencies {
  /** undefined while the kiosk is not enrolled: there is nobody to talk to */
  client: () => KioskHttpClient | undefined;
  outbox: () => Outbox | undefined;
  configCache: ConfigCache;
  onConfig: (config: KioskConfig) => void;
  /** receipts proved these meetings closed at the server (Outbox.recordReceipts): recorded already, for the modes to follow */
  onMeetingsClosed: (meetings: readonly string[]) => void;
  onChange: () => void;
  clock: Clock;
  timers: Timers;
  random: () => number;
  /** runs at the end of every round that reached the server, before the round resolves (the log check) */
  afterRound?: () => Promise<void>;
}

export interface SyncRound {
  ok: boolean;
  /** events that got a receipt in this round */
  delivered: number;
  configChanged: boolean;
  error?: KioskError;
}

/**
 * Drains the outbox to the server and keeps the configuration fresh. One round at a time: pull the
 * configuration when it is due, then post pending events in batches until none is left. A failed round
 * is retried after a full-jitter exponential back-off; a good one plans the next configuration pull, and
 * new events (nudge) start a round at once.
 */
export class SyncService {
  /** the batch size in use: the configured one, or less after a server said 413 (body too large) */
  private readonly batches: BatchSizer;
  private readonly configIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private timer: TimerHandle | undefined;
  private timerDueAt: number | undefined;
  private running: Promise<SyncRound> | undefined;
  private rerun = false;
  private stopped = true;
  private nextConfigAt = 0;
  private current: SyncState = { online: undefined, lastError: undefined, lastSuccessAt: undefined, consecutiveFailures: 0, nextAttemptInMs: undefined };

  constructor(
    private readonly deps: SyncDependencies,
    options: SyncOptions = {},
  ) {
    this.batches = new BatchSizer(Math.min(MAX_EVENTS_PER_REQUEST, options.batchSize ?? MAX_EVENTS_PER_REQUEST));
    // A 304 costs the server little, and the pull doubles as the heartbeat behind the screen's online state.
    this.configIntervalMs = options.configIntervalMs ?? 60_000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  state(): SyncState {
    const due = this.timerDueAt;
    return { ...this.current, nextAttemptInMs: due === undefined ? undefined : Math.max(0, due - this.deps.clock.now().getTime()) };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer();
    await this.running;
  }

  /**
   * New events are waiting. Starts a round soon, unless the kiosk is backing off from a failure: then the
   * planned retry will carry them, and a kiosk full of taps does not hammer a server that is down.
   */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    if (this.current.consecutiveFailures === 0) this.schedule(0);
  }

  /** The next configuration pull happens in the next round, whatever the interval says (after enrolment). */
  configDueNow(): void {
    this.nextConfigAt = 0;
  }

  /** Runs a round now, configuration included (or joins the one running): the secretary's "sync now", and tests. */
  syncNow(): Promise<SyncRound> {
    this.cancelTimer();
    this.configDueNow();
    return this.runRound();
  }

  private runRound(): Promise<SyncRound> {
    if (this.running) return this.running;
    const round = this.round().finally(() => {
      this.running = undefined;
      this.afterRound();
    });
    this.running = round;
    return round;
  }

  private afterRound(): void {
    // Not enrolled: nothing to sync until enrolment starts the loop again (and no loop spinning on nothing).
    if (this.stopped || !this.deps.client()) return;
    if (this.current.consecutiveFailures > 0) {
      this.schedule(fullJitterDelay(this.current.consecutiveFailures, this.backoff, this.deps.random));
    } else if (this.rerun) {
      this.schedule(0);
    } else {
      this.schedule(Math.max(0, this.nextConfigAt - this.deps.clock.now().getTime()));
    }
    this.rerun = false;
    this.deps.onChange();
  }

  private async round(): Promise<SyncRound> {
    const client = this.deps.client();
    if (!client) return { ok: true, delivered: 0, configChanged: false };
    let configChanged = false;
    let delivered = 0;
    try {
      if (this.deps.clock.now().getTime() >= this.nextConfigAt) configChanged = await this.pullConfig(client);
      delivered = await this.drain(client);
      this.current = { ...this.current, online: true, lastSuccessAt: this.deps.clock.now().toISOString(), consecutiveFailures: 0 };
      this.clearTransportError();
    } catch (error) {
      const failure = asKioskError(error);
      this.current = {
        ...this.current,
        online: false,
        consecutiveFailures: this.current.consecutiveFailures + 1,
        lastError: describe(failure, this.deps.clock.now()),
      };
      return { ok: false, delivered, configChanged, error: failure };
    }
    // Outside the try: what the log check finds is its own business, not a failed round.
    await this.deps.afterRound?.();
    return { ok: true, delivered, configChanged };
  }

  /**
   * A configuration the server sends but the kiosk cannot trust (bad signature, changed server key, older
   * revocations) is reported and skipped: the kiosk keeps working on the cached one and events still flow.
   * Failing to reach the server at all fails the round.
   */
  private async pullConfig(client: KioskHttpClient): Promise<boolean> {
    const answer = await client.fetchConfig(this.deps.configCache.etag(), this.deps.outbox()?.queueLength());
    const now = this.deps.clock.now();
    this.nextConfigAt = now.getTime() + this.configIntervalMs;
    if (!answer.changed) {
      this.deps.configCache.confirm(now);
      return false;
    }
    try {
      this.deps.onConfig(await this.deps.configCache.accept(answer.body, answer.etag, now));
      if (this.current.lastError && isConfigProblem(this.current.lastError.code)) this.current = { ...this.current, lastError: undefined };
      return true;
    } catch (error) {
      const problem = asKioskError(error);
      if (!isConfigProblem(problem.code)) throw problem;
      this.current = { ...this.current, lastError: describe(problem, now) };
      return false;
    }
  }

  private async drain(client: KioskHttpClient): Promise<number> {
    let delivered = 0;
    for (;;) {
      const outbox = this.deps.outbox();
      const batch = outbox?.pending(this.batches.limit) ?? [];
      if (!outbox || batch.length === 0) return delivered;
      let answer: EventsAnswer;
      try {
        answer = await client.postEvents(batch.map((event) => event.jws), outbox.queueLength());
      } catch (error) {
        // A proxy or server with a smaller body limit than the batch: halve until it fits, never below one
        // event; a single event that is still too large fails the round like any refusal.
        if (error instanceof ServerAnswerError && error.status === 413 && batch.length > 1) {
          this.batches.tooLarge(batch.length);
          continue;
        }
        // No answer in time may be a link too slow for the batch: the retry after the back-off sends less.
        if (isKioskError(error) && error.code === 'ERR_SERVER_UNREACHABLE') this.batches.noAnswer(batch.length);
        throw error;
      }
      this.batches.delivered();
      checkReceipts(batch, answer);
      const { recorded, closedAtServer } = outbox.recordReceipts(answer.results, this.deps.clock.now());
      delivered += recorded;
      if (closedAtServer.length > 0) this.deps.onMeetingsClosed(closedAtServer);
      this.deps.onChange();
    }
  }

  /** A configuration problem stays on screen until a good configuration arrives; a network problem ends with the next good round. */
  private clearTransportError(): void {
    if (this.current.lastError && !isConfigProblem(this.current.lastError.code)) this.current = { ...this.current, lastError: undefined };
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timerDueAt = this.deps.clock.now().getTime() + ms;
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = undefined;
      this.timerDueAt = undefined;
      void this.runRound();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.deps.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = undefined;
  }
}

const CONFIG_PROBLEMS = new Set(['ERR_CONFIG_INVALID', 'ERR_SERVER_KEY_CHANGED', 'ERR_SERVER_KEY_UNKNOWN', 'ERR_REVOCATIONS_ROLLED_BACK']);
const isConfigProblem = (code: string): boolean => CONFIG_PROBLEMS.has(code);

/** One receipt per event, in order (the contract): anything else cannot be matched safely, so nothing is recorded. */
function checkReceipts(batch: readonly PendingEvent[], answer: EventsAnswer): void {
  const matches = answer.results.length === batch.length && answer.results.every((result, index) => result.seq === batch[index]!.seq);
  if (!matches) {
    throw new KioskError('ERR_SERVER_ANSWER_INVALID', `the server answered ${answer.results.length} receipts for ${batch.length} events, or out of order`);
  }
}

function asKioskError(error: unknown): KioskError {
  if (isKioskError(error)) return error;
  if (isMicError(error)) return new KioskError('ERR_SERVER_ANSWER_INVALID', error.message, { cause: error, details: { code: error.code } });
  return new KioskError('ERR_SERVER_UNREACHABLE', error instanceof Error ? error.message : String(error), { cause: error });
}

const describe = (error: KioskError, at: Date): NonNullable<SyncState['lastError']> => ({
  code: error.code,
  message: error.message,
  at: at.toISOString(),
  ...(error instanceof ServerAnswerError && { serverCode: error.serverCode }),
});
