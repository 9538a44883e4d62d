import type { KioskControl, KioskNotice } from '../../core/kiosk-api.ts';

/*
 * The renderer's one view of the kiosk: `window.kiosk`. Every KioskControl method crosses the bridge as a
 * promise of a Reply, so a failure arrives as data with a stable code (never as an exception whose class
 * was lost on the way through contextBridge or JSON). Types and one pure function only: the Electron
 * preload, the WebSocket client and the Node hosts all import this file.
 */

export interface ReplyError {
  code: string;
  message: string;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: ReplyError };

/** Codes the bridge itself answers with, beside the kiosk core's KioskErrorCode. */
export type BridgeErrorCode =
  | 'ERR_BRIDGE_DISCONNECTED'
  | 'ERR_METHOD_UNKNOWN'
  | 'ERR_PARAMS_INVALID'
  | 'ERR_SHELL_UNSUPPORTED'
  | 'ERR_SENDER_UNTRUSTED'
  | 'ERR_INTERNAL';

/** The KioskControl methods a screen calls; `subscribe` crosses as `onNotice` instead. */
export type KioskMethod = Exclude<keyof KioskControl, 'subscribe'>;
export type KioskParams<M extends KioskMethod> = Parameters<KioskControl[M]>;
export type KioskValue<M extends KioskMethod> = Awaited<ReturnType<KioskControl[M]>>;

/** Which shell hosts the renderer: only Electron can leave kiosk mode (browser mode has nothing to leave). */
export type KioskShell = 'electron' | 'browser';

/**
 * What the renderer hears: the core's notices, plus the bridge's own news that the kiosk service went away
 * or came back (browser mode's socket can drop; Electron's IPC cannot, so it never sends this).
 */
export type BridgeNotice = KioskNotice | { type: 'connection'; connected: boolean };

export type KioskApi = { [M in KioskMethod]: (...params: KioskParams<M>) => Promise<Reply<KioskValue<M>>> } & {
  readonly shell: KioskShell;
  onNotice(listener: (notice: BridgeNotice) => void): () => void;
  /** Electron: checks the admin PIN (when one is set) on the Node side, then quits the kiosk app. */
  leaveKioskMode(pin: string): Promise<Reply<void>>;
};

/** One call across whatever carries the bridge (IPC, WebSocket). */
export type KioskCall = <M extends KioskMethod>(method: M, params: KioskParams<M>) => Promise<Reply<KioskValue<M>>>;

export interface BridgeCarrier {
  shell: KioskShell;
  call: KioskCall;
  onNotice: KioskApi['onNotice'];
  leaveKioskMode: KioskApi['leaveKioskMode'];
}

/**
 * The bridge object both shells expose. Written out method by method so `satisfies KioskApi` fails to
 * compile the day KioskControl gains a method nobody forwarded.
 */
export function createKioskApi(carrier: BridgeCarrier): KioskApi {
  const { call } = carrier;
  return {
    shell: carrier.shell,
    onNotice: (listener) => carrier.onNotice(listener),
    leaveKioskMode: (pin) => carrier.leaveKioskMode(pin),
    status: () => call('status', []),
    enroll: (serverUrl, token, name) => call('enroll', [serverUrl, token, name]),
    syncNow: () => call('syncNow', []),
    scheduledMeetings: () => call('scheduledMeetings', []),
    meetingKinds: () => call('meetingKinds', []),
    pendingTransfers: () => call('pendingTransfers', []),
    openMeeting: (request) => call('openMeeting', [request]),
    closeMeeting: () => call('closeMeeting', []),
    startTransferAcceptance: (transferId) => call('startTransferAcceptance', [transferId]),
    cancel: () => call('cancel', []),
    setAdminPin: (pin, currentPin) => call('setAdminPin', currentPin === undefined ? [pin] : [pin, currentPin]),
    verifyAdminPin: (pin) => call('verifyAdminPin', [pin]),
    rejectedEvents: () => call('rejectedEvents', []),
  } satisfies KioskApi;
}
