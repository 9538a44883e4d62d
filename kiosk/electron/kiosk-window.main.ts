import { BrowserWindow, type WebContents } from 'electron';

export interface KioskWindowOptions {
  preload: string;
  /** developer tools only in an unpackaged (development) run */
  devTools: boolean;
}

/**
 * The one full-screen kiosk window: no Node in the page, isolated and sandboxed, no other windows, no
 * navigation away, no permissions, and it will not close until the app decides to (leaveKioskMode).
 */
export function createKioskWindow({ preload, devTools }: KioskWindowOptions): { window: BrowserWindow; allowClose: () => void } {
  const window = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#0b2239',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools,
      // Tap tones must sound without a touch on the screen first: members touch the reader, not the glass.
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  lockDown(window.webContents, devTools);
  window.once('ready-to-show', () => window.show());

  let closable = false;
  window.on('close', (event) => {
    // Alt+F4 and the like: a kiosk leaves only through the secretary's PIN.
    if (!closable) event.preventDefault();
  });
  return { window, allowClose: () => (closable = true) };
}

function lockDown(contents: WebContents, devTools: boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
  if (!devTools) contents.on('devtools-opened', () => contents.closeDevTools());
  contents.on('before-input-event', (event, input) => {
    // Reload and zoom shortcuts would only confuse a member who leans on the keyboard.
    const key = input.key.toLowerCase();
    if (input.control && (key === 'r' || key === 'w' || key === '+' || key === '-' || key === '=' || key === '0')) event.preventDefault();
    if (key === 'f5' || (key === 'f12' && !devTools)) event.preventDefault();
  });
}
