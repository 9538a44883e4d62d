import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import type { Kiosk } from '../core/index.ts';
import { callKioskMethod, failure, replyError } from '../host/call-kiosk-method.ts';
import { KIOSK_METHODS } from '../host/kiosk-methods.ts';
import type { KioskMethod, Reply } from '../ui/bridge/kiosk-bridge.ts';
import { APP_ORIGIN } from './app-protocol.main.ts';
import { KIOSK_NOTICE_CHANNEL, LEAVE_KIOSK_CHANNEL, kioskChannel } from './ipc-channels.ts';

interface KioskIpcOptions {
  kiosk: Kiosk;
  window: BrowserWindow;
  report: (error: unknown) => void;
  /** called after a good leaveKioskMode has been answered */
  onLeave: () => void;
}

const PinSchema = z.string().max(64);

/**
 * Answers the preload's calls with the kiosk: the same method table as browser mode, one channel each, and
 * only from the kiosk window's own page (app://kiosk), never from anything it might be tricked into loading.
 * Returns the function that stops answering.
 */
export function serveKioskOverIpc({ kiosk, window, report, onLeave }: KioskIpcOptions): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean =>
    event.sender === window.webContents && event.senderFrame?.url.startsWith(`${APP_ORIGIN}/`) === true;
  const untrusted = failure('ERR_SENDER_UNTRUSTED', 'only the kiosk window may call the kiosk');
  const channels: string[] = [];

  for (const method of Object.keys(KIOSK_METHODS) as KioskMethod[]) {
    const channel = kioskChannel(method);
    channels.push(channel);
    ipcMain.handle(channel, (event, ...params: unknown[]) => (trusted(event) ? callKioskMethod(kiosk, method, params, report) : untrusted));
  }

  channels.push(LEAVE_KIOSK_CHANNEL);
  ipcMain.handle(LEAVE_KIOSK_CHANNEL, async (event, pin: unknown): Promise<Reply<void>> => {
    if (!trusted(event)) return untrusted;
    const parsed = PinSchema.safeParse(pin);
    if (!parsed.success) return failure('ERR_PARAMS_INVALID', 'the PIN is text');
    try {
      // Without a PIN anyone at the secretary screens may leave; with one, only who knows it.
      if (kiosk.status().adminPinSet && !(await kiosk.verifyAdminPin(parsed.data))) return failure('ERR_ADMIN_PIN_WRONG', 'wrong PIN');
    } catch (error) {
      return { ok: false, error: replyError(error, report) };
    }
    setImmediate(onLeave);
    return { ok: true, value: undefined };
  });

  const unsubscribe = kiosk.subscribe((notice) => {
    if (!window.isDestroyed()) window.webContents.send(KIOSK_NOTICE_CHANNEL, notice);
  });

  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
