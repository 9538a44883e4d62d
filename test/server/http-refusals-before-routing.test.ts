import { connect } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';

/** Short enough for a test to wait out, long enough for an honest request on a loaded machine. */
const REQUEST_TIMEOUT_MS = 1500;

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

/**
 * Bytes written to the server as they are, then what it answers once it closes the connection; `hangUp` closes it from
 * this side first, as a client whose connection fails does.
 */
function exchange(url: string, bytes: string, options: { hangUp?: boolean } = {}): Promise<Answer | 'no answer'> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(bytes);
      if (options.hangUp) setTimeout(() => socket.destroy(), 200);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') {
        resolve('no answer');
        return;
      }
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      const contentType = /^content-type: *(.*)$/im.exec(head)?.[1] ?? '';
      try {
        resolve({ status, contentType, body: body === '' ? '' : JSON.parse(body) });
      } catch (error) {
        reject(new Error(`the answer's body is not JSON: ${text}`, { cause: error }));
      }
    });
  });
}

const post = (path: string, contentLength: number, body: string): string =>
  `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n${body}`;

describe('requests refused before any route sees them', () => {
  let t: TestServer;
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const loggedAbout = (path: string) => logs.filter((entry) => entry.path === path);

  beforeAll(async () => {
    t = await startTestServer({ logger, requestTimeoutMs: REQUEST_TIMEOUT_MS });
  });
  afterAll(() => t.close());

  it('when a body stops short of its Content-Length and the client waits, then the timeout is answered 408 with a JSON error, and logged as a warning, not as a failure', async () => {
    const answer = await exchange(t.url, post('/api/v1/auth/login', 100, '{"username":'));
    expect(answer).toEqual({
      status: 408,
      contentType: 'application/json; charset=utf-8',
      body: { error: { code: 'ERR_REQUEST_TIMEOUT', message: expect.stringContaining('send it again') } },
    });
    await expect.poll(() => loggedAbout('/api/v1/auth/login').map((entry) => entry.msg)).toContain('request body cut short');
    expect(loggedAbout('/api/v1/auth/login').filter((entry) => Number(entry.level) >= pino.levels.values.error!)).toEqual([]);
    expect(loggedAbout('/api/v1/auth/login').find((entry) => entry.msg === 'request body cut short')?.level).toBe(pino.levels.values.warn);
  });

  it('when the client hangs up in the middle of a body, then the server logs a warning, not a failure', async () => {
    expect(await exchange(t.url, post('/api/v1/kiosks/enroll', 100, '{"token":'), { hangUp: true })).toBe('no answer');
    await expect.poll(() => loggedAbout('/api/v1/kiosks/enroll').map((entry) => entry.msg)).toContain('request body cut short');
    expect(loggedAbout('/api/v1/kiosks/enroll').filter((entry) => Number(entry.level) >= pino.levels.values.error!)).toEqual([]);
  });

  it('when the headers are over 16 KB, then 431 says so with a JSON error', async () => {
    const answer = await exchange(t.url, `GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(17 * 1024)}\r\n\r\n`);
    expect(answer).toEqual({
      status: 431,
      contentType: 'application/json; charset=utf-8',
      body: { error: { code: 'ERR_HEADERS_TOO_LARGE', message: expect.stringContaining('16 KB') } },
    });
  });

  it('when the bytes are not HTTP, then 400 says so with a JSON error', async () => {
    const answer = await exchange(t.url, 'HELLO THERE\r\n\r\n');
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'ERR_MALFORMED_REQUEST' } } });
  });
});
