/**
 * npm run card:virtual -- --state FILE [--reader 0|1] [--lifted]
 *
 * Holds the reference card saved in FILE to a vpcd virtual reader until stopped, saving its memory after every
 * command. Tap and lift it with lines on stdin (tap, lift, quit) or signals to the printed pid (SIGUSR2 = tap,
 * SIGUSR1 = lift; `npx tsx` passes on only SIGINT and SIGTERM, so signal the pid this prints).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadOrCreateCard, serialiseCard, writeFileAtomic } from './lib/card-state-file.ts';
import { VIRTUAL_READERS, VpcdCard, VpcdUnavailableError } from './lib/vpcd-card.ts';

const USAGE = 'usage: npm run card:virtual -- --state FILE [--reader 0|1] [--lifted]';

function readArguments(): { statePath: string; reader: 0 | 1; lifted: boolean } {
  const { values } = parseArgs({
    options: {
      state: { type: 'string' },
      reader: { type: 'string', default: '0' },
      lifted: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.state === undefined || (values.reader !== '0' && values.reader !== '1')) {
    console.error(USAGE);
    process.exit(2);
  }
  return { statePath: values.state, reader: values.reader === '0' ? 0 : 1, lifted: values.lifted };
}

const { statePath, reader, lifted } = readArguments();
const { applet, created } = loadOrCreateCard(statePath);
const csn = applet.save().csn;
const where = `reader ${reader} (${VIRTUAL_READERS[reader]})`;

let savedState = serialiseCard(applet);
/** Most commands (SELECT, READ BINARY) change nothing; only a changed memory is written. */
function persist(): void {
  const state = serialiseCard(applet);
  if (state === savedState) return;
  writeFileAtomic(statePath, state);
  savedState = state;
}

const card = new VpcdCard(applet, {
  reader,
  onStateChange: persist,
  onDeparture: (why) => {
    if (why === 'reader-closed') console.log(`removed: pcscd closed the connection of card ${csn} on ${where}`);
  },
});

// One action at a time, in the order asked: "tap" then "lift" typed quickly must not race.
let actions: Promise<void> = Promise.resolve();
const enqueue = (action: () => Promise<void>): void => {
  actions = actions.then(action).catch((error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  });
};

async function tap(): Promise<void> {
  if (card.inserted) {
    console.log(`tap: card ${csn} is already on ${where}`);
    return;
  }
  await card.insert();
  console.log(`inserted: card ${csn} on ${where}`);
}

async function lift(): Promise<void> {
  if (!card.inserted) {
    console.log(`lift: card ${csn} is not on a reader`);
    return;
  }
  await card.remove();
  console.log(`removed: card ${csn} from ${where}`);
}

async function quit(): Promise<void> {
  if (card.inserted) await lift();
  persist();
  console.log('stopped');
  process.exit(0);
}

console.log(`card ${csn}: ${created ? 'new blank card saved to' : 'loaded from'} ${statePath}`);
if (!lifted) {
  try {
    await tap();
  } catch (error) {
    console.error(error instanceof VpcdUnavailableError ? error.message : error);
    process.exit(1);
  }
}

process.on('SIGUSR2', () => enqueue(tap));
process.on('SIGUSR1', () => enqueue(lift));
process.on('SIGINT', () => enqueue(quit));
process.on('SIGTERM', () => enqueue(quit));

// terminal: false leaves Ctrl-C to the terminal, which sends SIGINT; at end of input the card stays and
// signals still drive it.
createInterface({ input: process.stdin, terminal: false }).on('line', (line) => {
  const command = line.trim();
  if (command === 'tap') enqueue(tap);
  else if (command === 'lift') enqueue(lift);
  else if (command === 'quit') enqueue(quit);
  else if (command !== '') console.log(`unknown command "${command}": type tap, lift or quit`);
});

console.log(`ready: pid ${process.pid}; type tap, lift or quit (SIGUSR2 = tap, SIGUSR1 = lift)`);
