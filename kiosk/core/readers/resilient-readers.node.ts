import { PcscReaders, pcscdAnswers, type CardFault, type PcscCardTransport, type PcscReadersOptions } from '../../../shared/card/pcsc-transport.node.ts';
import { isMicError } from '../../../shared/errors.ts';
import { Notices } from '../notices.ts';
import { openNfcInChild } from './pcsc-child.node.ts';
import type { ReaderSource } from './reader-source.ts';
import { readerStatus, sameReaderStatus, type ReaderFailure, type ReaderStatus } from './reader-status.ts';

/**
 * Reconnect attempts while pcscd is away: the first soon after it went (a restart by systemd takes well under
 * a second), then doubling, so a long outage costs one failed local connect every few seconds, and taps work
 * again at most RETRY_MAX_MS after pcscd is back.
 */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5_000;
/**
 * A dying pcscd closes its socket, which pcsclite reports at once; the poll is the safety net should that report
 * ever not come. Slow, because every check is a connection pcscd must accept, and it listens with a backlog of one.
 */
const PCSCD_CHECK_MS = 5_000;
/** PcscReaders learns of readers from pcsclite's events but announces none, so the status compares its list. */
const READER_SCAN_MS = 250;
/**
 * pcsclite lists the readers a few milliseconds after connecting; until then an empty list means "not yet
 * known", and the screen should not flash "no reader" at every start.
 */
const READER_LISTING_MS = 1_000;
/**
 * pcsclite opens each reader's own connection to pcscd without looking at the answer (cardreader.cpp), so a reader
 * whose connection pcscd refused fails its first wait for a card with SCARD_E_INVALID_HANDLE.
 */
const REFUSED_READER = /\(0x80100003\)$/;

/** What ResilientReaders uses of a connection to pcscd; PcscReaders is one. */
export type PcscConnection = Pick<PcscReaders, 'readers' | 'onCard' | 'close'>;

export interface ResilientReadersOptions {
  /** pcsclite failures and failed reconnects, for the log; recovery does not depend on anyone listening */
  onError?: (error: Error, reader: string | undefined) => void;
  /**
   * Connects to pcscd: PcscReaders.start with pcsclite in a child process (pcsc-child.node.ts says why), unless a
   * test plays a pcscd that refuses the kiosk.
   */
  connect?: (options: PcscReadersOptions) => Promise<PcscConnection>;
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * The kiosk's card readers, kept working without a restart: every reader pcscd lists (SAM slots excepted, as
 * PcscReaders does), readers unplugged and plugged back, and pcscd itself stopping, crashing or restarting.
 *
 * pcsclite cannot recover by itself: once pcscd goes away, its context reports one error and never lists a
 * reader again, even after pcscd is back. So this owns a PcscReaders and replaces it whenever its context fails,
 * every reader it had ends, or pcscd stops answering on its socket. Listeners stay attached across replacements.
 * pcsclite itself runs in a child process (pcsc-child.node.ts), so that a pcscd that keeps it waiting (at its limit
 * of connections, or hung) holds up only that process, never the kiosk.
 */
export class ResilientReaders implements ReaderSource {
  private readonly cardListeners = new Set<(card: PcscCardTransport) => void>();
  private readonly unreadListeners = new Set<(reader: string) => void>();
  private readonly statusNotices: Notices<ReaderStatus>;
  private current: PcscConnection | undefined;
  /** Numbers each PcscReaders, so failures reported late by one already replaced do not restart its successor. */
  private generation = 0;
  private lastStatus: ReaderStatus = readerStatus(false, []);
  /** pcscd answering yet refusing the connection again: the status shows it until pcscd lets the kiosk in or goes away */
  private failure: ReaderFailure | undefined;
  /** a reader of the current connection whose own connection pcscd refused */
  private readerRefusal: ReaderFailure | undefined;
  /** connections in a row that pcscd let in but refused every reader of, for the wait before the next */
  private refusedConnections = 0;
  private listedBy = 0;
  private reconnecting: Promise<void> | undefined;
  private restartWanted = false;
  private restartWaitMs = 0;
  private endRetryWait: (() => void) | undefined;
  private readonly scanTimer: NodeJS.Timeout;
  private readonly pcscdTimer: NodeJS.Timeout;
  private closed = false;

