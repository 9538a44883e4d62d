/**
 * The transparency log's public endpoints (DESIGN appendix; server/http/routes/log-routes.ts) over fetch,
 * for anyone who holds the log to its word: the kiosk after each sync round, the auditor's
 * `verify --monitor`. Checkpoints and proofs only: a leaf is a member's event, which the server shows only to
 * the kiosk that signed it and to people whose reach covers it. Nothing read here is trusted: answers are checked against the contract (shape,
 * the sizes asked for, canonical 32-byte hashes) and the caller verifies checkpoints and proofs.
 *
 * Callers report failures in their own words (the kiosk's ERR_SERVER_* codes, which its screen translates;
 * the monitor's ERR_MONITOR_*), so the client describes each failure and the caller's `fail` names it.
 */
import { z } from 'zod';
import { fromBase64Strict } from './base64.ts';
import { HASH_SIZE } from './tree-hasher.ts';

/** Past this, the server counts as unreachable for this request. */
const REQUEST_TIMEOUT_MS = 20_000;

const count = z.number().int().nonnegative();
// Bounded so a hostile server cannot make the caller decode huge arrays: a proof in a tree of 2^53 leaves
// has at most 53 hashes (inclusion) or 2·53 (consistency).
const InclusionAnswerSchema = z.object({ index: count, size: count, hashes: z.array(z.string()).max(64) });
const ConsistencyAnswerSchema = z.object({ from: count, to: count, hashes: z.array(z.string()).max(128) });
const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

export type LogRequestFailure =
  /** no answer: the network failed, the connection was refused or dropped, or the request timed out */
  | { readonly kind: 'unreachable'; readonly url: URL; readonly cause: unknown }
  /** an answer other than 200, with the server's `{ error: { code, message } }` if it sent one */
  | { readonly kind: 'refused'; readonly url: URL; readonly status: number; readonly error: z.infer<typeof ErrorBodySchema>['error'] | undefined }
  /** a 200 answer whose body is not complete JSON (cut off mid-way, or not JSON at all) */
  | { readonly kind: 'not-json'; readonly url: URL; readonly status: number; readonly cause: unknown }
  /** a 200 answer off the contract: the wrong shape, a proof for other sizes, a hash that is not 32 bytes */
  | { readonly kind: 'off-contract'; readonly url: URL; readonly message: string; readonly cause?: unknown };

export interface LogClientOptions {
  /** the error each failure is thrown as */
  fail: (failure: LogRequestFailure) => Error;
  fetch?: typeof fetch;
}

export class LogClient {
  private readonly base: URL;
  private readonly fail: LogClientOptions['fail'];
  private readonly fetchFn: typeof fetch;

  /** `serverUrl` is the server's http(s) address, checked by the caller; a path prefix (behind a reverse proxy) is kept. */
  constructor(serverUrl: URL, options: LogClientOptions) {
    this.base = new URL(serverUrl);
    if (!this.base.pathname.endsWith('/')) this.base.pathname += '/';
    this.fail = options.fail;
    // Called through a closure: a browser's fetch refuses to run as a method of another object.
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** The log's note verifier key text ("<name>+<key id>+<base64 key>"). */
  async verifierKey(): Promise<string> {
    return (await this.text('api/v1/log/verifier-key')).trim();
  }

  /** The newest signed checkpoint, as the note text the signature covers. */
  newestCheckpoint(): Promise<string> {
    return this.text('api/v1/log/checkpoint');
  }

  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    const { url, answer } = await this.json(`api/v1/log/proof/inclusion?index=${index}&size=${size}`, InclusionAnswerSchema, 'inclusion proof');
    if (answer.index !== index || answer.size !== size) throw this.offContract(url, `the inclusion proof is for leaf ${answer.index} of ${answer.size}, not ${index} of ${size}`);
    return this.decodeHashes(url, answer.hashes);
  }

  async consistencyProof(from: number, to: number): Promise<Uint8Array[]> {
    const { url, answer } = await this.json(`api/v1/log/proof/consistency?from=${from}&to=${to}`, ConsistencyAnswerSchema, 'consistency proof');
    if (answer.from !== from || answer.to !== to) throw this.offContract(url, `the consistency proof is from ${answer.from} to ${answer.to}, not ${from} to ${to}`);
    return this.decodeHashes(url, answer.hashes);
  }

  private async text(path: string): Promise<string> {
    const { url, response } = await this.get(path, 'text/plain');
    try {
      return await response.text();
    } catch (cause) {
      throw this.fail({ kind: 'unreachable', url, cause });
    }
  }

  private async json<T extends z.ZodType>(path: string, schema: T, what: string): Promise<{ url: URL; answer: z.infer<T> }> {
    const { url, response } = await this.get(path, 'application/json');
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      throw this.fail({ kind: 'not-json', url, status: response.status, cause });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw this.offContract(url, `the server's ${what} answer does not match the contract`, parsed.error);
    return { url, answer: parsed.data };
  }

  private async get(path: string, accept: string): Promise<{ url: URL; response: Response }> {
    const url = new URL(path, this.base);
    let response: Response;
    try {
      response = await this.fetchFn(url, { headers: { accept }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (cause) {
      throw this.fail({ kind: 'unreachable', url, cause });
    }
    if (response.status !== 200) {
      const body = ErrorBodySchema.safeParse(await response.json().catch(() => undefined));
      throw this.fail({ kind: 'refused', url, status: response.status, error: body.success ? body.data.error : undefined });
    }
    return { url, response };
  }

  private offContract(url: URL, message: string, cause?: unknown): Error {
    return this.fail({ kind: 'off-contract', url, message, cause });
  }

  private decodeHashes(url: URL, hashes: readonly string[]): Uint8Array[] {
    return hashes.map((text, i) => {
      const hash = fromBase64Strict(text);
      if (hash?.length !== HASH_SIZE) throw this.offContract(url, `proof hash ${i} is not canonical base64 of ${HASH_SIZE} bytes`);
      return hash;
    });
  }
}
