import type { KioskApi } from './kiosk-bridge.ts';
import { connectWebSocketBridge } from './websocket-bridge.ts';

declare global {
  interface Window {
    /** the kiosk bridge: installed by Electron's preload, or by this module in browser mode */
    kiosk?: KioskApi;
  }
}

/** The one bridge the renderer talks to. Without Electron's preload, this page is browser mode. */
export function installedKioskApi(): KioskApi {
  window.kiosk ??= connectWebSocketBridge(new URL(window.location.href));
  return window.kiosk;
}