  private constructor(private readonly options: ResilientReadersOptions) {
    this.statusNotices = new Notices((error) => this.report(error, undefined));
    // Unref'd: watching is no reason for a process to stay up; the open readers and a pending retry are.
    this.scanTimer = setInterval(() => this.scan(), READER_SCAN_MS).unref();
    this.pcscdTimer = setInterval(() => void this.checkPcscd(), PCSCD_CHECK_MS).unref();
    this.restart();
  }

  /** Starts connecting to pcscd and returns at once; until pcscd answers the status says `waiting-for-pcscd`. */
  static start(options: ResilientReadersOptions = {}): ResilientReaders {
    return new ResilientReaders(options);
  }

  /** Calls `listener` for every card tapped from now on, on any reader, across reconnections. */
  onCard(listener: (card: PcscCardTransport) => void): () => void {
    this.cardListeners.add(listener);
    return () => {
      this.cardListeners.delete(listener);
    };
  }

  /** Calls `listener` with the reader's name whenever a card laid on it could not be connected to. */
  onUnreadCard(listener: (reader: string) => void): () => void {
    this.unreadListeners.add(listener);
    return () => {
      this.unreadListeners.delete(listener);
    };
  }

  status(): ReaderStatus {
    return this.lastStatus;
  }

  /** Calls `listener` with the new status whenever the state or the list of readers changes. */
  onStatus(listener: (status: ReaderStatus) => void): () => void {
    return this.statusNotices.subscribe(listener);
  }

  /** Stops reconnecting and closes the readers; a card still present counts as removed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.scanTimer);
    clearInterval(this.pcscdTimer);
    this.endRetryWait?.();
    await this.reconnecting;
    const current = this.current;
    this.current = undefined;
    this.cardListeners.clear();
    this.unreadListeners.clear();
    this.statusNotices.clear();
    await current?.close();
  }

  /**
   * Replaces the current PcscReaders, connecting again `waitMs` after closing it; requests made while a replacement
   * runs make it run once more.
   */
  private restart(waitMs = 0): void {
    this.restartWanted = true;
    this.restartWaitMs = Math.max(this.restartWaitMs, waitMs);
    if (this.closed || this.reconnecting) return;
    this.reconnecting = (async () => {
      while (this.restartWanted && !this.closed) {
        this.restartWanted = false;
        const wait = this.restartWaitMs;
        this.restartWaitMs = 0;
        await this.reconnect(wait);
      }
    })().finally(() => {
      this.reconnecting = undefined;
    });
  }

