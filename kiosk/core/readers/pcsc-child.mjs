// The kiosk's connection to pcscd, in a process of its own: nfc-pcsc and pcsclite run here, and everything else of
// the card readers runs in the kiosk (pcsc-child.node.ts starts this and explains why). Plain JavaScript, so that it
// starts in a tenth of a second without a TypeScript loader, the same under Node and under Electron.
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { setInterval } from 'node:timers';

const { NFC } = createRequire(import.meta.url)('nfc-pcsc');

/** How often the kiosk hears that this process still runs its events: BEAT_MS in pcsc-child.node.ts. */
const BEAT_MS = 250;

// Once the kiosk has gone there is no one to tell, and this process is on its way out (below).
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
// The kiosk gone, nothing here is needed any more, and the connections to pcscd go back to it.
process.on('disconnect', () => process.exit(0));
setInterval(() => send({ type: 'beat' }), BEAT_MS);
send({ type: 'beat' });
