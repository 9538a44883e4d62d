import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createKioskApi, type BridgeNotice, type KioskApi, type KioskMethod, type KioskParams, type KioskValue, type Reply } from '../ui/bridge/kiosk-bridge.ts';
import { KIOSK_NOTICE_CHANNEL, LEAVE_KIOSK_CHANNEL, kioskChannel } from './ipc-channels.ts';

/*
 * The Electron preload (sandboxed, context-isolated): the renderer gets `window.kiosk` and nothing else,
 * never ipcRenderer itself. Bundled to CommonJS by build-shell.ts, since a sandboxed preload can require
 * only 'electron'.
 */

function call<M extends KioskMethod>(method: M, params: KioskParams<M>): Promise<Reply<KioskValue<M>>> {
  // The main process answers each kiosk channel with that method's Reply (kiosk-ipc.main.ts).
  return ipcRenderer.invoke(kioskChannel(method), ...params) as Promise<Reply<KioskValue<M>>>;
}

const kiosk = createKioskApi({
  shell: 'electron',
  call,
  onNotice(listener) {
    const forward = (_event: IpcRendererEvent, notice: BridgeNotice): void => listener(notice);
    ipcRenderer.on(KIOSK_NOTICE_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(KIOSK_NOTICE_CHANNEL, forward);
    };
  },
  leaveKioskMode: (pin) => ipcRenderer.invoke(LEAVE_KIOSK_CHANNEL, pin) as Promise<Reply<void>>,
}) satisfies KioskApi;

contextBridge.exposeInMainWorld('kiosk', kiosk);
