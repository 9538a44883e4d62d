import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import type { KioskControl, KioskNotice } from '../core/kiosk-api.ts';
import { callKioskMethod } from '../host/call-kiosk-method.ts';
import { rendererHeaders } from '../host/content-security-policy.ts';
import { readUiFile } from '../host/ui-files.ts';
import { KIOSK_SOCKET_PATH, TOKEN_PARAM, type SocketMessage } from '../ui/bridge/socket-protocol.ts';

export interface BrowserKioskServerOptions {
  kiosk: KioskControl;
  /** the built renderer (kiosk:build) */
  uiDir: string;
  /** 0 or absent: any free port */
  port?: number;
  /** failures nobody asked about (a kiosk method that crashed), for the log */
  onError?: (error: unknown) => void;
}

export interface BrowserKioskServer {
  /** the page to open, with this launch's token */
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** The envelope only; each method's parameters are checked by the method table. */
const RequestSchema = z.strictObject({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().min(1).max(64),
  params: z.array(z.unknown()).max(8),
});

/** Far more than any call needs (the longest is enrol: a URL, a token and a name). */
const MAX_MESSAGE_BYTES = 16 * 1024;
/** WebSocket close code 1008: the page broke the protocol; a well-behaved page never sees it. */
const POLICY_VIOLATION = 1008;

function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuseUpgrade(socket: Duplex, status: 403 | 404): void {
  socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

/**
 * Browser mode's host: the built renderer and one WebSocket speaking the kiosk bridge, on 127.0.0.1 only.
 * Other pages in the same browser could reach a loopback port, so the socket demands this launch's random
 * token and this server's own origin, and every request must name this server as its Host (no DNS rebinding).
 */
export async function startBrowserKioskServer(options: BrowserKioskServerOptions): Promise<BrowserKioskServer> {
  const token = randomBytes(32).toString('base64url');
  const report = options.onError ?? (() => undefined);
  let origin = '';
  let hosts = new Set<string>();
  let headers: Record<string, string> = {};

  const serveFile = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!hosts.has(request.headers.host ?? '')) {
      response.writeHead(421).end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await readUiFile(options.uiDir, new URL(request.url ?? '/', origin).pathname);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-store', ...headers });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  };

  const server = createServer((request, response) => {
    serveFile(request, response).catch((error: unknown) => {
      report(error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname !== KIOSK_SOCKET_PATH) return refuseUpgrade(socket, 404);
    const trusted = hosts.has(request.headers.host ?? '') && request.headers.origin === origin && sameSecret(url.searchParams.get(TOKEN_PARAM), token);
    if (!trusted) return refuseUpgrade(socket, 403);
    sockets.handleUpgrade(request, socket, head, (page) => serveSocket(page, options.kiosk, report));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  headers = rendererHeaders([`ws://127.0.0.1:${port}`]);

  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    port,
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** One page's socket: calls answered in any order (each names its id), notices pushed until it closes. */
function serveSocket(page: WebSocket, kiosk: KioskControl, report: (error: unknown) => void): void {
  const send = (message: SocketMessage): void => {
    if (page.readyState === page.OPEN) page.send(JSON.stringify(message));
  };
  const unsubscribe = kiosk.subscribe((notice: KioskNotice) => send({ notice }));
  page.on('close', unsubscribe);
  page.on('error', report);
  page.on('message', (data: RawData, isBinary: boolean) => {
    let request: z.infer<typeof RequestSchema>;
    try {
      if (isBinary) throw new Error('binary frame');
      request = RequestSchema.parse(JSON.parse(data.toString()));
    } catch {
      page.close(POLICY_VIOLATION, 'malformed request');
      return;
    }
    void callKioskMethod(kiosk, request.method, request.params, report).then((reply) => send({ id: request.id, reply }));
  });
}
