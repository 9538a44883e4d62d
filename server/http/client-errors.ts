import { maxHeaderSize, STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { ApiError } from '../errors.ts';
import type { ErrorBody } from '../schemas/common.ts';
import { sizeInWords } from './size-in-words.ts';

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

function refusalOf(http: Server, error: NodeJS.ErrnoException): ApiError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError('ERR_HEADERS_TOO_LARGE', `the request headers are too large (the server takes ${sizeInWords(maxHeaderSize)} of headers in all): send fewer or shorter headers`);
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError('ERR_REQUEST_TIMEOUT', `the request did not arrive in time (its headers within ${seconds(http.headersTimeout)}, all of it within ${seconds(http.requestTimeout)}): send it again, whole`);
    default:
      return new ApiError('ERR_MALFORMED_REQUEST', 'the request is not well-formed HTTP/1.1: send a valid request');
  }
}

/**
 * Requests the HTTP server refuses before any route sees them (headers over its limit, a request that does not arrive
 * in time, bytes that are not HTTP) are answered like every other refusal, with `{ error: { code, message } }`: Node's
 * own answers to them have an empty body. As Node does, nothing is written to a connection that is gone, or whose
 * current response has begun: that would corrupt it.
 */
export function answerClientErrors(http: Server, logger: Logger): void {
  const responding = new WeakMap<Duplex, ServerResponse>();
  http.on('request', (req, res: ServerResponse) => {
    responding.set(req.socket, res);
    res.once('finish', () => responding.delete(req.socket));
  });
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable || responding.get(socket)?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal = refusalOf(http, error);
    logger.info({ code: refusal.code, cause: error.code }, 'request refused before routing');
    const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message } } satisfies ErrorBody);
    const head = [
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'X-Content-Type-Options: nosniff',
      'Connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  });
}
