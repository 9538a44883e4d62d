import { z } from 'zod';
import { fromBase64Strict } from '../../../shared/log/base64.ts';
import { HASH_SIZE } from '../../../shared/log/tree-hasher.ts';
import { MonitorError } from './monitor-error.ts';

/** The monitor gives up on one request after this long. */
const REQUEST_TIMEOUT_MS = 20_000;

const ConsistencyAnswerSchema = z.object({
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  hashes: z.array(z.string()).max(128),
});

const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

/**
 * The public log endpoints a monitor needs (DESIGN appendix), over plain HTTP. It trusts nothing it
 * reads here: checkpoints are opened with the pinned key and proofs are verified by the caller.
 */
export class LogHttp {
  private readonly base: URL;

  constructor(serverUrl: string) {
    let base: URL;
    try {
      base = new URL(serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`);
    } catch (cause) {
      throw new MonitorError('ERR_MONITOR_UNREACHABLE', `"${serverUrl}" is not a URL`, { cause });
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new MonitorError('ERR_MONITOR_UNREACHABLE', `"${serverUrl}" is not an http(s) URL`);
    this.base = base;
  }

  async verifierKey(): Promise<string> {
    return (await this.text('api/v1/log/verifier-key')).trim();
  }

  newestCheckpoint(): Promise<string> {
    return this.text('api/v1/log/checkpoint');
  }

  async consistencyProof(from: number, to: number): Promise<Uint8Array[]> {
    const response = await this.get(`api/v1/log/proof/consistency?from=${from}&to=${to}`);
    let json: unknown;
    try {
      json = await response.json();
    } catch (cause) {
      throw new MonitorError('ERR_MONITOR_ANSWER_INVALID', 'the consistency proof is not JSON', { cause });
    }
    const answer = ConsistencyAnswerSchema.safeParse(json);
    if (!answer.success || answer.data.from !== from || answer.data.to !== to) {
      throw new MonitorError('ERR_MONITOR_ANSWER_INVALID', `the server's answer is not a consistency proof from ${from} to ${to}`);
    }
    return answer.data.hashes.map((text, i) => {
      const hash = fromBase64Strict(text);
      if (hash?.length !== HASH_SIZE) throw new MonitorError('ERR_MONITOR_ANSWER_INVALID', `proof hash ${i} is not canonical base64 of ${HASH_SIZE} bytes`);
      return hash;
    });
  }

  private async text(path: string): Promise<string> {
    return (await this.get(path)).text();
  }

  private async get(path: string): Promise<Response> {
    const url = new URL(path, this.base);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (cause) {
      const why = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : cause instanceof Error ? cause.message : String(cause);
      throw new MonitorError('ERR_MONITOR_UNREACHABLE', `cannot reach ${url.origin} (${why})`, { cause });
    }
    if (response.status !== 200) {
      const body = ErrorBodySchema.safeParse(await response.json().catch(() => undefined));
      const detail = body.success ? `: ${body.data.error.code}${body.data.error.message ? ` ${body.data.error.message}` : ''}` : '';
      throw new MonitorError('ERR_MONITOR_SERVER_ERROR', `${url.origin}/${path} answered ${response.status}${detail}`);
    }
    return response;
  }
}
