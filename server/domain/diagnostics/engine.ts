import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.ts';
import type { OrgCalendar } from '../../../shared/org-calendar.ts';
import type { Thresholds } from '../../schemas/thresholds.ts';
import type { DiagnosticOrg } from '../../store/repositories/diagnostics.ts';
import type { ReadStore, WriteStore } from '../../store/store.ts';
import { emptyScope, type Scope } from './finding.ts';
import { noChanges, reconcile, type FamilyVerdicts, type ReconcileCounts } from './reconcile.ts';
import type { DiagnosticRule, RuleInput } from './rule.ts';
import { ALL_RULES } from './rules/all-rules.ts';
import { mergeThresholds, rowsReaching, type ThresholdRow } from './thresholds.ts';

/** How many runs of each kind the engine has begun: one change should cost one incremental run. */
export interface RunCounts {
  full: number;
  incremental: number;
}

export interface RunSummary {
  opened: number;
  escalated: number;
  eased: number;
  resolved: number;
  unchanged: number;
  ms: number;
}

export interface EngineDeps {
  read: ReadStore;
  write: WriteStore;
  clock: Clock;
  /** the organisation's days and months, which the rules count in */
  calendar: OrgCalendar;
  logger: Logger;
}

export interface EngineOptions {
  /** queue a webhook delivery for every finding opened or escalated */
  webhook?: boolean;
  /** members (or organisations) per chunk of a full run; each chunk is one transaction */
  chunkSize?: number;
  /** the rule families to run (default: all of them) */
  rules?: readonly DiagnosticRule[];
}

/**
 * A chunk of a province's full run takes tens of milliseconds to evaluate and write; between chunks the
 * event loop serves requests and ingest.
 */
export const DEFAULT_CHUNK_SIZE = 10_000;

/** How often the schedule re-evaluates everything, so conditions that arise by time alone are found. */
export const DIAGNOSTICS_INTERVAL_MS = 3_600_000;

type SomeScope = Extract<Scope, { kind: 'some' }>;
/** the scope queued for the next run: every notified one merged */
type PendingScope = { [K in keyof SomeScope]: SomeScope[K] extends ReadonlySet<infer T> ? Set<T> : SomeScope[K] };

const pendingScope = (): PendingScope => ({ kind: 'some', members: new Set(), orgs: new Set(), kiosks: new Set(), transfers: new Set(), alarms: new Set(), cards: new Set() });

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function mergeInto(target: PendingScope, scope: SomeScope): void {
  for (const id of scope.members) target.members.add(id);
  for (const id of scope.orgs) target.orgs.add(id);
  for (const kid of scope.kiosks) target.kiosks.add(kid);
  for (const id of scope.transfers) target.transfers.add(id);
  for (const id of scope.alarms) target.alarms.add(id);
  for (const csn of scope.cards) target.cards.add(csn);
}

const isEmpty = (scope: SomeScope): boolean =>
  scope.members.size === 0 &&
  scope.orgs.size === 0 &&
  scope.kiosks.size === 0 &&
  scope.transfers.size === 0 &&
  scope.alarms.size === 0 &&
  scope.cards.size === 0;

/**
 * Thresholds for one run: the configuration rows are read once, and the numbers of every distinct list of
 * rows reaching an organisation (most organisations share one) are merged once.
 */
class RunThresholds {
  private readonly byOrg = new Map<number, Thresholds>();
  private readonly byRows = new Map<string, Thresholds>();

  constructor(
    readonly rows: readonly ThresholdRow[],
    private readonly orgOf: (orgId: number) => Promise<DiagnosticOrg>,
  ) {}

  readonly thresholdsFor = async (orgId: number): Promise<Thresholds> => {
    const known = this.byOrg.get(orgId);
    if (known) return known;
    const org = await this.orgOf(orgId);
    const reaching = rowsReaching(this.rows, org.pathIds, org.kind);
    const key = reaching.map((row) => row.id).join(',');
    let thresholds = this.byRows.get(key);
    if (!thresholds) {
      thresholds = mergeThresholds(reaching);
      this.byRows.set(key, thresholds);
    }
    this.byOrg.set(orgId, thresholds);
    return thresholds;
  };
}

