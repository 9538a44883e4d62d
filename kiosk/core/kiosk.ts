import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { CardTransport } from '../../shared/card/transport.ts';
import type { LogClient } from '../../shared/log/log-client.ts';
import { ServerKeySchema } from './config/config-schema.ts';
import { ConfigCache } from './config/config-cache.ts';
import type { KioskConfig } from './config/kiosk-config.ts';
import { AdminPin } from './admin/admin-pin.ts';
import { KioskError } from './errors.ts';
import { FileKeyStore } from './identity/file-key-store.node.ts';
import type { KeyStore } from './identity/key-store.ts';
import { loadOrCreateKioskIdentity, type KioskIdentity } from './identity/kiosk-identity.ts';
import { kioskLogClient } from './log/log-client.ts';
import { LogWatcher, type LogWatcherOptions } from './log/log-watcher.ts';
import type { KioskControl, KioskNotice, KioskStatus, OpenMeetingRequest } from './kiosk-api.ts';
import { adHocMeeting, isClosed, resumedMeeting, scheduledMeeting } from './modes/meeting-choice.ts';
import { nextMode, viewMode, type ActiveMeeting, type KioskMode, type ModeEvent } from './modes/kiosk-mode.ts';
import { Notices } from './notices.ts';
import { Outbox } from './outbox/outbox.ts';
import type { RejectedEvent } from './outbox/event-draft.ts';
import { PerReaderQueue } from './readers/per-reader-queue.ts';
import type { ReaderSource } from './readers/reader-source.ts';
import { combinedReaderStatus, type ReaderStatus } from './readers/reader-status.ts';
import { runCardSession } from './session/card-session.ts';
import type { NotReadyReason, TapResult } from './session/tap-result.ts';
import type { SessionContext } from './session/session-context.ts';
import { transferHasLapsed } from './session/transfer-tap.ts';
import { unreadCardResult } from './session/unread-card.ts';
import { EnrolmentStore, type Enrolment } from './store/enrolment-store.ts';
import { KIOSK_DB_FILE, openKioskDb, type KioskDb } from './store/kiosk-db.ts';
import { MeetingStore } from './store/meeting-store.ts';
import { KioskHttpClient, type Fetch } from './sync/http-client.ts';
import { SyncService, type SyncOptions } from './sync/sync-service.ts';
import { systemClock, type Clock } from './time/clock.ts';
import { eventTime } from './time/rfc3339.ts';
import { systemTimers, type Timers } from './time/timers.ts';
import type { MeetingKind, ScheduledMeeting, Transfer } from './config/config-schema.ts';

export const KIOSK_KEY_FILE = 'kiosk-key.json';

export interface KioskOptions {
  /** the kiosk data folder: the database and (with the default key store) the key file */
  dataDir: string;
  /** where the private key lives; a 0600 file in dataDir unless the shell offers better (safeStorage) */
  keyStore?: KeyStore;
  fetch?: Fetch;
  clock?: Clock;
  timers?: Timers;
  /** for back-off jitter; Math.random unless a test needs to see exact delays */
  random?: () => number;
  sync?: SyncOptions;
  /** the transparency-log check after each sync round */
  log?: LogWatcherOptions;
  /** false: no background sync loop; rounds run only through syncNow() (tests, tools) */
  autoSync?: boolean;
  /** failures nobody asked about (a listener that throws, a card session that failed): for the log */
  onError?: (error: unknown) => void;
}

/**
 * The kiosk core behind one object: identity, outbox, cached configuration, sync, modes and card sessions.
 * The screens drive it through KioskControl; the shell connects readers with attachReaders.
 */
