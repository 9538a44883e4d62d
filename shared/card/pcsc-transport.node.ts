import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { CardRemovedError, MicError } from '../errors.ts';
import type { CardTransport } from './transport.ts';

/*
 * nfc-pcsc ships no types; these are the parts of its API this adapter uses (node_modules/nfc-pcsc/src).
 * `card` / `card.off` come from the reader's status thread; `end` when the reader (or pcscd) goes away.
 */
export interface NfcCard {
  atr?: Buffer;
}

export interface NfcReader {
  readonly name: string;
  autoProcessing: boolean;
  transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
  close(): void;
  on(event: 'card' | 'card.off', listener: (card: NfcCard) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  emit(event: string | symbol | Error, ...args: unknown[]): boolean;
}

export interface NfcContext {
  on(event: 'reader', listener: (reader: NfcReader) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): void | Promise<void>;
}

/** An NfcContext whose connection to pcscd is still being made elsewhere: `opened` rejects with pcsclite's error. */
export interface OpeningNfc extends NfcContext {
  readonly opened: Promise<void>;
}

const { NFC } = createRequire(import.meta.url)('nfc-pcsc') as { NFC: new () => NfcContext };

/**
 * The card never answers more than 258 bytes (256 data + SW). A larger buffer costs nothing, while a too small
 * one fails as SCARD_E_INSUFFICIENT_BUFFER, which this adapter could not tell apart from a lost card.
 */
const RESPONSE_MAX_LENGTH = 1024;

/** SAM slots hold the reader's secure module, never a member's card. */
const isSamSlot = (name: string): boolean => /\bSAM\b/i.test(name);

export const pcscdSocketPath = (): string => process.env['PCSCLITE_CSOCK_NAME'] ?? '/run/pcscd/pcscd.comm';

/**
 * true when pcscd listens on its socket. A stale socket file left by a killed pcscd refuses connections
 * (ECONNREFUSED); a busy pcscd answers EAGAIN, because it listens with a backlog of one and other clients
 * may be connecting at the same moment.
 */
export function pcscdAnswers(path = pcscdSocketPath()): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EAGAIN'));
  });
}

type Exchange = { ok: true; response: Buffer } | { ok: false; error: unknown };

/**
 * One tap: one card on one reader, for as long as it stays there. Once the reader reports the card gone
 * (card.off, reader unplugged, pcscd stopped) or an exchange with it fails, every pending and later transmit
 * rejects with CardRemovedError, even if the same card comes back: a new tap is a new transport.
 */
export class PcscCardTransport implements CardTransport {
  readonly reader: string;
  readonly atr: Uint8Array;
  /**
   * Resolves when the reader reports the card gone. After a failed exchange this comes later than the
   * failure (pcscd polls), and only once the card has really left, so "lift your card" prompts can wait on it.
   */
  readonly removed: Promise<void>;
  private failure: CardRemovedError | undefined;
  private readonly ended: Promise<'ended'>;
  private signalRemoved: () => void = () => undefined;
  private signalEnded: () => void = () => undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly nfcReader: NfcReader,
    atr: Uint8Array,
  ) {
    this.reader = nfcReader.name;
    this.atr = atr;
    this.removed = new Promise((resolve) => {
      this.signalRemoved = resolve;
    });
    this.ended = new Promise((resolve) => {
      this.signalEnded = () => resolve('ended');
    });
  }

  /** false once the card has left or an exchange with it failed: this transport will not talk to it again. */
  get present(): boolean {
    return this.failure === undefined;
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    // One exchange at a time, in call order: a card session is a conversation, not a set of parallel requests.
    const next = this.queue.then(() => this.exchange(apdu));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** @internal PcscReaders calls this when the reader reports the card gone. */
  markRemoved(cause?: unknown): void {
    this.end(cause);
    this.signalRemoved();
  }

  private end(cause: unknown): CardRemovedError {
    this.failure ??= new CardRemovedError(undefined, cause);
    this.signalEnded();
    return this.failure;
  }

  private async exchange(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.failure) throw this.failure;
    const outcome = await Promise.race([this.send(apdu), this.ended]);
    if (outcome === 'ended') throw this.end(undefined);
    if (!outcome.ok) {
      // A card leaving mid-exchange shows up as a failed SCardTransmit (0x80100016 "Transaction failed",
      // wrapped in nfc-pcsc's TransmitError) up to half a second before the reader's status says the slot is
      // empty. The card's session state is unknown after any failed exchange, so the tap is over either way.
      throw this.end(outcome.error);
    }
    if (outcome.response.length < 2) {
      // Every response carries SW1 SW2. Fewer bytes with "success" means the card went silent mid-exchange:
      // vpcd, for one, answers SCARD_S_SUCCESS with 0 bytes when the card's socket closes before it replies.
      throw this.end(new Error(`the reader returned ${outcome.response.length} response bytes, no status word`));
    }
    return new Uint8Array(outcome.response);
  }

  /** Never rejects, so a transmit that loses the race with card.off cannot become an unhandled rejection. */
  private async send(apdu: Uint8Array): Promise<Exchange> {
    try {
      // nfc-pcsc throws synchronously when it has already dropped the card; `await` folds that in here too.
      return { ok: true, response: await this.nfcReader.transmit(Buffer.from(apdu), RESPONSE_MAX_LENGTH) };
    } catch (error) {
      return { ok: false, error };
    }
  }
}