/**
 * Runs the diagnostic rules and keeps `findings` in line with them: a full run over every subject (at
 * start and on a schedule), and incremental runs over what each ingest batch or console change touched,
 * queued and coalesced off the request path. Runs never overlap.
 */
export class DiagnosticsEngine {
  private readonly rules: readonly DiagnosticRule[];
  private readonly chunkSize: number;
  private readonly webhook: boolean;
  /**
   * organisations never move in the tree nor change kind, so what thresholds need of them is kept: the
   * whole tree is read at the first full run, an organisation created since when it is first asked for
   */
  private readonly orgs = new Map<number, DiagnosticOrg>();
  private treeLoaded = false;
  /** runs take turns on this chain */
  private turn: Promise<unknown> = Promise.resolve();
  private pending: PendingScope | 'all' | undefined;
  private draining: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly counts: RunCounts = { full: 0, incremental: 0 };

  constructor(
    private readonly deps: EngineDeps,
    options: EngineOptions = {},
  ) {
    this.rules = options.rules ?? ALL_RULES;
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.webhook = options.webhook ?? false;
  }

  /** every subject; progress for long runs (the province bench) */
  runFull(onProgress?: (done: number, total: number) => void): Promise<RunSummary> {
    return this.exclusive(() => this.full(onProgress));
  }

  runIncremental(scope: Scope): Promise<RunSummary> {
    return this.exclusive(() => (scope.kind === 'all' ? this.full() : this.incremental(scope)));
  }

  /** after an ingest batch or a change: queued and coalesced, runs off the request path, never two runs at once */
  notify(scope: Scope): void {
    if (this.stopped) return;
    if (scope.kind === 'all') this.pending = 'all';
    else if (isEmpty(scope)) return;
    else if (this.pending === undefined) {
      this.pending = pendingScope();
      mergeInto(this.pending, scope);
    } else if (this.pending !== 'all') mergeInto(this.pending, scope);
    this.draining ??= this.drain();
  }

  /** the runs begun so far, by kind (tests and the bench count what a change costs) */
  get runs(): RunCounts {
    return { ...this.counts };
  }

  /** resolves when nothing is queued or running (tests, bench) */
  async idle(): Promise<void> {
    while (this.draining || this.pending !== undefined) {
      await (this.draining ?? this.turn);
    }
    await this.turn;
  }

