import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { authorizeRole, type Action } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import { verifyKioskToken } from '../auth/kiosk-token.ts';
import type { ServerContext } from '../context.ts';
import { CLOCK_OFFSET_HEADER, OUTBOX_PENDING_HEADER } from '../../shared/events/kiosk-token.ts';
import { kioskHeardFrom, recordKioskContact } from '../domain/kiosk-contact.ts';
import { principalForSession } from '../domain/sessions.ts';
import { ApiError, isApiError } from '../errors.ts';
import type { Kiosk } from '../store/repositories/kiosks.ts';
import { csvBodyParser } from './csv-body.ts';
import { parseInput } from './parse-input.ts';

/**
 * A route is declared once: its schemas validate the request at the edge, its auth runs before the
 * body is read, and the same declaration feeds the OpenAPI document. Handlers stay thin: they get
 * parsed input, call a use case and map the result.
 */
export type Method = 'get' | 'post' | 'put';
export type BodyMedia = 'application/json' | 'text/csv';

export interface Reply {
  status: number;
  /** a string for text media, bytes (Uint8Array) for binary media such as application/pdf */
  body?: unknown;
  headers?: Record<string, string>;
  /** which declared response this is, when one status has several media (JSON or CSV of the same data) */
  media?: string;
}

export interface ResponseSpec {
  status: number;
  description: string;
  schema?: z.ZodType;
  media?: string;
}

type Schema = z.ZodType | undefined;
/** query strings and path parameters are flat objects, which OpenAPI lists parameter by parameter */
type ObjectSchema = z.ZodObject | undefined;
type Infer<T extends Schema> = T extends z.ZodType ? z.output<T> : undefined;

interface RouteSpec<B extends Schema, Q extends ObjectSchema, P extends ObjectSchema> {
  method: Method;
  /** express path under /api/v1, e.g. '/members/:number' */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  body?: { schema: NonNullable<B>; media?: BodyMedia; limit?: string };
  query?: Q;
  params?: P;
  responses: ResponseSpec[];
}

export interface Input<B extends Schema, Q extends ObjectSchema, P extends ObjectSchema> {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  req: Request;
  ctx: ServerContext;
}

/**
 * A kiosk route's handler that tells the diagnostics of the kiosk itself once its work commits (an event
 * batch's scope names its kiosk) sets `handlerNotifiesContact`: the contact's own notice then goes out only
 * when the request fails before that, so a request costs one diagnostics run and loses none.
 */
export type RouteAuth = { kind: 'public' } | { kind: 'user'; action: Action } | { kind: 'kiosk'; handlerNotifiesContact: boolean };

/** The erased form the app mounts and the OpenAPI builder reads. */
export interface RouteDefinition {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: RouteAuth;
  body?: { schema: z.ZodType; media: BodyMedia; limit: string };
  query?: z.ZodObject;
  params?: z.ZodObject;
  responses: ResponseSpec[];
  run(req: Request, res: Response, ctx: ServerContext): Promise<void>;
}

export const DEFAULT_BODY_LIMIT = '1mb';

function bodyParser(media: BodyMedia, limit: string): RequestHandler {
  return media === 'text/csv' ? csvBodyParser(limit) : express.json({ type: 'application/json', limit, strict: true });
}

/**
 * A route that declares no query takes none, and one that declares no body takes none: a parameter or a field
 * it would not look at is refused, as the declared schemas refuse unknown ones, rather than acted on as if it
 * were not there. An empty JSON object counts as no body, as clients send it with a bare POST.
 */
const NO_QUERY = z.strictObject({}, { error: 'this request takes no query parameters: leave them out' });
const NO_BODY = z.strictObject({}, { error: 'this request takes no body: send none' });
const noBodyParser = express.json({ type: 'application/json', limit: '1kb', strict: true });

const carriesBody = (req: Request): boolean => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * body-parser passes a body that does not decompress on as zlib's own error, with status 400 and no `type`:
 * the body is not in the Content-Encoding it says.
 */
function undecodableBody(error: unknown): ApiError | undefined {
  const failure = error as { type?: unknown; status?: unknown } | null;
  // A text/csv body whose charset is wrong is refused by its own parser (csv-body.ts), in words of its own.
  if (failure === null || isApiError(failure) || failure.type !== undefined || failure.status !== 400) return undefined;
  const message = 'the request body is not in the Content-Encoding it names: send it as named (gzip, deflate, br), or uncompressed without Content-Encoding';
  return new ApiError('ERR_VALIDATION', message, { in: 'body', issues: [{ path: '', code: 'invalid_encoding', message }] }, { cause: error });
}

/** Runs an express body parser as a promise, so it can run after authentication. */
function readBody(parser: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    parser(req, res, (error?: unknown) => (error ? reject(undecodableBody(error) ?? error) : resolve()));
  });
}

