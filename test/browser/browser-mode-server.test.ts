import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserKiosk, type BrowserKiosk } from '../../kiosk/browser/browser-kiosk.ts';
import type { SocketMessage } from '../../kiosk/ui/bridge/socket-protocol.ts';

/*
 * The browser-mode host from the outside, as another program on the same machine sees it: only this
 * launch's page may drive the kiosk, only allow-listed methods with valid parameters, only on loopback.
 */

let root: string;
let dataDir: string;
let uiDir: string;
let running: BrowserKiosk;

beforeEach(async () => {
  // The built screen in root/ui, with a file beside it that a path escaping the build would reach.
  root = mkdtempSync(join(tmpdir(), 'mic-kiosk-host-'));
  dataDir = join(root, 'data');
  uiDir = join(root, 'ui');
  mkdirSync(uiDir);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(root, 'secret.html'), 'not part of the renderer');
  running = await startBrowserKiosk({ dataDir, uiDir });
});
afterEach(async () => {
  await running.close();
  rmSync(root, { recursive: true, force: true });
});

const page = (): URL => new URL(running.url);
const socketUrl = (token: string | undefined): string => {
  const url = new URL('/kiosk-socket', page());
  url.protocol = 'ws:';
  if (token !== undefined) url.searchParams.set('token', token);
  return url.toString();
};
const launchToken = (): string => page().searchParams.get('token')!;

/** Opens a socket; resolves with it once open, or with the HTTP status that refused the upgrade. */
function connect(token: string | undefined, origin: string | undefined): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(socketUrl(token), origin === undefined ? {} : { origin });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

async function pageSocket(): Promise<WebSocket> {
  const socket = await connect(launchToken(), page().origin);
  if (typeof socket === 'number') throw new Error(`the page's own socket was refused with ${socket}`);
  return socket;
}

function messages(socket: WebSocket): SocketMessage[] {
  const received: SocketMessage[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data)) as SocketMessage));
  return received;
}

async function ask(socket: WebSocket, received: SocketMessage[], id: number, method: string, params: unknown[]): Promise<SocketMessage> {
  socket.send(JSON.stringify({ id, method, params }));
  await expect.poll(() => received.find((message) => 'id' in message && message.id === id)).toBeDefined();
  return received.find((message) => 'id' in message && message.id === id)!;
}

function get(path: string, host?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const call = request({ host: '127.0.0.1', port: page().port, path, headers: host ? { host } : {} }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    call.on('error', reject);
    call.end();
  });
}

describe('browser-mode host', () => {
  it('when the page URL is printed, then it is on 127.0.0.1 and carries a long random token that differs per launch', async () => {
    expect(page().hostname).toBe('127.0.0.1');
    expect(launchToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const second = await startBrowserKiosk({ dataDir: join(root, 'second'), uiDir });
    try {
      expect(new URL(second.url).searchParams.get('token')).not.toBe(launchToken());
    } finally {
      await second.close();
    }
  });

  it.skipIf(!Object.values(networkInterfaces()).flat().some((address) => address && !address.internal && address.family === 'IPv4'))(
    'when another machine (a non-loopback address) tries the port, then nothing listens there',
    async () => {
      const outside = Object.values(networkInterfaces()).flat().find((address) => address && !address.internal && address.family === 'IPv4')!;
      const refused = await new Promise<string>((resolve) => {
        const call = request({ host: outside.address, port: page().port, path: '/', timeout: 2_000 }, () => resolve('answered'));
        call.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        call.on('timeout', () => call.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
        call.end();
      });
      expect(refused).not.toBe('answered');
    },
  );

  it('when another page or program tries the socket without the token, with a wrong one, or from another origin, then the upgrade is refused', async () => {
    expect(await connect(undefined, page().origin)).toBe(403);
    expect(await connect('x'.repeat(43), page().origin)).toBe(403);
    expect(await connect(launchToken(), 'http://evil.example')).toBe(403);
    expect(await connect(launchToken(), undefined)).toBe(403);
    const socket = await pageSocket();
    socket.close();
  });

  it('when the page calls the kiosk, then each call is answered by id with a Reply, and status changes are pushed as notices', async () => {
    const socket = await pageSocket();
    const received = messages(socket);
    expect(await ask(socket, received, 1, 'status', [])).toMatchObject({ id: 1, reply: { ok: true, value: { enrolled: false, adminPinSet: false } } });
    expect(await ask(socket, received, 2, 'setAdminPin', ['482916'])).toEqual({ id: 2, reply: { ok: true } });
    await expect.poll(() => received.some((message) => 'notice' in message && message.notice.type === 'status' && message.notice.status.adminPinSet)).toBe(true);
    expect(await ask(socket, received, 3, 'verifyAdminPin', ['482916'])).toEqual({ id: 3, reply: { ok: true, value: true } });
    expect(await ask(socket, received, 4, 'openMeeting', [{ kind: 'ad-hoc', meetingKind: 'lecture', title: '党课' }])).toMatchObject({
      id: 4,
      reply: { ok: false, error: { code: 'ERR_KIOSK_NOT_ENROLLED' } },
    });
    socket.close();
  });

  it('when a call names a method outside the allow-list or carries parameters of the wrong shape, then a coded refusal and the kiosk untouched', async () => {
    const socket = await pageSocket();
    const received = messages(socket);
    for (const [id, method] of [[1, 'close'], [2, 'attachReaders'], [3, 'subscribe'], [4, '__proto__'], [5, 'constructor']] as const) {
      expect(await ask(socket, received, id, method, [])).toMatchObject({ id, reply: { ok: false, error: { code: 'ERR_METHOD_UNKNOWN' } } });
    }
    expect(await ask(socket, received, 6, 'openMeeting', [{ kind: 'ad-hoc', meetingKind: 'lecture', title: 7 }])).toMatchObject({
      reply: { ok: false, error: { code: 'ERR_PARAMS_INVALID' } },
    });
    expect(await ask(socket, received, 7, 'setAdminPin', [{ pin: '1234' }])).toMatchObject({ reply: { ok: false, error: { code: 'ERR_PARAMS_INVALID' } } });
    expect(await ask(socket, received, 8, 'enroll', ['https://server.example', 'token'])).toMatchObject({ reply: { ok: false, error: { code: 'ERR_PARAMS_INVALID' } } });
    expect(running.kiosk.status()).toMatchObject({ adminPinSet: false, enrolled: false });
    // The kiosk still answers afterwards: nothing above closed it.
    expect(await ask(socket, received, 9, 'status', [])).toMatchObject({ reply: { ok: true } });
    socket.close();
  });

  it('when a frame is not a request, then the socket is closed as a policy violation', async () => {
    const socket = await pageSocket();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('{"method":"status"}');
    expect(await closed).toBe(1008);
  });

  it('when the page is fetched, then it comes with a strict CSP and no referrer; another Host or a path outside the build is refused', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${page().port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect(index.headers['x-content-type-options']).toBe('nosniff');

    expect((await get('/', `evil.example:${page().port}`)).status).toBe(421);
    for (const path of ['/%2e%2e/secret.html', '/..%2fsecret.html', '/%2e%2e%2f%2e%2e%2fetc/passwd', '/package.json', '/index.html%00.js']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});
