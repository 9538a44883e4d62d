import { CompactSign } from 'jose';
import type { Logger } from 'pino';
import { utf8 } from '../../../shared/bytes.ts';
import { isoTimestamp, type Clock } from '../../clock.ts';
import type { ServerSigningKey } from '../../keys/server-signing-key.ts';
import type { OrgCalendar } from '../../../shared/org-calendar.ts';
import type { WebhookDelivery } from '../../store/repositories/webhook-deliveries.ts';
import type { ReadStore, WriteStore } from '../../store/store.ts';
import { explanationReading } from './explanation-names.ts';
import { explainFinding } from './rules/all-rules.ts';

export const WEBHOOK_JWS_TYP = 'mic-finding+jws';
export const DELIVERY_HEADER = 'Mic-Delivery';

export interface WebhookDeliveryOptions {
  /** where findings are POSTed */
  url: string;
  /** how often due deliveries are looked for (default 1 s, the back-off's first step) */
  pollMs?: number;
  /** one attempt may take this long (default 10 s) */
  timeoutMs?: number;
  /** full-jitter back-off: the first retry waits up to baseMs, doubling up to capMs (default 1 s … 15 min) */
  backoff?: { baseMs: number; capMs: number };
  random?: () => number;
}

export interface WebhookContext {
  read: ReadStore;
  write: WriteStore;
  clock: Clock;
  /** the explanations sent quote days and times in the organisation's zone */
  calendar: OrgCalendar;
  signingKey: ServerSigningKey;
  serverId: string;
  logger: Logger;
}

const DEFAULTS = { pollMs: 1_000, timeoutMs: 10_000, backoff: { baseMs: 1_000, capMs: 15 * 60_000 } };
/** deliveries attempted per pass; the next pass takes the rest */
const BATCH = 20;

/** "Full jitter": a uniformly random delay up to a ceiling that doubles per failed attempt, capped. */
export const retryDelayMs = (attempts: number, backoff: { baseMs: number; capMs: number }, random: () => number): number =>
  Math.floor(random() * Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1)));

/** What went wrong, in a word a person can act on: ECONNREFUSED, a timeout, the receiver's status. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? (typeof cause?.message === 'string' ? `${error.message}: ${cause.message}` : error.message) : String(error);
}

/**
 * Sends the webhook outbox (`webhook_deliveries`, written in the same transaction as each finding opened
 * or escalated). The payload is built when it is sent, from the finding as it is then, and signed as a
 * compact JWS with the server's Ed25519 key, so a receiver verifies it with GET /api/v1/server-key. A
 * delivery leaves the outbox only on a 2xx answer: at least once, so receivers dedupe by delivery id.
 * Everything it needs is in SQLite, so deliveries due before a restart are sent after it.
 */
export class WebhookDeliverer {
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly backoff: { baseMs: number; capMs: number };
  private readonly random: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** aborts the attempt in flight when the server stops */
  private stopping = new AbortController();

  constructor(
    private readonly ctx: WebhookContext,
    private readonly options: WebhookDeliveryOptions,
  ) {
    this.pollMs = options.pollMs ?? DEFAULTS.pollMs;
    this.timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.backoff = options.backoff ?? DEFAULTS.backoff;
    this.random = options.random ?? Math.random;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    this.schedule(0);
  }

  /** Rows were queued: look now rather than at the next poll. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Stops polling, abandons an attempt in flight (it stays due and is sent after the next start) and waits for the pass. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stopping.abort();
    await this.running;
  }

  /**
   * One pass over the due deliveries; answers how many were delivered. Each is tried at most once per
   * pass: a failure whose random delay rounds to nothing is due again at once, and must wait for the next.
   */
  async deliverDue(): Promise<number> {
    let delivered = 0;
    const tried = new Set<number>();
    for (;;) {
      const due = (await this.ctx.read.webhookDeliveries.due(isoTimestamp(this.ctx.clock.now()), BATCH)).filter((delivery) => !tried.has(delivery.id));
      if (due.length === 0) return delivered;
      for (const delivery of due) {
        if (this.stopping.signal.aborted) return delivered;
        tried.add(delivery.id);
        if (await this.attempt(delivery)) delivered += 1;
      }
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.deliverDue()
        .then(
          () => undefined,
          (error: unknown) => this.ctx.logger.error({ err: error }, 'webhook delivery pass failed'),
        )
        .finally(() => {
          this.running = undefined;
          if (this.stopped) return;
          const rerun = this.again;
          this.again = false;
          this.schedule(rerun ? 0 : this.pollMs);
        });
    }, ms);
    this.timer.unref();
  }

  /** Builds, signs and POSTs one delivery; records the outcome. True when the receiver took it. */
  private async attempt(delivery: WebhookDelivery): Promise<boolean> {
    const attempts = delivery.attempts + 1;
    let failure: string;
    try {
      const body = await this.signedPayload(delivery);
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/jose', [DELIVERY_HEADER]: String(delivery.id) },
        body,
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.timeoutMs)]),
        redirect: 'manual',
      });
      // Only the status matters; the body is not read, so a receiver cannot make the server hold a large one.
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) {
        await this.ctx.write.webhookDeliveries.delivered(delivery.id, isoTimestamp(this.ctx.clock.now()), attempts);
        return true;
      }
      failure = `HTTP ${response.status}`;
    } catch (error) {
      // Stopping: the attempt did not count, and the row stays due for the next start.
      if (this.stopping.signal.aborted) return false;
      failure = describeFailure(error, this.timeoutMs);
    }
    const delayMs = retryDelayMs(attempts, this.backoff, this.random);
    const nextAttemptAt = isoTimestamp(new Date(this.ctx.clock.now().getTime() + delayMs));
    await this.ctx.write.webhookDeliveries.failed(delivery.id, { attempts, error: failure, nextAttemptAt });
    this.ctx.logger.info({ delivery: delivery.id, finding: delivery.findingId, attempts, error: failure, nextAttemptAt }, 'webhook delivery failed; will retry');
    return false;
  }

  private async signedPayload(delivery: WebhookDelivery): Promise<string> {
    const finding = await this.ctx.read.findings.get(delivery.findingId);
    if (!finding) throw new Error(`finding ${delivery.findingId} of delivery ${delivery.id} is not stored`);
    const reading = await explanationReading(this.ctx);
    const payload = {
      iss: this.ctx.serverId,
      delivery: delivery.id,
      action: delivery.action,
      at: isoTimestamp(this.ctx.clock.now()),
      finding: {
        id: finding.id,
        rule: finding.rule,
        severity: finding.severity,
        status: finding.status,
        subject: finding.subject,
        episode: finding.episode,
        org: { code: finding.org.code, name: finding.org.name },
        people: finding.people.map((person) => ({ memberNumber: person.memberNumber, name: person.name })),
        facts: finding.facts,
        explanation: explainFinding(finding.rule, finding.facts, finding.severity, reading),
        evidence: finding.evidence,
        openedAt: finding.openedAt,
        updatedAt: finding.updatedAt,
        resolvedAt: finding.resolvedAt,
      },
    };
    const { signingKey } = this.ctx;
    return new CompactSign(utf8(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', kid: signingKey.kid, typ: WEBHOOK_JWS_TYP }).sign(signingKey.privateKey);
  }
}