  /**
   * a full run now (in the background) and then every intervalMs; stop() waits for a run in progress (a
   * full run stops at its next chunk)
   */
  start(intervalMs: number): void {
    this.stopped = false;
    clearInterval(this.timer);
    this.notify({ kind: 'all' });
    this.timer = setInterval(() => this.notify({ kind: 'all' }), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    await this.draining;
    await this.turn;
  }

  private async drain(): Promise<void> {
    // Off the request path: the batch that notified answers its kiosk first.
    await yieldToEventLoop();
    try {
      while (this.pending !== undefined && !this.stopped) {
        const scope = this.pending;
        this.pending = undefined;
        try {
          const summary = await (scope === 'all' ? this.runFull() : this.runIncremental(scope));
          if (scope === 'all') this.deps.logger.info({ diagnostics: summary }, 'diagnostics: full run');
          else this.deps.logger.debug({ diagnostics: summary }, 'diagnostics: incremental run');
        } catch (error) {
          this.deps.logger.error({ err: error }, 'diagnostics run failed');
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async orgOf(orgId: number): Promise<DiagnosticOrg> {
    let org = this.orgs.get(orgId);
    if (!org) {
      org = await this.deps.read.diagnostics.org(orgId);
      if (!org) throw new Error(`organisation ${orgId} is not in the tree`);
      this.orgs.set(orgId, org);
    }
    return org;
  }

  private async begin(): Promise<{ now: Date; thresholds: RunThresholds; started: number }> {
    const started = performance.now();
    const rows = await this.deps.read.findings.thresholdRows();
    return { now: this.deps.clock.now(), thresholds: new RunThresholds(rows, (orgId) => this.orgOf(orgId)), started };
  }

  private async evaluateAndReconcile(families: readonly DiagnosticRule[], scope: Scope, now: Date, thresholds: RunThresholds): Promise<ReconcileCounts> {
    if (families.length === 0) return noChanges();
    const input: RuleInput = { now, calendar: this.deps.calendar, scope, read: this.deps.read, thresholdsFor: thresholds.thresholdsFor, thresholdRows: thresholds.rows };
    const verdicts: FamilyVerdicts[] = [];
    for (const family of families) {
      const output = await family.evaluate(input);
      verdicts.push({ rules: family.rules, covered: output.covered, conditions: output.conditions });
    }
    return this.deps.write.diagnostics.transaction((tx) => reconcile(tx, verdicts, now.toISOString(), this.webhook));
  }

  private async incremental(scope: SomeScope): Promise<RunSummary> {
    this.counts.incremental += 1;
    const { now, thresholds, started } = await this.begin();
    const counts = await this.evaluateAndReconcile(this.rules, scope, now, thresholds);
    return { ...counts, ms: performance.now() - started };
  }

  /**
   * Families over members and organisations go chunk by chunk, ids ascending, so together the chunks cover
   * every subject of theirs; the others (kiosks, alarms, mobile periods: tens of thousands at most) are
   * evaluated whole.
   */
  private async full(onProgress?: (done: number, total: number) => void): Promise<RunSummary> {
    this.counts.full += 1;
    const { now, thresholds, started } = await this.begin();
    if (!this.treeLoaded) {
      // One statement for the tree rather than one lookup per organisation as the rules come to it.
      for (const org of await this.deps.read.diagnostics.orgs()) this.orgs.set(org.id, org);
      this.treeLoaded = true;
    }
    const counts = noChanges();
    const add = (more: ReconcileCounts): void => {
      counts.opened += more.opened;
      counts.escalated += more.escalated;
      counts.eased += more.eased;
      counts.resolved += more.resolved;
      counts.unchanged += more.unchanged;
    };
    const byMembers = this.rules.filter((family) => family.chunkBy === 'members');
    const byOrgs = this.rules.filter((family) => family.chunkBy === 'orgs');
    const whole = this.rules.filter((family) => family.chunkBy === undefined);
    const sizes = await this.deps.read.diagnostics.subjectCounts();
    const total = (byMembers.length > 0 ? sizes.members : 0) + (byOrgs.length > 0 ? sizes.orgs : 0);
    let done = 0;
    const walks = [
      { families: byMembers, ids: (after: number) => this.deps.read.diagnostics.memberIdsAfter(after, this.chunkSize), scope: (ids: number[]) => ({ ...emptyScope(), members: new Set(ids) }) },
      // An organisation is several subjects (one per meeting kind it must hold), so its chunks are smaller.
      { families: byOrgs, ids: (after: number) => this.deps.read.diagnostics.orgIdsAfter(after, Math.max(1, Math.floor(this.chunkSize / 4))), scope: (ids: number[]) => ({ ...emptyScope(), orgs: new Set(ids) }) },
    ];
    for (const walk of walks) {
      if (walk.families.length === 0) continue;
      let after = 0;
      // stop() (the server closing) ends a long run between chunks; the next start runs it again.
      while (!this.stopped) {
        const ids = await walk.ids(after);
        if (ids.length === 0) break;
        add(await this.evaluateAndReconcile(walk.families, walk.scope(ids), now, thresholds));
        done += ids.length;
        onProgress?.(done, total);
        after = ids.at(-1)!;
        await yieldToEventLoop();
      }
    }
    if (!this.stopped) add(await this.evaluateAndReconcile(whole, { kind: 'all' }, now, thresholds));
    return { ...counts, ms: performance.now() - started };
  }
}