function define<B extends Schema, Q extends ObjectSchema, P extends ObjectSchema>(
  spec: RouteSpec<B, Q, P>,
  auth: RouteAuth,
  handle: (input: Input<B, Q, P>, identity: { principal?: Principal; kiosk?: Kiosk }) => Promise<Reply>,
): RouteDefinition {
  const body = spec.body && { schema: spec.body.schema, media: spec.body.media ?? 'application/json', limit: spec.body.limit ?? DEFAULT_BODY_LIMIT };
  const parser = body && bodyParser(body.media, body.limit);
  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags,
    auth,
    body,
    query: spec.query,
    params: spec.params,
    responses: spec.responses,
    async run(req, res, ctx) {
      const identity: { principal?: Principal; kiosk?: Kiosk } = {};
      /** the kiosk whose recorded contact the diagnostics have yet to hear of, should the handler not get to it */
      let contactOwed: string | undefined;
      if (auth.kind === 'user') {
        identity.principal = await principalForSession(ctx, req.headers.authorization);
        authorizeRole(identity.principal, auth.action);
      } else if (auth.kind === 'kiosk') {
        identity.kiosk = await verifyKioskToken(
          { kioskByKid: (kid) => ctx.read.kiosks.byKid(kid), tokenIds: ctx.kioskAuth.tokenIds, keys: ctx.kioskAuth.keys },
          req.headers.authorization,
          ctx.clock.now(),
        );
        const recorded = await recordKioskContact(ctx, identity.kiosk, {
          authorization: req.headers.authorization,
          outboxPending: req.headers[OUTBOX_PENDING_HEADER.toLowerCase()],
          clockOffset: req.headers[CLOCK_OFFSET_HEADER.toLowerCase()],
        });
        if (recorded && auth.handlerNotifiesContact) contactOwed = identity.kiosk.kid;
        else if (recorded) kioskHeardFrom(ctx, identity.kiosk.kid);
      }
      let reply: Reply;
      try {
        if (body && parser) {
          if (!req.is(body.media)) throw new ApiError('ERR_UNSUPPORTED_MEDIA_TYPE', `send the body as ${body.media}`, { expected: body.media });
          await readBody(parser, req, res);
        } else if (carriesBody(req)) {
          if (!req.is('application/json')) throw new ApiError('ERR_UNSUPPORTED_MEDIA_TYPE', 'this request takes no body: send none', { expected: 'no body' });
          await readBody(noBodyParser, req, res);
          parseInput('body', NO_BODY, req.body);
        }
        if (!spec.query) parseInput('query', NO_QUERY, req.query);
        const input: Input<B, Q, P> = {
          body: parseInput('body', body?.schema, req.body) as Infer<B>,
          query: parseInput('query', spec.query, req.query) as Infer<Q>,
          params: parseInput('params', spec.params, req.params) as Infer<P>,
          req,
          ctx,
        };
        reply = await handle(input, identity);
      } catch (error) {
        // Refused before the handler's own notice (a body too large or malformed, a batch that failed): the contact still counts.
        if (contactOwed !== undefined) kioskHeardFrom(ctx, contactOwed);
        throw error;
      }
      if (ctx.options.checkResponses) checkReply(spec.responses, reply, `${spec.method.toUpperCase()} ${spec.path}`);
      res.status(reply.status);
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      const media = declaredResponse(spec.responses, reply)?.media;
      if (reply.body === undefined) res.end();
      else if (reply.body instanceof Uint8Array) res.type(media ?? 'application/octet-stream').send(Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength));
      // Text replies (signed notes, keys) go out byte for byte as declared, never as a JSON string.
      else if (media?.startsWith('text/') && typeof reply.body === 'string') res.type(media).send(reply.body);
      else res.json(reply.body);
    },
  };
}

const declaredResponse = (responses: ResponseSpec[], reply: Reply): ResponseSpec | undefined =>
  responses.find((response) => response.status === reply.status && (reply.media === undefined || (response.media ?? 'application/json') === reply.media));

/** Every reply must be one the route declares, in the declared shape: the OpenAPI document is then true. */
function checkReply(responses: ResponseSpec[], reply: Reply, route: string): void {
  const declared = declaredResponse(responses, reply);
  if (!declared) throw new ApiError('ERR_RESPONSE_SCHEMA', `${route} answered ${reply.status}, which it does not declare`);
  if (declared.schema) {
    const checked = declared.schema.safeParse(reply.body);
    if (!checked.success) {
      throw new ApiError('ERR_RESPONSE_SCHEMA', `${route} answered a body that does not match its schema`, { issues: checked.error.issues.slice(0, 5) });
    }
  }
}

export function publicRoute<B extends Schema = undefined, Q extends ObjectSchema = undefined, P extends ObjectSchema = undefined>(
  spec: RouteSpec<B, Q, P> & { handle(input: Input<B, Q, P>): Promise<Reply> },
): RouteDefinition {
  return define(spec, { kind: 'public' }, (input) => spec.handle(input));
}

export function userRoute<B extends Schema = undefined, Q extends ObjectSchema = undefined, P extends ObjectSchema = undefined>(
  spec: RouteSpec<B, Q, P> & { action: Action; handle(input: Input<B, Q, P> & { principal: Principal }): Promise<Reply> },
): RouteDefinition {
  return define(spec, { kind: 'user', action: spec.action }, (input, identity) => spec.handle({ ...input, principal: identity.principal as Principal }));
}

export function kioskRoute<B extends Schema = undefined, Q extends ObjectSchema = undefined, P extends ObjectSchema = undefined>(
  spec: RouteSpec<B, Q, P> & { handlerNotifiesContact?: true; handle(input: Input<B, Q, P> & { kiosk: Kiosk }): Promise<Reply> },
): RouteDefinition {
  return define(spec, { kind: 'kiosk', handlerNotifiesContact: spec.handlerNotifiesContact ?? false }, (input, identity) => spec.handle({ ...input, kiosk: identity.kiosk as Kiosk }));
}
