import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ResilientReaders } from '../core/readers/resilient-readers.node.ts';
import { startBrowserKiosk } from './browser-kiosk.ts';
import { DEFAULT_UI_DIR, buildKioskUi, isUiBuilt } from './build-ui.ts';

/*
 * npm run kiosk -- --browser [--port N] [--data DIR] [--ui DIR]
 * The kiosk in browser mode: the core, the card readers if pcscd answers, and the screen at a local URL.
 */

const USAGE = 'usage: npm run kiosk -- --browser [--port N] [--data DIR] [--ui DIR]';

const { values } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
    data: { type: 'string', default: 'data/kiosk' },
    ui: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || !values.browser) {
  console.log(USAGE);
  console.log('The Electron shell runs on machines with Electron: npm run kiosk:electron (see electron-builder.yml).');
  process.exit(values.help ? 0 : 2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number (0 for any free one), not "${values.port}"`);
  process.exit(2);
}

const uiDir = values.ui === undefined ? DEFAULT_UI_DIR : resolve(values.ui);
if (!isUiBuilt(uiDir)) {
  if (values.ui !== undefined) {
    console.error(`${uiDir} holds no built screen (index.html). Build it with: npm run kiosk:build`);
    process.exit(1);
  }
  console.log('Building the kiosk screen (npm run kiosk:build) …');
  await buildKioskUi(uiDir);
}

// Never fails: while pcscd is down or has no reader the kiosk runs, and taps work as soon as a reader appears.
const readers = ResilientReaders.start({ onError: (error) => console.error('card reader:', error.message) });
readers.onStatus((status) => console.log(`card readers: ${status.state}${status.readers.length ? ` (${status.readers.join(', ')})` : ''}`));

const running = await startBrowserKiosk({
  dataDir: resolve(values.data),
  uiDir,
  port,
  readerSource: readers,
  kiosk: { onError: (error) => console.error('kiosk:', error) },
});

console.log(`Kiosk data folder: ${resolve(values.data)}`);
console.log(`Open the kiosk screen (this link works only for this run): ${running.url}`);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await running.close();
  await readers.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
