import type { JWK } from 'jose';
import type { z } from 'zod';
import { CLOCK_OFFSET_HEADER, OUTBOX_PENDING_HEADER, signKioskToken } from '../../../shared/events/kiosk-token.ts';
import { KioskError, ServerAnswerError } from '../errors.ts';
import type { KioskIdentity } from '../identity/kiosk-identity.ts';
import type { Clock } from '../time/clock.ts';
import { EnrolAnswerSchema, ErrorBodySchema, EventsAnswerSchema, LeafAnswerSchema, type EnrolAnswer, type EventsAnswer } from './server-api.ts';

export type Fetch = typeof fetch;

export type ConfigAnswer = { changed: true; body: unknown; etag: string | undefined } | { changed: false };

/** How long one request may take before the kiosk counts the server as unreachable. */
const REQUEST_TIMEOUT_MS = 20_000;

/**
 * `https://host/base/` + `api/v1/…`; a server URL with a path prefix (behind a reverse proxy) keeps it.
 * Only http(s) URLs without credentials are accepted: the URL is typed by a person at enrolment.
 */
export function apiUrl(serverUrl: string, path: string): URL {
  let base: URL;
  try {
    base = new URL(serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`);
  } catch (cause) {
    throw new KioskError('ERR_SERVER_URL_INVALID', `"${serverUrl}" is not a URL`, { cause });
  }
  if ((base.protocol !== 'https:' && base.protocol !== 'http:') || base.username !== '' || base.password !== '') {
    throw new KioskError('ERR_SERVER_URL_INVALID', `"${serverUrl}" must be an http(s) URL without credentials`);
  }
  return new URL(path, base);
}

/**
 * The kiosk's calls of its own (DESIGN appendix): enrolment, configuration, events, and its events' log leaves.
 * Every authenticated request carries a fresh token the kiosk signs (exp ≤ 60 s, its own jti), so a token
 * copied off the wire is useless a minute later.
 * Network failures become ERR_SERVER_UNREACHABLE and error answers ServerAnswerError with the server's code.
 */
export class KioskHttpClient {
  /**
   * The server's clock minus the kiosk's, from the `Date` header of the last answer. Only token times use it:
   * a kiosk whose clock drifted minutes away (no NTP in a village hall) would otherwise have every token
   * refused and never sync again. Event `at` stays the kiosk's own claim; the server flags the skew.
   */
  private skewMs = 0;
  /** false until an answer carried a usable `Date`: before that the kiosk cannot say how far off it is */
  private skewMeasured = false;

  constructor(
    private readonly serverUrl: string,
    private readonly identity: KioskIdentity,
    private readonly clock: Clock,
    private readonly fetchFn: Fetch = fetch,
  ) {}

  async enrol(token: string, name: string, jwk: JWK): Promise<EnrolAnswer> {
    const response = await this.send('api/v1/kiosks/enroll', { method: 'POST', body: { token, name, jwk } });
    if (response.status !== 201) throw await answerError(response);
    return parse(EnrolAnswerSchema, await readJson(response), 'enrolment');
  }

  /** `outboxPending`: the events waiting in the outbox, reported so the server can flag a kiosk that cannot drain */
  async fetchConfig(etag: string | undefined, outboxPending?: number): Promise<ConfigAnswer> {
    const response = await this.send('api/v1/kiosk/config', { method: 'GET', bearer: true, outboxPending, ...(etag !== undefined && { ifNoneMatch: etag }) });
    if (response.status === 304) return { changed: false };
    if (response.status !== 200) throw await answerError(response);
    return { changed: true, body: await readJson(response), etag: response.headers.get('etag') ?? undefined };
  }

  async postEvents(events: readonly string[], outboxPending?: number): Promise<EventsAnswer> {
    const response = await this.send('api/v1/events', { method: 'POST', bearer: true, body: { events }, outboxPending });
    if (response.status !== 200) throw await answerError(response);
    return parse(EventsAnswerSchema, await readJson(response), 'events');
  }

  /**
   * The JWS the log holds as leaf `index`, if this kiosk signed it. The server shows a kiosk no other kiosk's events:
   * for one of those it answers 403 ERR_OUT_OF_SCOPE (a ServerAnswerError with that serverCode).
   */
  async ownLeaf(index: number): Promise<string> {
    const response = await this.send(`api/v1/kiosk/log/leaf/${index}`, { method: 'GET', bearer: true });
    if (response.status !== 200) throw await answerError(response);
    const answer = parse(LeafAnswerSchema, await readJson(response), 'log leaf');
    if (answer.index !== index) throw new KioskError('ERR_SERVER_ANSWER_INVALID', `the server sent log leaf ${answer.index}, not ${index}`);
    return answer.jws;
  }

  private async send(path: string, request: { method: 'GET' | 'POST'; bearer?: boolean; body?: unknown; ifNoneMatch?: string; outboxPending?: number | undefined }): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.ifNoneMatch !== undefined) headers['if-none-match'] = request.ifNoneMatch;
    if (request.outboxPending !== undefined) headers[OUTBOX_PENDING_HEADER] = String(request.outboxPending);
    if (request.bearer && this.skewMeasured) headers[CLOCK_OFFSET_HEADER] = String(Math.round(-this.skewMs / 1000));
    if (request.bearer) {
      const now = new Date(this.clock.now().getTime() + this.skewMs);
      headers['authorization'] = `Bearer ${await signKioskToken(this.identity.privateKey, this.identity.kid, { now })}`;
    }
    const url = apiUrl(this.serverUrl, path);
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method: request.method,
        headers,
        ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (cause) {
      throw new KioskError('ERR_SERVER_UNREACHABLE', `the server at ${url.origin} did not answer`, { cause });
    }
    const serverDate = Date.parse(response.headers.get('date') ?? '');
    if (Number.isFinite(serverDate)) {
      this.skewMs = serverDate - this.clock.now().getTime();
      this.skewMeasured = true;
    }
    return response;
  }

  /** How far the server's clock is ahead of the kiosk's (negative: behind), as of the last answer. */
  get clockSkewMs(): number {
    return this.skewMs;
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch (cause) {
    // A body cut off mid-way is a network failure as far as retrying is concerned.
    throw new KioskError('ERR_SERVER_UNREACHABLE', `the server's ${response.status} answer is not complete JSON`, { cause });
  }
}

function parse<T extends z.ZodType>(schema: T, json: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new KioskError('ERR_SERVER_ANSWER_INVALID', `the server's ${what} answer does not match the contract`, { cause: parsed.error });
  return parsed.data;
}

async function answerError(response: Response): Promise<ServerAnswerError> {
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const body = ErrorBodySchema.safeParse(json);
  const code = body.success ? body.data.error.code : undefined;
  const message = body.success && body.data.error.message ? body.data.error.message : `the server answered ${response.status}`;
  return new ServerAnswerError(response.status, code, message);
}
