import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { NfcCard, NfcReader, OpeningNfc } from '../../../shared/card/pcsc-transport.node.ts';

/*
 * The kiosk's pcsclite runs in a child process (pcsc-child.mjs), and PcscReaders here works on it through ChildNfc.
 *
 * pcsclite talks to pcscd synchronously, on the thread that calls it, in two places, and in both a pcscd that runs
 * but will not serve the kiosk holds that thread for as long as it likes:
 * - opening (SCardEstablishContext): pcsclite tries again without a pause while pcscd closes the connection before
 *   the kiosk has said a word, which is what pcscd does at its limit of connections, and waits without a time limit
 *   for a pcscd that took the connection but does not answer (one that hangs, or is stopped);
 * - closing: each reader's wait for a card is cancelled over a new connection, and when pcscd refuses that one,
 *   close() waits for the reader's next event, which may never come.
 * On the kiosk's main thread either froze the screen, the taps and the outbox. A worker thread cannot hold pcsclite
 * (it posts its events to the main thread's loop), and asking pcscd first leaves a moment between the question and
 * the call. In a child process only the child stops: it beats every BEAT_MS, one that misses beats for STUCK_MS is
 * killed, and so is one being closed. Killing it also hands every connection it held back to pcscd at once. A kiosk
 * killed outright cannot kill it: the child ends itself once the kiosk has gone (pcsc-child.mjs says how).
 *
 * Electron starts the same file next to its bundled main process (kiosk/electron/build-shell.ts puts it there).
 */
const CHILD = fileURLToPath(new URL('./pcsc-child.mjs', import.meta.url));

/** How often the child beats: BEAT_MS in pcsc-child.mjs. */
const BEAT_MS = 250;
/** Eight beats missed: pcsclite holds the child. Far above any pause of a child that works, even on a loaded machine. */
const STUCK_MS = 8 * BEAT_MS;
/** Node starts in a tenth of a second; a machine busy with something else may take a few. */
const START_MS = 10_000;

interface ErrorText {
  name: string;
  message: string;
}

/** What the child says (pcsc-child.mjs). Messages keep their order, so a reader is always announced before its cards. */
type FromChild =
  | { type: 'beat' | 'open' }
  | { type: 'refused' | 'error'; error: ErrorText }
  | { type: 'reader' | 'card.off' | 'end'; reader: string }
  | { type: 'card'; reader: string; atr?: Uint8Array }
  | { type: 'reader-error' | 'reader-emitted-error'; reader: string; error: ErrorText }
  | { type: 'transmitted'; id: number; response: Uint8Array }
  | { type: 'transmit-failed'; id: number; error: ErrorText };

type ToChild = { type: 'open' } | { type: 'transmit'; id: number; reader: string; data: Uint8Array; responseMaxLength: number };

/** nfc-pcsc's error classes do not cross a process boundary; their names (which PcscReaders reads) and words do. */
const rebuilt = (text: ErrorText): Error => Object.assign(new Error(text.message), { name: text.name });

const stuck = (): Error =>
  new Error(`The PC/SC service (pcscd) held the kiosk's connection for more than ${STUCK_MS / 1000} s: it does not answer, or has no connection to spare`);

/** One of the child's readers: its status thread and its card live in the child, its events arrive here. */
class ChildReader extends EventEmitter implements NfcReader {
  /** The child turns it off for every reader before their first card. */
  autoProcessing = false;

  constructor(
    readonly name: string,
    private readonly nfc: ChildNfc,
  ) {
    super();
  }

  transmit(data: Buffer, responseMaxLength: number): Promise<Buffer> {
    return this.nfc.transmit(this.name, data, responseMaxLength);
  }

  close(): void {
    // The reader's status thread ends with the child, which ChildNfc.close() ends.
  }
}

