import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { isMicError } from '../../shared/errors.ts';
import { ApiError, isApiError } from '../errors.ts';
import type { ErrorBody } from '../schemas/common.ts';
import { sizeInWords } from './size-in-words.ts';

/** What body-parser's failures carry: a `type`, and with a body over the limit the route's limit in bytes. */
interface BodyFailure {
  type?: unknown;
  limit?: unknown;
}

/** body-parser failures carry a `type`; these are the ones a client can cause. */
const BODY_ERRORS: Record<string, (failure: BodyFailure) => ApiError> = {
  'entity.parse.failed': () => new ApiError('ERR_MALFORMED_JSON', 'the request body is not valid JSON'),
  'entity.too.large': ({ limit }) =>
    typeof limit === 'number'
      ? new ApiError('ERR_BODY_TOO_LARGE', `the request body is too large: this request takes at most ${sizeInWords(limit)}; send less at once`, { limit })
      : new ApiError('ERR_BODY_TOO_LARGE', 'the request body is too large: send less at once'),
  'encoding.unsupported': () => new ApiError('ERR_UNSUPPORTED_MEDIA_TYPE', 'the request body encoding is not supported'),
  'charset.unsupported': () => new ApiError('ERR_UNSUPPORTED_MEDIA_TYPE', 'the request body charset is not supported'),
  'request.aborted': () => new ApiError('ERR_BODY_INCOMPLETE', 'the request body ended before the length its Content-Length names: send the whole body'),
  'request.size.invalid': () => new ApiError('ERR_BODY_INCOMPLETE', 'the request body is not the length its Content-Length names: send the body with its own length'),
};

const bodyError = (error: unknown): ApiError | undefined => {
  const failure = (error ?? {}) as BodyFailure;
  return typeof failure.type === 'string' ? BODY_ERRORS[failure.type]?.(failure) : undefined;
};

/** The router decodes path parameters before any route runs; a broken %-escape fails there, with status 400. */
const pathError = (error: unknown): ApiError | undefined =>
  error instanceof URIError && (error as { status?: unknown }).status === 400
    ? new ApiError('ERR_VALIDATION', 'a path parameter is not valid percent-encoded UTF-8: encode each one with encodeURIComponent', {
        in: 'params',
        issues: [{ path: '', code: 'invalid_encoding', message: 'not valid percent-encoded UTF-8' }],
      })
    : undefined;

export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(new ApiError('ERR_ROUTE_NOT_FOUND', `there is no ${req.method} ${req.originalUrl.split('?')[0] ?? ''}`));
};

/**
 * Maps every failure to `{ error: { code, message, details? } }`. Verification failures from the
 * shared card code keep their own codes (422); anything unexpected is logged and answered as
 * ERR_INTERNAL without its message, which may hold internals.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    let status: number;
    let body: ErrorBody;
    const known = isApiError(error) ? error : (bodyError(error) ?? pathError(error));
    if (known) {
      status = known.status;
      body = { error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) } };
      if (known.code === 'ERR_RESPONSE_SCHEMA') logger.error({ err: error, path: req.originalUrl.split('?')[0] }, 'reply does not match its declared schema');
      // A body cut short is the client's connection failing (or the request timing out), not the server: worth a
      // line when many come, never an error.
      if (known.code === 'ERR_BODY_INCOMPLETE') logger.warn({ method: req.method, path: req.originalUrl.split('?')[0] }, 'request body cut short');
      // A refusal that passes with time (429, 503) says when, as HTTP clients and proxies read it.
      if (typeof known.details?.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(known.details.retryAfterSeconds));
    } else if (isMicError(error)) {
      status = 422;
      body = { error: { code: error.code, message: error.message } };
    } else {
      status = 500;
      body = { error: { code: 'ERR_INTERNAL', message: 'the server failed; the error is in its log' } };
      logger.error({ err: error, method: req.method, path: req.originalUrl.split('?')[0] }, 'request failed');
    }
    res.status(status).json(body);
  };
}