export type CardListener = (card: PcscCardTransport) => void;

/**
 * A card PC/SC could not connect to when it was laid on the reader (`connect`: nothing was read from it), or not
 * disconnect from after it was lifted (`disconnect`). The tap's trouble, not the reader's: the reader goes on.
 */
export interface CardFault {
  readonly reader: string;
  readonly stage: 'connect' | 'disconnect';
  readonly error: Error;
}

export interface PcscReadersOptions {
  /** nfc-pcsc and pcsclite report failures as events; they arrive here instead of crashing the process. */
  onError?: (error: Error, reader: string | undefined) => void;
  /** a card that could not be connected or disconnected; without this option only a waitForCard in progress hears them */
  onCardFault?: (fault: CardFault) => void;
  /**
   * Where pcsclite runs: in this process unless this opens it elsewhere (the kiosk's in a child process, see
   * kiosk/core/readers/pcsc-child.node.ts, so that pcsclite blocking on pcscd cannot freeze the kiosk).
   */
  openNfc?: () => OpeningNfc;
}

/** A card lying on a reader that PC/SC could not connect to: what the person holding it can do. */
const cannotConnect = (fault: CardFault): MicError =>
  new MicError('ERR_CARD_CONNECT_FAILED', `The card on ${fault.reader} could not be connected: take it away and place it again. It may not be a member card.`, {
    cause: fault.error,
    details: { reader: fault.reader },
  });

interface ReaderSlot {
  reader: NfcReader;
  card: PcscCardTransport | undefined;
  /** the card lying on the reader that could not be connected, until it is lifted */
  unconnectable: CardFault | undefined;
}

/**
 * nfc-pcsc reports a failed connect on a card's arrival, and a failed disconnect after its removal, with
 * `this.emit(err)` (dist/Reader.js): the Error itself becomes the event's name, so no listener ever hears it, and
 * the member's tap ends in silence. Such an emit calls `heard` instead; every other event passes through.
 */
function hearErrorsEmittedAsNames(reader: NfcReader, heard: (error: Error) => void): void {
  const emit = reader.emit.bind(reader);
  reader.emit = (event, ...args) => {
    if (!(event instanceof Error)) return emit(event, ...args);
    heard(event);
    return true;
  };
}

/**
 * Every PC/SC reader pcscd knows (except SAM slots), through nfc-pcsc. A card tapped on any of them becomes a
 * PcscCardTransport; the client sends SELECT itself, so nfc-pcsc's automatic processing is off.
 *
 * A reader reports a new card only after it has reported the old one gone. When an exchange fails while the
 * card stays on the reader (or comes back within one pcscd poll, which vpcd cannot tell from staying), the
 * next card arrives only after the holder lifts it and taps again.
 */
export class PcscReaders {
  private readonly readerSlots = new Map<string, ReaderSlot>();
  private readonly allReaders = new Set<NfcReader>();
  private readonly listeners = new Set<CardListener>();
  private readonly connectFaultListeners = new Set<(fault: CardFault) => void>();
  private readonly cancelWaits = new Set<() => void>();
  private closed = false;

  private constructor(
    private readonly nfc: NfcContext,
    private readonly options: PcscReadersOptions,
  ) {
    nfc.on('error', (error) => this.reportError(error, undefined));
    nfc.on('reader', (reader) => this.addReader(reader));
  }

  /**
   * Connects to pcscd. Rejects with ERR_NO_READER when pcscd does not answer: pcsclite would otherwise retry
   * SCardEstablishContext in a busy loop on the main thread and hang the process.
   */
  static async start(options: PcscReadersOptions = {}): Promise<PcscReaders> {
    const socket = pcscdSocketPath();
    if (!(await pcscdAnswers(socket))) {
      throw new MicError('ERR_NO_READER', `The PC/SC service (pcscd) is not running: nothing answers on ${socket}`);
    }
    if (!options.openNfc) return new PcscReaders(new NFC(), options);
    // Listening before it opens: the readers it reports may come right behind the news that it is open.
    const nfc = options.openNfc();
    const readers = new PcscReaders(nfc, options);
    try {
      await nfc.opened;
    } catch (error) {
      await readers.close();
      throw error;
    }
    return readers;
  }

  /** Names of the readers seen so far; pcscd reports them a moment after start(). */
  get readers(): string[] {
    return [...this.readerSlots.keys()];
  }

