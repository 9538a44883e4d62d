import type { KioskNotice } from '../../core/kiosk-api.ts';
import type { Reply } from './kiosk-bridge.ts';

/*
 * Browser mode's tiny JSON-RPC over one WebSocket:
 *   page → host   { id, method, params }     params: the method's arguments, in order
 *   host → page   { id, reply }              reply: the Reply of that call
 *   host → page   { notice }                 every KioskNotice, pushed as it happens
 * The page finds the socket at KIOSK_SOCKET_PATH on its own origin, with the launch token from its URL.
 */

export const KIOSK_SOCKET_PATH = '/kiosk-socket';
/** The query parameter that carries the per-launch token, in the page URL and on the socket upgrade. */
export const TOKEN_PARAM = 'token';

export interface SocketRequest {
  id: number;
  method: string;
  params: unknown[];
}

export type SocketMessage = { id: number; reply: Reply<unknown> } | { notice: KioskNotice };
