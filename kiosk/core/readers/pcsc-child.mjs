// The kiosk's connection to pcscd, in a process of its own: nfc-pcsc and pcsclite run here, and everything else of
// the card readers runs in the kiosk (pcsc-child.node.ts starts this and explains why). Plain JavaScript, so that it
// starts in a tenth of a second without a TypeScript loader, the same under Node and under Electron.
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { setInterval } from 'node:timers';
import { Worker } from 'node:worker_threads';

/*
 * Once the kiosk has gone (killed, crashed), nothing here is needed any more, and ending this process hands its
 * connections back to pcscd at once. Killed, not exited: process.exit waits for Node's thread pool, where a transmit to
 * a pcscd that does not answer stays for as long as pcscd keeps it. This process sees the kiosk go in three ways:
 * - here, before pcsclite loads: the kiosk went while this process was starting, and its 'disconnect' came before
 *   anyone listened;
 * - 'disconnect' (below), while the event loop runs;
 * - a worker thread (below), which sees this process handed to another parent than the kiosk: pcsclite holds the event
 *   loop while it connects to a pcscd that does not answer, and a worker runs a loop of its own.
 * The kiosk names its pid (pcsc-child.node.ts): this process's parent, when found here, may be another already.
 */
const KIOSK_PID = Number(process.argv[2]);
const end = () => process.kill(process.pid, 'SIGKILL');
if (process.ppid !== KIOSK_PID) end();

const { NFC } = createRequire(import.meta.url)('nfc-pcsc');

/** How often the kiosk hears that this process still runs its events: BEAT_MS in pcsc-child.node.ts. */
const BEAT_MS = 250;
/** How often the worker looks for the kiosk: a system call each time, and this process ends a tenth of a second after it. */
const KIOSK_CHECK_MS = 100;
/** The worker's code: inline, so that it reads no file (Electron may start this one from inside its app archive). */
const WATCH_KIOSK = `
  const { workerData } = require('node:worker_threads');
  setInterval(() => {
    if (process.ppid !== workerData.kiosk) process.kill(process.pid, 'SIGKILL');
  }, workerData.everyMs);
`;

// Once the kiosk has gone there is no one to tell, and this process is on its way out (above).
const send = (message) => process.connected && process.send(message);
const described = (error) => ({ name: error?.name ?? 'Error', message: error?.message ?? String(error) });

/** the readers pcsclite lists, by name, for the kiosk's transmits */
const readers = new Map();

function watch(reader) {
  const name = reader.name;
  readers.set(name, reader);
  // PcscReaders turns it off too, but only a message later: a card already lying there must not be processed.
  reader.autoProcessing = false;
  // nfc-pcsc reports a failed connect or disconnect with the Error as the event's name (PcscReaders explains);
  // the kiosk hears it here and emits it the same way over there.
  const emit = reader.emit.bind(reader);
  reader.emit = (event, ...args) => {
    if (!(event instanceof Error)) return emit(event, ...args);
    send({ type: 'reader-emitted-error', reader: name, error: described(event) });
    return true;
  };
  reader.on('card', (card) => send({ type: 'card', reader: name, atr: card.atr }));
  reader.on('card.off', () => send({ type: 'card.off', reader: name }));
  reader.on('error', (error) => send({ type: 'reader-error', reader: name, error: described(error) }));
  reader.on('end', () => {
    readers.delete(name);
    send({ type: 'end', reader: name });
  });
  send({ type: 'reader', reader: name });
}

/** Where this process may stop for good: pcsclite connects to pcscd synchronously, and retries as long as it likes. */
function open() {
  let nfc;
  try {
    nfc = new NFC();
  } catch (error) {
    send({ type: 'refused', error: described(error) });
    return;
  }
  nfc.on('error', (error) => send({ type: 'error', error: described(error) }));
  nfc.on('reader', watch);
  send({ type: 'open' });
}

async function transmit({ id, reader: name, data, responseMaxLength }) {
  try {
    const reader = readers.get(name);
    if (!reader) throw new Error(`${name} is gone`);
    // nfc-pcsc throws right away when the card has already gone; inside the try all the same.
    const response = await reader.transmit(Buffer.from(data), responseMaxLength);
    send({ type: 'transmitted', id, response });
  } catch (error) {
    send({ type: 'transmit-failed', id, error: described(error) });
  }
}

process.on('message', (message) => {
  if (message.type === 'open') open();
  else if (message.type === 'transmit') void transmit(message);
});
process.on('disconnect', end);
new Worker(WATCH_KIOSK, { eval: true, workerData: { kiosk: KIOSK_PID, everyMs: KIOSK_CHECK_MS } }).unref();
setInterval(() => send({ type: 'beat' }), BEAT_MS);
send({ type: 'beat' });