export class Kiosk implements KioskControl {
  private mode: KioskMode = { kind: 'idle' };
  private config: KioskConfig | undefined;
  private enrolment: Enrolment | undefined;
  private outbox: Outbox | undefined;
  private client: KioskHttpClient | undefined;
  private logClient: LogClient | undefined;
  private lastResult: TapResult | undefined;
  private readonly sessions = new PerReaderQueue();
  /** Transfer steps move the mode on, so taps in transfer mode take turns across readers too. */
  private readonly transferTurns = new PerReaderQueue();
  private readonly detachers = new Set<() => void>();
  /** the latest status of each attached source that watches its readers, keyed by that attachment's detach */
  private readonly readerStatuses = new Map<() => void, ReaderStatus>();
  private readonly notices: Notices<KioskNotice>;
  private readonly enrolments: EnrolmentStore;
  private readonly configCache: ConfigCache;
  private readonly meetings: MeetingStore;
  private readonly adminPin: AdminPin;
  private readonly sync: SyncService;
  private readonly logWatcher: LogWatcher;
  private readonly clock: Clock;
  private readonly report: (error: unknown) => void;
  private closed = false;
  /** this kiosk closed the meeting (its meeting.close is in the outbox), or the server refused a check-in to it as closed */
  private readonly knownClosed = (meetingId: string): boolean => this.outbox?.hasClosedMeeting(meetingId) ?? false;

  private constructor(
    private readonly db: KioskDb,
    private readonly identity: KioskIdentity,
    private readonly options: KioskOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.report = options.onError ?? (() => undefined);
    this.notices = new Notices(this.report);
    this.enrolments = new EnrolmentStore(db);
    this.configCache = new ConfigCache(db, this.enrolments);
    this.meetings = new MeetingStore(db);
    this.adminPin = new AdminPin(db, this.clock);
    this.sync = new SyncService(
      {
        client: () => this.client,
        outbox: () => this.outbox,
        configCache: this.configCache,
        onConfig: (config) => {
          this.config = config;
        },
        onMeetingsClosed: (meetings) => this.leaveMeetingClosedElsewhere(meetings),
        onChange: () => this.publishStatus(),
        clock: this.clock,
        timers: options.timers ?? systemTimers,
        random: options.random ?? Math.random,
        afterRound: () => this.checkLog(),
      },
      options.sync,
    );
    this.logWatcher = new LogWatcher(
      { db, client: () => this.logClient, ownLeaves: () => this.client, outbox: () => this.outbox, clock: this.clock, onReport: () => this.sync.nudge() },
      options.log,
    );
  }