  /** Calls `listener` for every card tapped from now on; returns the function that unsubscribes it. */
  onCard(listener: CardListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The card on the first reader whose name contains `readerName` (any reader when omitted): the one lying
   * there now, or the next one tapped within `timeoutMs`. Rejects with ERR_NO_READER when no such reader
   * appeared during the wait, ERR_NO_CARD when one did but no card came, and at once with
   * ERR_CARD_CONNECT_FAILED when the card there (or the one laid there) could not be connected: waiting on
   * would only end in ERR_NO_CARD, while the person holding it can do something now.
   */
  waitForCard(readerName?: string, timeoutMs = 10_000): Promise<PcscCardTransport> {
    const matches = (name: string): boolean => readerName === undefined || name.includes(readerName);
    const noReader = (): MicError =>
      new MicError('ERR_NO_READER', `No card reader ${readerName === undefined ? 'is connected' : `matches "${readerName}"`}`);
    if (this.closed) return Promise.reject(noReader());
    for (const [name, slot] of this.readerSlots) {
      if (matches(name) && slot.card?.present) return Promise.resolve(slot.card);
    }
    for (const [name, slot] of this.readerSlots) {
      if (matches(name) && slot.unconnectable) return Promise.reject(cannotConnect(slot.unconnectable));
    }
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        unsubscribe();
        this.connectFaultListeners.delete(connectFailed);
        this.cancelWaits.delete(cancel);
      };
      const cancel = (): void => {
        finish();
        reject(noReader());
      };
      const timer = setTimeout(() => {
        finish();
        if (!this.readers.some(matches)) reject(noReader());
        else reject(new MicError('ERR_NO_CARD', `No card was tapped within ${timeoutMs} ms`, { details: { readerName, timeoutMs } }));
      }, timeoutMs);
      const unsubscribe = this.onCard((card) => {
        if (!matches(card.reader)) return;
        finish();
        resolve(card);
      });
      const connectFailed = (fault: CardFault): void => {
        if (!matches(fault.reader)) return;
        finish();
        reject(cannotConnect(fault));
      };
      this.connectFaultListeners.add(connectFailed);
      this.cancelWaits.add(cancel);
    });
  }

  /** Stops watching the readers; cards still present count as removed, pending waits reject with ERR_NO_READER. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const cancel of [...this.cancelWaits]) cancel();
    for (const slot of this.readerSlots.values()) slot.card?.markRemoved();
    this.readerSlots.clear();
    this.listeners.clear();
    this.connectFaultListeners.clear();
    // pcsclite runs reader events, and the promise callbacks they trigger, while holding that reader's mutex;
    // closing a reader from inside them would deadlock on it. A macrotask later the mutex is free.
    await new Promise((resolve) => setImmediate(resolve));
    // pcsclite gives every reader its own status thread; a reader left open keeps the process alive.
    for (const reader of this.allReaders) reader.close();
    this.allReaders.clear();
    await this.nfc.close();
  }

  private reportError(error: Error, reader: string | undefined): void {
    // Closing cancels pcsclite's status waits, which it reports as errors; they are expected then.
    if (!this.closed) this.options.onError?.(error, reader);
  }

  private cardFault(fault: CardFault): void {
    if (this.closed) return;
    if (fault.stage === 'connect') {
      const slot = this.readerSlots.get(fault.reader);
      if (slot) slot.unconnectable = fault;
      for (const listener of [...this.connectFaultListeners]) listener(fault);
    }
    this.options.onCardFault?.(fault);
  }

  private addReader(reader: NfcReader): void {
    if (this.closed) {
      reader.close();
      return;
    }
    this.allReaders.add(reader);
    // An 'error' event without a listener would throw and take the process down.
    reader.on('error', (error) => this.reportError(error, reader.name));
    reader.on('end', () => {
      this.allReaders.delete(reader);
      this.dropCard(reader.name);
      this.readerSlots.delete(reader.name);
    });
    if (isSamSlot(reader.name)) return;
    reader.autoProcessing = false;
    // Only the removal path fails with a DisconnectError; anything else comes from the card's arrival.
    hearErrorsEmittedAsNames(reader, (error) =>
      this.cardFault({ reader: reader.name, stage: error.name === 'DisconnectError' ? 'disconnect' : 'connect', error }),
    );
    this.readerSlots.set(reader.name, { reader, card: undefined, unconnectable: undefined });
    reader.on('card', (card) => this.cardArrived(reader, card));
    reader.on('card.off', () => this.dropCard(reader.name));
  }

  private cardArrived(reader: NfcReader, card: NfcCard): void {
    const slot = this.readerSlots.get(reader.name);
    if (!slot || this.closed) return;
    // nfc-pcsc may miss the empty state between a lift and a quick re-tap; the old card is gone all the same.
    slot.card?.markRemoved();
    slot.unconnectable = undefined;
    const transport = new PcscCardTransport(reader, new Uint8Array(card.atr ?? []));
    slot.card = transport;
    for (const listener of [...this.listeners]) {
      try {
        listener(transport);
      } catch (error) {
        // nfc-pcsc would swallow it; one listener's bug must not keep the card from the others either.
        this.reportError(error instanceof Error ? error : new Error(String(error)), reader.name);
      }
    }
  }

  private dropCard(name: string): void {
    const slot = this.readerSlots.get(name);
    if (!slot) return;
    // nfc-pcsc reports the lift of a card it could not connect to as well: that card is gone too.
    slot.unconnectable = undefined;
    slot.card?.markRemoved();
    slot.card = undefined;
  }
}