class ChildNfc extends EventEmitter implements OpeningNfc {
  readonly opened: Promise<void>;
  // The child watches this process by its pid, and ends itself once this one has gone (pcsc-child.mjs).
  private readonly child = fork(CHILD, [String(process.pid)], {
    // Neither the kiosk's TypeScript loader nor the test runner's flags: the child is plain JavaScript.
    execArgv: [],
    // Buffers cross as they are; JSON would turn them into arrays of numbers.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Under Electron, process.execPath is Electron itself: this makes it run the child as Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  private readonly exited: Promise<void>;
  private readonly readers = new Map<string, ChildReader>();
  private readonly transmits = new Map<number, { resolve(response: Buffer): void; reject(error: Error): void }>();
  private nextTransmit = 1;
  private settleOpening: ((failure?: Error) => void) | undefined;
  private started = false;
  private watchdog: NodeJS.Timeout;
  /** why the child was stopped, when this stopped it */
  private stoppedFor: Error | undefined;
  private closing = false;
  private gone = false;

  constructor() {
    super();
    this.opened = new Promise((resolve, reject) => {
      this.settleOpening = (failure) => {
        this.settleOpening = undefined;
        if (failure) reject(failure);
        else resolve();
      };
    });
    // A child that could not even be started reports 'error' and may never report 'exit'.
    this.exited = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.once('error', () => resolve());
    });
    this.child.once('error', (error) => this.ended(error));
    this.child.once('exit', (code, signal) => this.ended(new Error(`The card reader process ended (${signal ?? `exit code ${code}`})`)));
    // The child is this kiosk's own program (pcsc-child.mjs), not outside input.
    this.child.on('message', (message) => this.receive(message as FromChild));
    // Unref'd like ResilientReaders' timers: the child itself keeps the kiosk's process up while it runs.
    this.watchdog = setTimeout(() => this.stop(new Error(`The card reader process did not start within ${START_MS / 1000} s`)), START_MS).unref();
  }

  transmit(reader: string, data: Buffer, responseMaxLength: number): Promise<Buffer> {
    const id = this.nextTransmit++;
    return new Promise((resolve, reject) => {
      this.transmits.set(id, { resolve, reject });
      this.send({ type: 'transmit', id, reader, data, responseMaxLength }, (error) => {
        this.transmits.delete(id);
        reject(error);
      });
    });
  }

  /** Ends the child, and with it every connection it held to pcscd. Killed, because closing pcsclite can block. */
  async close(): Promise<void> {
    this.closing = true;
    this.kill();
    await this.exited;
  }

  private receive(message: FromChild): void {
    switch (message.type) {
      case 'beat':
        return this.beat();
      case 'open':
        return this.settleOpening?.();
      case 'refused':
        return this.stop(rebuilt(message.error));
      case 'error':
        this.emit('error', rebuilt(message.error));
        return;
      case 'transmitted':
      case 'transmit-failed': {
        const waiting = this.transmits.get(message.id);
        this.transmits.delete(message.id);
        if (message.type === 'transmitted') waiting?.resolve(Buffer.from(message.response));
        else waiting?.reject(rebuilt(message.error));
        return;
      }
      case 'reader': {
        const reader = new ChildReader(message.reader, this);
        this.readers.set(reader.name, reader);
        this.emit('reader', reader);
        return;
      }
      case 'card':
        this.readers.get(message.reader)?.emit('card', { ...(message.atr && { atr: Buffer.from(message.atr) }) } satisfies NfcCard);
        return;
      case 'card.off':
        this.readers.get(message.reader)?.emit('card.off', {} satisfies NfcCard);
        return;
      case 'reader-error':
        this.readers.get(message.reader)?.emit('error', rebuilt(message.error));
        return;
      case 'reader-emitted-error': {
        // As nfc-pcsc emits it, with the Error as the event's name: PcscReaders listens for exactly that.
        const reader: NfcReader | undefined = this.readers.get(message.reader);
        reader?.emit(rebuilt(message.error));
        return;
      }
      case 'end':
        this.readers.get(message.reader)?.emit('end');
        this.readers.delete(message.reader);
        return;
    }
  }

  private beat(): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.stop(stuck()), STUCK_MS).unref();
    if (this.started) return;
    // The first beat: the child runs, and the kiosk hears it. Now it may open pcsclite, and block there.
    this.started = true;
    this.send({ type: 'open' }, () => undefined);
  }

  private send(message: ToChild, failed: (error: Error) => void): void {
    if (!this.child.connected) return failed(new Error('The card reader process has ended'));
    this.child.send(message, (error) => {
      if (error) failed(error);
    });
  }

  private stop(reason: Error): void {
    this.stoppedFor ??= reason;
    this.kill();
  }

  private kill(): void {
    // SIGKILL: a child held inside pcsclite runs no handler anyway, and has nothing to tidy: pcscd takes a dead
    // client's connections back by itself.
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** The child has gone: whoever waits on it hears why, unless close() asked for it. */
  private ended(cause: Error): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.watchdog);
    const why = this.stoppedFor ?? cause;
    for (const waiting of this.transmits.values()) waiting.reject(why);
    this.transmits.clear();
    if (this.settleOpening) return this.settleOpening(why);
    if (this.closing) return;
    // As pcscd going away ends every reader and fails the context, so that PcscReaders and ResilientReaders react alike.
    const readers = [...this.readers.values()];
    this.readers.clear();
    for (const reader of readers) reader.emit('end');
    this.emit('error', why);
  }
}

/** pcsclite's connection to pcscd, opened in a child process of its own: PcscReadersOptions.openNfc. */
export function openNfcInChild(): OpeningNfc {
  return new ChildNfc();
}
