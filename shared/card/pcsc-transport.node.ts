import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { CardRemovedError, MicError } from '../errors.ts';
import type { CardTransport } from './transport.ts';

/*
 * nfc-pcsc ships no types; these are the parts of its API this adapter uses (node_modules/nfc-pcsc/src).
 * `card` / `card.off` come from the reader's status thread; `end` when the reader (or pcscd) goes away.
 */
interface NfcCard {
  atr?: Buffer;
}

interface NfcReader {
  readonly name: string;
  autoProcessing: boolean;
  transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
  close(): void;
  on(event: 'card' | 'card.off', listener: (card: NfcCard) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

interface NfcContext {
  on(event: 'reader', listener: (reader: NfcReader) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): void;
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

/** true when pcscd accepts connections on its socket (a stale socket file left by a killed pcscd refuses them). */
export function pcscdAnswers(path = pcscdSocketPath()): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

type Exchange = { ok: true; response: Buffer } | { ok: false; error: unknown };

/**
 * One card on one reader, for as long as it stays there. After the card leaves (card.off, reader gone, or an
 * exchange failed) every pending and later transmit rejects with CardRemovedError, even if the same card
 * comes back: a new tap is a new transport.
 */
export class PcscCardTransport implements CardTransport {
  readonly reader: string;
  readonly atr: Uint8Array;
  /** Resolves when the card leaves the reader. */
  readonly removed: Promise<void>;
  private gone: CardRemovedError | undefined;
  private signalRemoved: () => void = () => undefined;
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
  }

  get present(): boolean {
    return this.gone === undefined;
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    // One exchange at a time, in call order: a card session is a conversation, not a set of parallel requests.
    const next = this.queue.then(() => this.exchange(apdu));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** @internal called by PcscReaders when the card or its reader goes away */
  markRemoved(cause?: unknown): void {
    if (this.gone) return;
    this.gone = new CardRemovedError(undefined, cause);
    this.signalRemoved();
  }

  private async exchange(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.gone) throw this.gone;
    const sent = this.send(apdu);
    const outcome = await Promise.race([sent, this.removed.then(() => 'removed' as const)]);
    if (outcome === 'removed') throw this.gone ?? new CardRemovedError();
    if (!outcome.ok) {
      // pcscd reports a contactless card leaving mid-exchange as a failed transmit (SCardTransmit
      // 0x80100016 / 0x80100069) up to half a second before the reader's status says the slot is empty.
      // The card's session state is unknown after that either way, so the tap is over: it must tap again.
      this.markRemoved(outcome.error);
      throw this.gone ?? new CardRemovedError(undefined, outcome.error);
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

export interface PcscReadersOptions {
  /** nfc-pcsc and pcsclite report failures as events; they arrive here instead of crashing the process. */
  onError?: (error: Error, reader: string | undefined) => void;
}

/**
 * Every PC/SC reader pcscd knows (except SAM slots), through nfc-pcsc. A card tapped on any of them becomes a
 * PcscCardTransport; the client sends SELECT itself, so nfc-pcsc's automatic processing is off.
 */
export class PcscReaders {
  private readonly readerSlots = new Map<string, { reader: NfcReader; card: PcscCardTransport | undefined }>();
  private readonly allReaders = new Set<NfcReader>();
  private readonly listeners = new Set<CardListener>();
  private readonly cancelWaits = new Set<() => void>();
  private closed = false;

  private constructor(
    private readonly nfc: NfcContext,
    private readonly options: PcscReadersOptions,
  ) {
    nfc.on('error', (error) => options.onError?.(error, undefined));
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
    return new PcscReaders(new NFC(), options);
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
   * appeared during the wait, ERR_NO_CARD when one did but no card came.
   */
  waitForCard(readerName?: string, timeoutMs = 10_000): Promise<PcscCardTransport> {
    const matches = (name: string): boolean => readerName === undefined || name.includes(readerName);
    const noReader = (): MicError =>
      new MicError('ERR_NO_READER', `No card reader ${readerName === undefined ? 'is connected' : `matches "${readerName}"`}`);
    if (this.closed) return Promise.reject(noReader());
    for (const [name, slot] of this.readerSlots) {
      if (matches(name) && slot.card?.present) return Promise.resolve(slot.card);
    }
    return new Promise((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        unsubscribe();
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
      this.cancelWaits.add(cancel);
    });
  }

  /** Stops watching the readers; cards still present count as removed, pending waits reject with ERR_NO_READER. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cancel of [...this.cancelWaits]) cancel();
    for (const slot of this.readerSlots.values()) slot.card?.markRemoved();
    this.readerSlots.clear();
    this.listeners.clear();
    // pcsclite gives every reader its own status thread; a reader left open keeps the process alive.
    for (const reader of this.allReaders) reader.close();
    this.allReaders.clear();
    this.nfc.close();
  }

  private addReader(reader: NfcReader): void {
    if (this.closed) {
      reader.close();
      return;
    }
    this.allReaders.add(reader);
    // An 'error' event without a listener would throw and take the process down.
    reader.on('error', (error) => this.options.onError?.(error, reader.name));
    reader.on('end', () => {
      this.allReaders.delete(reader);
      this.dropCard(reader.name);
      this.readerSlots.delete(reader.name);
    });
    if (isSamSlot(reader.name)) return;
    reader.autoProcessing = false;
    this.readerSlots.set(reader.name, { reader, card: undefined });
    reader.on('card', (card) => this.cardArrived(reader, card));
    reader.on('card.off', () => this.dropCard(reader.name));
  }

  private cardArrived(reader: NfcReader, card: NfcCard): void {
    const slot = this.readerSlots.get(reader.name);
    if (!slot || this.closed) return;
    // nfc-pcsc may miss the empty state between a lift and a quick re-tap; the old card is gone all the same.
    slot.card?.markRemoved();
    const transport = new PcscCardTransport(reader, new Uint8Array(card.atr ?? []));
    slot.card = transport;
    for (const listener of [...this.listeners]) listener(transport);
  }

  private dropCard(name: string): void {
    const slot = this.readerSlots.get(name);
    if (!slot?.card) return;
    slot.card.markRemoved();
    slot.card = undefined;
  }
}