  private async reconnect(waitMs: number): Promise<void> {
    const old = this.current;
    this.current = undefined;
    this.readerRefusal = undefined;
    this.generation += 1;
    this.scan();
    // The failures that lead here arrive inside pcsclite's callbacks, and closing a reader from inside one
    // deadlocks on the lock that callback holds; a macrotask later it is free.
    await nextMacrotask();
    await old?.close().catch((error: unknown) => this.report(error, undefined));
    if (waitMs > 0) await this.retryWait(waitMs);
    const connect = this.options.connect ?? ((options: PcscReadersOptions) => PcscReaders.start({ ...options, openNfc: openNfcInChild }));
    // pcscd taking the connection and closing it unanswered (pcsclite: "Access denied") is also what a pcscd going
    // away does: killed, it still takes connections for a moment after the readers have failed. So a first refusal
    // is retried soon and not shown; a pcscd that refuses again is refusing the kiosk.
    let refusals = 0;
    for (let failures = 0; !this.closed; failures += 1) {
      if (failures > 0) await this.retryWait(refusals === 1 ? RETRY_FIRST_MS : Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (failures - 1)));
      if (this.closed) return;
      const generation = this.generation;
      let readers: PcscConnection;
      try {
        readers = await connect({
          onError: (error, reader) => this.pcscFailed(generation, error, reader),
          onCardFault: (fault) => this.cardFault(fault),
        });
      } catch (error) {
        if (isMicError(error) && error.code === 'ERR_NO_READER') {
          // pcscd not answering (yet): what the wait is for, not worth a log line every few seconds. It also
          // explains any reader that failed, and any refusal, just before it went.
          refusals = 0;
          this.forgetFailures();
        } else {
          this.report(error, undefined);
          refusals += 1;
          if (refusals > 1) this.failure = { message: asError(error).message };
        }
        this.scan();
        continue;
      }
      if (this.closed) {
        await readers.close();
        return;
      }
      readers.onCard((card) => this.deliver(card));
      // pcscd let the kiosk in; a failure shown stays until its readers are listed (scan), since pcscd may still
      // refuse each of them.
      this.current = readers;
      this.listedBy = Date.now() + READER_LISTING_MS;
      this.scan();
      return;
    }
  }

  private pcscFailed(generation: number, error: Error, reader: string | undefined): void {
    this.report(error, reader);
    if (generation !== this.generation) return;
    if (reader !== undefined && REFUSED_READER.test(error.message)) this.readerRefusal = { message: error.message };
    if (reader === undefined) {
      // A failed context (no reader named) never lists a reader again. It fails when pcscd stops or restarts,
      // which fails every reader too: not their fault.
      this.forgetFailures();
      this.restart();
      return;
    }
    // A failed reader ends right after this callback; the scan then sees whether any reader is left. It is not
    // called a fault: pcscd stopping fails every reader with the codes a broken reader gives (SCARD_F_COMM_ERROR),
    // at times before the context, and a reader gone from the list reads as unplugged, which is what staff
    // should check first either way.
    setImmediate(() => this.scan());
  }

  private forgetFailures(): void {
    this.failure = undefined;
    this.refusedConnections = 0;
  }

  /** Publishes a changed status, and reconnects when every reader has gone. */
  private scan(): void {
    const names = this.current?.readers ?? [];
    // While a failure shows, a new connection's readers count only once they have had time to be listed: pcscd may
    // refuse each of them a moment after pcsclite lists it, and the screen should not flash "connected" meanwhile.
    const listed = Date.now() >= this.listedBy || (names.length > 0 && this.failure === undefined);
    const readersKnown = this.current !== undefined && listed;
    if (readersKnown && names.length === 0 && this.readerRefusal) {
      // pcscd let the kiosk in but refused every reader, which pcsclite never lists again on this connection: the
      // kiosk is refused all the same. Another connection, once pcscd has room, gets them.
      this.failure = this.readerRefusal;
      this.refusedConnections += 1;
      this.restart(Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.refusedConnections - 1)));
      return;
    }
    // Let in, with a reader to tap on or none refused: whatever kept the kiosk out is over.
    if (readersKnown) this.forgetFailures();
    const status = readerStatus(readersKnown, names, this.failure);
    if (sameReaderStatus(status, this.lastStatus)) return;
    // Unplugging the last reader is harmless to reconnect over (no card is anywhere), and a reader whose thread
    // failed while pcscd stayed up would otherwise stay lost: pcsclite lists readers again only on a change.
    const lostEveryReader = this.lastStatus.state === 'connected' && status.state === 'no-readers';
    this.lastStatus = status;
    this.statusNotices.publish(status);
    if (lostEveryReader) this.restart();
  }

  private async checkPcscd(): Promise<void> {
    if (this.current === undefined || this.reconnecting) return;
    const generation = this.generation;
    if (!(await pcscdAnswers()) && generation === this.generation) this.restart();
  }

  /**
   * A card the reader could not connect to is a failed tap, never a failed reader: the reader still works, so the
   * status stays as it is, and the member is told to place the card again. A failed disconnect is only logged.
   */
  private cardFault(fault: CardFault): void {
    this.report(fault.error, fault.reader);
    if (fault.stage !== 'connect') return;
    for (const listener of [...this.unreadListeners]) {
      try {
        listener(fault.reader);
      } catch (error) {
        this.report(error, fault.reader);
      }
    }
  }

  private deliver(card: PcscCardTransport): void {
    for (const listener of [...this.cardListeners]) {
      try {
        listener(card);
      } catch (error) {
        // One listener's bug must not keep the card from the others.
        this.report(error, card.reader);
      }
    }
  }

  /** Resolves after `ms`, or at once when close() cuts the wait short. */
  private retryWait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.endRetryWait = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.endRetryWait = done;
    });
  }

  private report(error: unknown, reader: string | undefined): void {
    this.options.onError?.(asError(error), reader);
  }
}
