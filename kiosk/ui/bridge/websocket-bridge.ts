import type { KioskNotice } from '../../core/kiosk-api.ts';
import { createKioskApi, type BridgeNotice, type KioskApi, type KioskCall, type Reply } from './kiosk-bridge.ts';
import { KIOSK_SOCKET_PATH, TOKEN_PARAM, type SocketMessage, type SocketRequest } from './socket-protocol.ts';

/** A call that gets no answer in this time fails rather than leaving a secretary looking at a spinner. */
const CALL_TIMEOUT_MS = 60_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

interface Pending {
  resolve: (reply: Reply<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

const disconnected = (message: string): Reply<never> => ({ ok: false, error: { code: 'ERR_BRIDGE_DISCONNECTED', message } });

/**
 * Browser mode's `window.kiosk`: the kiosk bridge over the host's WebSocket. Calls made while the socket
 * is (re)connecting wait for it; if it drops, the screen hears `{ type: 'connection', connected: false }`,
 * calls in flight fail with ERR_BRIDGE_DISCONNECTED, and it keeps reconnecting with a growing pause.
 */
export function connectWebSocketBridge(pageUrl: URL): KioskApi {
  const token = pageUrl.searchParams.get(TOKEN_PARAM) ?? '';
  const socketUrl = new URL(KIOSK_SOCKET_PATH, pageUrl);
  socketUrl.protocol = pageUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  socketUrl.search = new URLSearchParams({ [TOKEN_PARAM]: token }).toString();

  const listeners = new Set<(notice: BridgeNotice) => void>();
  const pending = new Map<number, Pending>();
  let waiting: (() => void)[] = [];
  let nextId = 1;
  let socket: WebSocket | undefined;
  let open = false;
  let everOpened = false;
  let reconnectDelay = RECONNECT_MIN_MS;

  const publish = (notice: BridgeNotice): void => {
    for (const listener of [...listeners]) listener(notice);
  };

  const connect = (): void => {
    const current = new WebSocket(socketUrl);
    socket = current;
    current.addEventListener('open', () => {
      open = true;
      everOpened = true;
      reconnectDelay = RECONNECT_MIN_MS;
      const ready = waiting;
      waiting = [];
      for (const send of ready) send();
      publish({ type: 'connection', connected: true });
      // What happened while the socket was down reached nobody: start again from the kiosk's state now.
      void call('status', []).then((reply) => {
        if (reply.ok) publish({ type: 'status', status: reply.value });
      });
    });
    current.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      const message = JSON.parse(event.data) as SocketMessage;
      if ('notice' in message) {
        publish(message.notice satisfies KioskNotice);
        return;
      }
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      clearTimeout(entry.timer);
      entry.resolve(message.reply);
    });
    current.addEventListener('close', () => {
      const wasOpen = open;
      open = false;
      for (const [id, entry] of pending) {
        clearTimeout(entry.timer);
        entry.resolve(disconnected('the connection to the kiosk service was lost'));
        pending.delete(id);
      }
      if (wasOpen || !everOpened) publish({ type: 'connection', connected: false });
      setTimeout(connect, reconnectDelay);
      reconnectDelay = Math.min(RECONNECT_MAX_MS, reconnectDelay * 2);
    });
  };

  const call: KioskCall = (method, params) =>
    new Promise((resolve) => {
      const id = nextId++;
      const request: SocketRequest = { id, method, params };
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(disconnected(`the kiosk service did not answer ${method}`));
      }, CALL_TIMEOUT_MS);
      // The reply's type is the method's by the protocol: the host answers each id with that method's Reply.
      pending.set(id, { resolve: resolve as (reply: Reply<unknown>) => void, timer });
      const send = (): void => socket?.send(JSON.stringify(request));
      if (open) send();
      else waiting.push(send);
    });

  connect();
  return createKioskApi({
    shell: 'browser',
    call,
    onNotice(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    leaveKioskMode: () =>
      Promise.resolve({ ok: false, error: { code: 'ERR_SHELL_UNSUPPORTED', message: 'browser mode has no kiosk mode to leave; close the browser window' } }),
  });
}
