import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Menu, app, dialog, powerSaveBlocker, session } from 'electron';
import { Kiosk } from '../core/index.ts';
import { ResilientReaders } from '../core/readers/resilient-readers.node.ts';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol.main.ts';
import { serveKioskOverIpc } from './kiosk-ipc.main.ts';
import { createKioskWindow } from './kiosk-window.main.ts';
import { kioskKeyStore } from './safe-storage-key-store.main.ts';

/*
 * The Electron shell, kept thin: it opens the kiosk core, connects the card readers, serves the built
 * renderer and answers its bridge. Bundled by build-shell.ts next to kiosk.preload.cjs; the renderer is
 * in ../ui (npm run kiosk:build).
 */

const UI_DIR = fileURLToPath(new URL('../ui/', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./kiosk.preload.cjs', import.meta.url));

const log = (error: unknown): void => console.error('kiosk:', error);

async function start(): Promise<void> {
  Menu.setApplicationMenu(null);
  const dataDir = join(app.getPath('userData'), 'kiosk');
  const kiosk = await Kiosk.open({ dataDir, keyStore: kioskKeyStore(dataDir), onError: log });
  // Never fails: while pcscd is down or no reader is plugged in, taps simply start working when one appears.
  const readers = ResilientReaders.start({ onError: (error) => log(error) });
  const detach = kiosk.attachReaders(readers);
  serveRenderer(session.defaultSession, UI_DIR);
  const { window, allowClose } = createKioskWindow({ preload: PRELOAD, devTools: !app.isPackaged });
  const awake = powerSaveBlocker.start('prevent-display-sleep');

  let leaving = false;
  const leave = async (): Promise<void> => {
    if (leaving) return;
    leaving = true;
    stopIpc();
    detach();
    await readers.close();
    await kiosk.close();
    powerSaveBlocker.stop(awake);
    allowClose();
    app.exit(0);
  };
  const stopIpc = serveKioskOverIpc({ kiosk, window, report: log, onLeave: () => void leave() });
  // The OS shutting down: finish the taps in flight and close the database properly.
  app.on('before-quit', (event) => {
    if (leaving) return;
    event.preventDefault();
    void leave();
  });
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

// The same data folder (userData) whether started from a checkout (npm run kiosk:electron) or installed.
app.setName('Member Card Kiosk');
registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  // A second kiosk process on the same data folder would fork the event chain: only one may run.
  app.exit(0);
} else {
  app.whenReady().then(start).catch((error: unknown) => {
    log(error);
    dialog.showErrorBox('签到机无法启动 / The kiosk cannot start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
