/**
 * The one place the console talks HTTP. Every call carries the session token; every refusal becomes an
 * ApiFailure with the server's stable code (what the screens branch on and translate) and its message
 * (shown beside the translation, so nothing the server explains is lost).
 */

export const API_BASE = '/api/v1';

export class ApiFailure extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    /** the server's own explanation, in English */
    readonly serverMessage: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${code}: ${serverMessage}`);
    this.name = 'ApiFailure';
  }
}

/** Codes the console makes up itself, for failures that never reached the server's error handler. */
export const NETWORK_FAILURE = 'ERR_NETWORK';
export const ANSWER_UNREADABLE = 'ERR_ANSWER_UNREADABLE';

export type QueryValue = string | number | undefined;
export type Query = Record<string, QueryValue>;

/** The text media a route takes as its body (the member import's CSV). */
export type TextMedia = 'text/csv';

export interface Download {
  blob: Blob;
  /** from Content-Disposition, when the server names the file */
  filename: string | undefined;
}

export interface HttpClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  /** a text body sent as it is (a CSV file), answered with JSON */
  postText<T>(path: string, text: string, media: TextMedia): Promise<T>;
  /** a file (CSV, PDF, bundle) fetched with the session, to be saved or opened by the browser */
  download(path: string, query?: Query): Promise<Download>;
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

interface ErrorEnvelope {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const isErrorEnvelope = (value: unknown): value is ErrorEnvelope => {
  const error = (value as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
};

async function failureOf(response: Response): Promise<ApiFailure> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (isErrorEnvelope(body)) return new ApiFailure(body.error.code, response.status, body.error.message, body.error.details);
  return new ApiFailure(ANSWER_UNREADABLE, response.status, `HTTP ${response.status} ${text.slice(0, 200)}`);
}

const filenameOf = (response: Response): string | undefined => {
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1]) return decodeURIComponent(encoded[1]);
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
};

/**
 * `token()` is read per request, as the request is made (before anything is awaited), so a sign-out takes effect at
 * once; `onSessionEnded` runs when the server says the session is no longer good (expired, or the account gone), so
 * the console can ask to sign in again. It is told the token the refused request carried: by the time the answer
 * arrives, that one may have been replaced already. `onRequest` hears of every request as it is made: the session is
 * in use.
 */
export function createHttpClient(token: () => string | undefined, onSessionEnded: (failure: ApiFailure, bearer: string) => void, onRequest: () => void): HttpClient {
  async function send(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, text?: { content: string; media: TextMedia }): Promise<Response> {
    onRequest();
    const headers: Record<string, string> = {};
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (text !== undefined) headers['content-type'] = `${text.media}; charset=utf-8`;
    let response: Response;
    try {
      const payload = text?.content ?? (body === undefined ? undefined : JSON.stringify(body));
      response = await fetch(`${API_BASE}${path}`, { method, headers, body: payload, cache: 'no-store' });
    } catch (error) {
      throw new ApiFailure(NETWORK_FAILURE, 0, error instanceof Error ? error.message : String(error));
    }
    if (response.ok) return response;
    const failure = await failureOf(response);
    if (response.status === 401 && bearer) onSessionEnded(failure, bearer);
    throw failure;
  }

  async function json<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    try {
      // The server checks every reply against the schema these types come from (server/schemas), so the
      // console trusts the shape instead of shipping the server's validators to the browser.
      return (await response.json()) as T;
    } catch {
      throw new ApiFailure(ANSWER_UNREADABLE, response.status, 'the answer was not JSON');
    }
  }

  return {
    get: async <T,>(path: string, query?: Query) => json<T>(await send('GET', withQuery(path, query))),
    post: async <T,>(path: string, body?: unknown) => json<T>(await send('POST', path, body ?? {})),
    put: async <T,>(path: string, body: unknown) => json<T>(await send('PUT', path, body)),
    postText: async <T,>(path: string, content: string, media: TextMedia) => json<T>(await send('POST', path, undefined, { content, media })),
    async download(path, query) {
      const response = await send('GET', withQuery(path, query));
      return { blob: await response.blob(), filename: filenameOf(response) };
    },
  };
}
