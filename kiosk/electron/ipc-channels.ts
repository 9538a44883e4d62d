import type { KioskMethod } from '../ui/bridge/kiosk-bridge.ts';

/*
 * The IPC channel names the preload and the main process share. One channel per kiosk method (so the
 * main process can refuse unknown ones by simply not handling them), one for notices, one for leaving.
 */

export const kioskChannel = (method: KioskMethod): string => `kiosk:${method}`;
export const KIOSK_NOTICE_CHANNEL = 'kiosk:notice';
export const LEAVE_KIOSK_CHANNEL = 'shell:leave-kiosk-mode';