  /**
   * Opens the kiosk in its data folder: creates the key and the database on the first run; afterwards
   * resumes the enrolment, the cached configuration and the meeting it was in.
   */
  static async open(options: KioskOptions): Promise<Kiosk> {
    const now = (options.clock ?? systemClock).now();
    const identity = await loadOrCreateKioskIdentity(options.keyStore ?? new FileKeyStore(join(options.dataDir, KIOSK_KEY_FILE)));
    const db = openKioskDb(join(options.dataDir, KIOSK_DB_FILE), { now });
    try {
      new EnrolmentStore(db).bindIdentity(identity.kid, now);
      const kiosk = new Kiosk(db, identity, options);
      await kiosk.resume();
      return kiosk;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  get kioskId(): string {
    return this.identity.kid;
  }

  status(): KioskStatus {
    const sync = this.sync.state();
    const enrolment = this.enrolment;
    return {
      kioskId: this.identity.kid,
      enrolled: enrolment !== undefined,
      enrolment: enrolment && { serverUrl: enrolment.serverUrl, org: enrolment.org, name: enrolment.name, enrolledAt: enrolment.enrolledAt },
      mode: viewMode(this.mode),
      online: sync.online,
      queueLength: this.outbox?.queueLength() ?? 0,
      rejectedEvents: this.outbox?.rejectedCount() ?? 0,
      lastResult: this.lastResult,
      lastError: sync.lastError,
      lastSyncAt: sync.lastSuccessAt,
      nextSyncInMs: sync.nextAttemptInMs,
      clockSkewMs: this.client?.clockSkewMs,
      config: {
        available: this.config !== undefined,
        fetchedAt: this.config?.fetchedAt,
        revocationSeq: this.config?.revocations.list.seq,
        meetings: this.config ? this.scheduledMeetings().length : 0,
        transfers: this.config ? this.pendingTransfers().length : 0,
        timeZone: this.config?.timeZone,
      },
      adminPinSet: this.adminPin.isSet(),
      logAlarms: this.logWatcher.alarmCount(),
      latestLogAlarm: this.logWatcher.latestAlarm(),
      log: this.logWatcher.status(),
      reader: combinedReaderStatus([...this.readerStatuses.values()]),
    };
  }

  subscribe(listener: (notice: KioskNotice) => void): () => void {
    return this.notices.subscribe(listener);
  }

  /**
   * Enrols with a one-time token an organiser created: the server binds this kiosk's public key to its
   * organisation. The configuration is fetched right after, which pins the server's key (trust on first
   * use); if that fetch fails the enrolment stands and the sync loop keeps trying. The transparency log's
   * verifier key is pinned the same way, right before that first sync (see LogWatcher.pinVerifierKey).
   */
  async enroll(serverUrl: string, token: string, name: string): Promise<KioskStatus> {
    if (this.enrolment) throw new KioskError('ERR_KIOSK_ALREADY_ENROLLED', `this kiosk is already enrolled with ${this.enrolment.serverUrl}`);
    const client = new KioskHttpClient(serverUrl, this.identity, this.clock, this.options.fetch);
    const answer = await client.enrol(token, name, this.identity.publicJwk);
    if (answer.kioskId !== this.identity.kid) {
      throw new KioskError('ERR_SERVER_ANSWER_INVALID', `the server enrolled kiosk ${answer.kioskId}, but this kiosk is ${this.identity.kid}`);
    }
    const offeredKey = ServerKeySchema.safeParse(answer.serverKey);
    const now = this.clock.now();
    this.enrolments.save(
      { serverUrl, kioskId: answer.kioskId, org: answer.org, name, enrolledAt: now.toISOString() },
      offeredKey.success ? offeredKey.data : undefined,
      now,
    );
    this.connect(this.enrolments.get(), client);
    await this.logWatcher.pinVerifierKey().catch(this.report);
    this.sync.configDueNow();
    await this.sync.syncNow();
    if (this.options.autoSync !== false) this.sync.start();
    this.publishStatus();
    return this.status();
  }

  async syncNow(): Promise<KioskStatus> {
    await this.sync.syncNow();
    return this.status();
  }

  /** The meetings the configuration schedules for this kiosk's organisation that a secretary may still open. */
  scheduledMeetings(): ScheduledMeeting[] {
    const org = this.enrolment?.org;
    return (this.config?.meetings ?? []).filter((meeting) => meeting.org === org && !isClosed(meeting, this.knownClosed));
  }

  /**
   * The kinds of meeting the server lets a secretary open, in its order; null before a configuration carries
   * them (not synced yet, or a server older than the list).
   */
  meetingKinds(): MeetingKind[] | null {
    return this.config?.meetingKinds ? [...this.config.meetingKinds] : null;
  }

  /** Transfers addressed to this kiosk's organisation that can still be accepted here. */
  pendingTransfers(): Transfer[] {
    const now = this.clock.now();
    return (this.config?.transfers ?? []).filter(
      (transfer) => this.addressedHere(transfer) && !transferHasLapsed(transfer, now) && !this.outbox?.hasAcceptedTransfer(transfer.id),
    );
  }

  /**
   * Enters meeting check-in: a meeting from the configuration, or an ad-hoc one opened here, which gets a
   * UUIDv7 id and a `meeting.open` event (durable before the mode changes, so no check-in can name a meeting
   * the server will never hear of).
   */
  async openMeeting(request: OpenMeetingRequest): Promise<ActiveMeeting> {
    const { org, outbox } = this.requireEnrolled();
    if (request.kind === 'scheduled') {
      const meeting = scheduledMeeting(this.config, org, request.meetingId, this.knownClosed);
      const next = nextMode(this.mode, { type: 'open-meeting', meeting });
      this.meetings.enter(meeting.id, 'scheduled', this.clock.now().toISOString());
      this.setMode(next);
      return meeting;
    }
    const { at } = eventTime(this.clock);
    const meeting = { ...adHocMeeting(uuidv7(), request.meetingKind, request.title, this.meetingKinds()), startsAt: at };
    const next = nextMode(this.mode, { type: 'open-meeting', meeting });
    await outbox.append({ type: 'meeting.open', at, meeting: meeting.id, kind: meeting.kind, title: meeting.title });
    // After the event: a crash in between leaves a meeting.open and an idle kiosk (open it again), never
    // a kiosk checking members in to a meeting the server will not hear of.
    this.meetings.openLocalMeeting(meeting, at);
    this.setMode(next);
    this.sync.nudge();
    return meeting;
  }

  /**
   * Closes the meeting with a `meeting.close` event, scheduled or ad-hoc, and leaves meeting check-in: nobody can
   * check in to it any more. This kiosk refuses at once; the server refuses every check-in tapped from then on,
   * from whichever kiosk, and stops offering the meeting to its organisation's kiosks. Another kiosk still in it
   * leaves it when the server refuses its next check-in (leaveMeetingClosedElsewhere).
   */
  async closeMeeting(): Promise<void> {
    // The kiosk left it by itself while the secretary was confirming: closed already, as they asked.
    if (this.mode.kind === 'idle' && this.mode.closedElsewhere) return;
    const next = nextMode(this.mode, { type: 'close-meeting' });
    if (this.mode.kind !== 'meeting') return;
    const { meeting } = this.mode;
    const { at } = eventTime(this.clock);
    await this.requireEnrolled().outbox.append({ type: 'meeting.close', at, meeting: meeting.id });
    this.sync.nudge();
    this.meetings.leave(meeting.id, at);
    this.setMode(next);
  }

  /** Waits for the member named in the transfer letter, then a secretary of this organisation, to tap. */
  async startTransferAcceptance(transferId: string): Promise<void> {
    const { outbox } = this.requireEnrolled();
    const transfer = this.config?.transfer(transferId);
    if (!transfer || !this.addressedHere(transfer)) {
      throw new KioskError('ERR_TRANSFER_NOT_FOUND', `transfer ${transferId} is not addressed to this organisation in the kiosk's configuration`);
    }
    if (transferHasLapsed(transfer, this.clock.now())) throw new KioskError('ERR_TRANSFER_EXPIRED', `transfer ${transferId} has lapsed`);
    if (outbox.hasAcceptedTransfer(transferId)) throw new KioskError('ERR_TRANSFER_ALREADY_ACCEPTED', `transfer ${transferId} was already accepted here`);
    this.applyMode({ type: 'start-transfer', transfer });
  }

  /** Abandons a transfer acceptance (the member's half is dropped). A meeting is left with closeMeeting. */
  async cancel(): Promise<void> {
    this.applyMode({ type: 'cancel' });
  }

  async setAdminPin(pin: string, currentPin?: string): Promise<void> {
    await this.adminPin.set(pin, currentPin);
    this.publishStatus();
  }

  verifyAdminPin(pin: string): Promise<boolean> {
    return this.adminPin.verify(pin);
  }

  rejectedEvents(): RejectedEvent[] {
    return this.outbox?.rejected() ?? [];
  }

  /**
   * One card session for one tap, after any earlier session on the same reader. Resolves with the answer for
   * the screen (also published as a `tap` notice) once any event it recorded is durable.
   */
  tap(transport: CardTransport): Promise<TapResult> {
    if (this.closed) return Promise.resolve({ kind: 'failed', reader: transport.reader, at: eventTime(this.clock).at, code: 'ERR_OUTBOX_CLOSED' });
    return this.sessions.run(transport.reader, async () => {
      const session = (): Promise<TapResult> =>
        runCardSession(transport, this.sessionContext(), { current: () => this.mode, apply: (event) => this.applyMode(event) }, this.clock, this.report);
      const result = this.mode.kind === 'transfer' ? await this.transferTurns.run('transfer', session) : await session();
      this.answer(result);
      return result;
    });
  }

  /**
   * The answer to a card laid on `reader` that could not be connected to (ReaderSource.onUnreadCard): nothing was
   * read, so nothing is recorded; it comes after any earlier session on that reader, as a tap's answer would.
   */
  unreadCard(reader: string): Promise<TapResult> {
    return this.sessions.run(reader, async () => {
      const result = unreadCardResult(reader, this.sessionContext(), this.mode, this.clock);
      if (!this.closed) this.answer(result);
      return result;
    });
  }

  /**
   * Runs a card session for every card `source` reports, until the returned function (or close) detaches it.
   * A card the source felt but could not read gets its answer too, so the member knows to place it again.
   * A source that watches its readers also feeds the status's `reader`, so the screen can say when taps cannot work.
   */
  attachReaders(source: ReaderSource): () => void {
    const stop = source.onCard((card) => {
      if (!this.closed) void this.tap(card);
    });
    const stopUnread = source.onUnreadCard?.((reader) => {
      if (!this.closed) void this.unreadCard(reader);
    });
    let stopStatus: (() => void) | undefined;
    const detach = (): void => {
      stop();
      stopUnread?.();
      stopStatus?.();
      this.detachers.delete(detach);
      if (this.readerStatuses.delete(detach)) this.publishStatus();
    };
    this.detachers.add(detach);
    if (source.status && source.onStatus) {
      const seen = (status: ReaderStatus): void => {
        this.readerStatuses.set(detach, status);
        this.publishStatus();
      };
      stopStatus = source.onStatus(seen);
      seen(source.status());
    }
    return detach;
  }

  /** Stops taking taps, lets running sessions and the sync round finish, and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const detach of [...this.detachers]) detach();
    await this.sessions.drained();
    await this.sync.stop();
    await this.outbox?.close();
    this.notices.clear();
    this.db.close();
  }

  private async resume(): Promise<void> {
    this.connect(this.enrolments.get());
    try {
      this.config = await this.configCache.load();
    } catch (error) {
      // The cached configuration was verified when it was stored; failing now means the file was changed.
      // The kiosk starts without it (refusing taps) and the next sync replaces it.
      this.report(error);
    }
    const org = this.enrolment?.org;
    const meeting = org === undefined ? undefined : resumedMeeting(this.meetings.current(), this.meetings, this.config, org, this.knownClosed);
    if (meeting) this.mode = { kind: 'meeting', meeting };
    if (this.enrolment && this.options.autoSync !== false) this.sync.start();
  }

  /** `client` is the one enrolment used, so what it learnt of the server's clock carries over. */
  private connect(enrolment: Enrolment | undefined, client?: KioskHttpClient): void {
    this.enrolment = enrolment;
    if (!enrolment) return;
    this.outbox = new Outbox(this.db, this.identity, enrolment.org);
    this.client = client ?? new KioskHttpClient(enrolment.serverUrl, this.identity, this.clock, this.options.fetch);
    this.logClient = kioskLogClient(enrolment.serverUrl, this.options.fetch);
  }

  /** The log check after each round; a fault in it is reported, never counted as a failed round. */
  private async checkLog(): Promise<void> {
    try {
      await this.logWatcher.check();
    } catch (error) {
      this.report(error);
    }
  }

  /**
   * The server refused a check-in because its meeting is closed (at another kiosk, or by the branch). A kiosk still in
   * that meeting leaves it by itself, with no meeting.close of its own (the close is not its), and the waiting screen
   * says why until a secretary opens the next one. A tap being read meanwhile is refused by the outbox.
   */
  private leaveMeetingClosedElsewhere(meetings: readonly string[]): void {
    const { mode } = this;
    if (mode.kind !== 'meeting' || !meetings.includes(mode.meeting.id)) return;
    this.meetings.leaveClosedElsewhere(mode.meeting.id);
    this.setMode(nextMode(mode, { type: 'meeting-closed-elsewhere' }));
  }

  private requireEnrolled(): { org: string; outbox: Outbox } {
    if (!this.enrolment || !this.outbox) throw new KioskError('ERR_KIOSK_NOT_ENROLLED', 'enrol the kiosk with a server first');
    return { org: this.enrolment.org, outbox: this.outbox };
  }

  private addressedHere(transfer: Transfer): boolean {
    return transfer.toOrg === undefined || transfer.toOrg === this.enrolment?.org;
  }

  private sessionContext(): SessionContext | NotReadyReason {
    if (!this.enrolment || !this.outbox) return 'not-enrolled';
    if (!this.config) return 'no-config';
    return { kioskKid: this.identity.kid, org: this.enrolment.org, outbox: this.outbox, config: this.config, clock: this.clock };
  }

  /** Shows a tap's answer: the screen hears it at once, and a recorded event goes to the server soon. */
  private answer(result: TapResult): void {
    this.lastResult = result;
    this.notices.publish({ type: 'tap', result });
    if ('seq' in result && result.seq !== undefined) this.sync.nudge();
    this.publishStatus();
  }

  private applyMode(event: ModeEvent): void {
    this.setMode(nextMode(this.mode, event));
  }

  private setMode(mode: KioskMode): void {
    this.mode = mode;
    this.publishStatus();
  }

  private publishStatus(): void {
    if (this.closed) return;
    this.notices.publish({ type: 'status', status: this.status() });
  }
}
