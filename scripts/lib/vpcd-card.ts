import { connect, type Socket } from 'node:net';
import type { ApduProcessor } from '../../shared/card/memory-transport.ts';
import { CodedError } from '../../shared/errors.ts';

/** The card's chip as vpcd sees it: it answers APDUs and forgets its session state when powered up or reset. */
export interface VirtualChip extends ApduProcessor {
  reset(): void;
}

/** Called after a command is processed and before its answer goes out; 'lift' tears the card away instead. */
export type AfterCommand = (command: Uint8Array, response: Uint8Array) => 'lift' | undefined;

/** Why the card left the reader: the caller removed it, a hook lifted it mid-exchange, or pcscd hung up. */
export type Departure = 'removed' | 'lifted' | 'reader-closed';

export interface VpcdCardOptions {
  /** vpcd reader index: 0 → port 35963, 1 → port 35964 (/etc/reader.conf.d/vpcd). */
  reader?: number;
  host?: string;
  afterCommand?: AfterCommand;
  /** what the card answers vpcd's ATR request with; CONTACTLESS_ATR unless a test needs a card PC/SC cannot connect to */
  atr?: Uint8Array;
  /**
   * Runs after every command APDU, before the answer is sent, so the card's memory is durable before anyone
   * sees the answer. If it throws, the answer is never sent and the exception propagates.
   */
  onStateChange?: () => void;
  onDeparture?: (why: Departure) => void;
}

export const VPCD_BASE_PORT = 35963;

/** The names pcscd gives the readers of /etc/reader.conf.d/vpcd; index i listens on VPCD_BASE_PORT + i. */
export const VIRTUAL_READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;

/**
 * The ATR of an ISO 14443-4 contactless card as PC/SC part 3 builds it, without historical bytes:
 * TS 3B, T0 80 (TD1 follows), TD1 80 (TD2 follows, T=0), TD2 01 (T=1), TCK 01.
 * nfc-pcsc classifies it as TAG_ISO_14443_4, as it would a real member card.
 */
export const CONTACTLESS_ATR = Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01);

const CONTROL = { powerOff: 0, powerOn: 1, reset: 2, atr: 4 } as const;

/**
 * vpcd learns of a lift at its presence poll, which pcscd runs every 400 ms, except when the card vanishes
 * mid-exchange: vpcd drops the connection right there, and if a card connects before the next poll, that poll
 * finds a card and pcscd never reports the slot empty (nor the new card). So after such a lift the reader
 * stays empty for two polls, as it would under a hand that lifts a real card.
 */
const LIFT_SEEN_AFTER_MS = 800;
/** vpcd port → when pcscd will have seen the slot empty after a mid-exchange lift. Shared: the field is. */
const liftSeenAt = new Map<number, number>();

/** Nothing listens on the vpcd port: pcscd is not running, or runs without the vpcd driver. */
export class VpcdUnavailableError extends CodedError<'ERR_VPCD_UNAVAILABLE'> {
  constructor(host: string, port: number, cause: unknown) {
    super('ERR_VPCD_UNAVAILABLE', `No virtual reader is listening on ${host}:${port}. Start pcscd with the vpcd driver: npm run pcscd`, { cause });
  }
}

/** Splits vpcd's stream into frames (2-byte big-endian length, then payload); TCP may cut or merge them anywhere. */
export class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Uint8Array[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Uint8Array[] = [];
    while (this.pending.length >= 2) {
      const length = this.pending.readUInt16BE(0);
      if (this.pending.length < 2 + length) break;
      frames.push(new Uint8Array(this.pending.subarray(2, 2 + length)));
      this.pending = this.pending.subarray(2 + length);
    }
    return frames;
  }
}

export function encodeFrame(payload: Uint8Array): Buffer {
  const out = Buffer.alloc(2 + payload.length);
  out.writeUInt16BE(payload.length, 0);
  out.set(payload, 2);
  return out;
}

/**
 * A card held to a vpcd virtual reader. Connecting the socket is the tap, closing it is the lift: vpcd
 * (inside pcscd) polls presence by asking for the ATR, so pcscd notices either within one poll.
 */
export class VpcdCard {
  private socket: Socket | undefined;
  private connecting: Promise<void> | undefined;
  readonly port: number;
  readonly host: string;

  constructor(
    private readonly chip: VirtualChip,
    private readonly options: VpcdCardOptions = {},
  ) {
    const reader = options.reader ?? 0;
    if (!Number.isInteger(reader) || reader < 0) throw new RangeError(`vpcd reader index must be 0, 1, …; got ${reader}`);
    this.port = VPCD_BASE_PORT + reader;
    this.host = options.host ?? '127.0.0.1';
  }

  get inserted(): boolean {
    return this.socket !== undefined;
  }

  /** Resolves once the socket is connected; pcscd reports the card present at its next poll (≤ ~0.5 s). */
  insert(): Promise<void> {
    if (this.socket) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** Resolves once the socket is closed: the card has left the field. */
  remove(): Promise<void> {
    return this.close('removed');
  }

  private async connect(): Promise<void> {
    const wait = (liftSeenAt.get(this.port) ?? 0) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // A contactless card has no power outside the field: every tap starts it afresh.
    this.chip.reset();
    await new Promise<void>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      const onConnectError = (error: Error): void => {
        socket.destroy();
        reject(new VpcdUnavailableError(this.host, this.port, error));
      };
      socket.once('error', onConnectError);
      socket.once('connect', () => {
        socket.off('error', onConnectError);
        this.attach(socket);
        resolve();
      });
    });
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    const splitter = new FrameSplitter();
    // Errors after connecting (ECONNRESET when pcscd stops) end in 'close', which reports the departure.
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const payload of splitter.push(chunk)) {
        if (this.socket !== socket) return;
        this.handle(socket, payload);
      }
    });
    socket.once('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.options.onDeparture?.('reader-closed');
    });
  }

  private handle(socket: Socket, payload: Uint8Array): void {
    if (payload.length === 1) {
      this.control(socket, payload[0]!);
      return;
    }
    const response = this.chip.process(payload);
    this.options.onStateChange?.();
    if (this.options.afterCommand?.(payload, response) === 'lift') {
      liftSeenAt.set(this.port, Date.now() + LIFT_SEEN_AFTER_MS);
      void this.close('lifted');
      return;
    }
    socket.write(encodeFrame(response));
  }

  private control(socket: Socket, message: number): void {
    switch (message) {
      case CONTROL.powerOn:
      case CONTROL.reset:
        this.chip.reset();
        return;
      case CONTROL.atr:
        socket.write(encodeFrame(this.options.atr ?? CONTACTLESS_ATR));
        return;
      case CONTROL.powerOff:
      default:
        // Power-off needs no answer; the next power-on resets the chip. Unknown messages have no answer either.
        return;
    }
  }

  private close(why: Departure): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    this.socket = undefined;
    return new Promise((resolve) => {
      socket.once('close', () => {
        this.options.onDeparture?.(why);
        resolve();
      });
      // destroy, not end: after end() the card would linger until vpcd's next poll closed the other side.
      socket.destroy();
    });
  }
}
