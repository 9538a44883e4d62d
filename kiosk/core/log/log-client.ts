import type { z } from 'zod';
import { fromBase64Strict } from '../../../shared/log/base64.ts';
import { HASH_SIZE } from '../../../shared/log/tree-hasher.ts';
import { KioskError, ServerAnswerError } from '../errors.ts';
import { apiUrl, type Fetch } from '../sync/http-client.ts';
import { ErrorBodySchema } from '../sync/server-api.ts';
import { ConsistencyAnswerSchema, InclusionAnswerSchema, LeafAnswerSchema } from './log-answers.ts';

/** As long as a sync request may take: past it, the server counts as unreachable for this check. */
const REQUEST_TIMEOUT_MS = 20_000;

/**
 * The transparency log's public endpoints, as the kiosk calls them. No kiosk token: anyone may read the
 * log, and what the kiosk trusts is the signatures and proofs, not the connection. Failures are the sync
 * client's: ERR_SERVER_UNREACHABLE, ServerAnswerError with the server's code, ERR_SERVER_ANSWER_INVALID.
 */
export class LogClient {
  constructor(
    private readonly serverUrl: string,
    private readonly fetchFn: Fetch = fetch,
  ) {}

  /** The log's note verifier key text ("<name>+<key id>+<base64 key>"). */
  async verifierKey(): Promise<string> {
    return (await this.text('api/v1/log/verifier-key')).trim();
  }

  /** The newest signed checkpoint, as the note text the signature covers. */
  newestCheckpoint(): Promise<string> {
    return this.text('api/v1/log/checkpoint');
  }

  async inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    const answer = parse(InclusionAnswerSchema, await this.json(`api/v1/log/proof/inclusion?index=${index}&size=${size}`), 'inclusion proof');
    if (answer.index !== index || answer.size !== size) throw offContract(`the inclusion proof is for leaf ${answer.index} of ${answer.size}, not ${index} of ${size}`);
    return decodeHashes(answer.hashes);
  }

  async consistencyProof(from: number, to: number): Promise<Uint8Array[]> {
    const answer = parse(ConsistencyAnswerSchema, await this.json(`api/v1/log/proof/consistency?from=${from}&to=${to}`), 'consistency proof');
    if (answer.from !== from || answer.to !== to) throw offContract(`the consistency proof is from ${answer.from} to ${answer.to}, not ${from} to ${to}`);
    return decodeHashes(answer.hashes);
  }

  /** The JWS the log holds as leaf `index`. Only to say what is there instead; proofs are what count. */
  async leaf(index: number): Promise<string> {
    const answer = parse(LeafAnswerSchema, await this.json(`api/v1/log/leaf/${index}`), 'leaf');
    if (answer.index !== index) throw offContract(`the server sent leaf ${answer.index}, not ${index}`);
    return answer.jws;
  }

  private async text(path: string): Promise<string> {
    const response = await this.get(path, 'text/plain');
    return response.text();
  }

  private async json(path: string): Promise<unknown> {
    const response = await this.get(path, 'application/json');
    try {
      return await response.json();
    } catch (cause) {
      throw new KioskError('ERR_SERVER_UNREACHABLE', `the server's ${response.status} answer is not complete JSON`, { cause });
    }
  }

  private async get(path: string, accept: string): Promise<Response> {
    const url = apiUrl(this.serverUrl, path);
    let response: Response;
    try {
      response = await this.fetchFn(url, { headers: { accept }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (cause) {
      throw new KioskError('ERR_SERVER_UNREACHABLE', `the server at ${url.origin} did not answer`, { cause });
    }
    if (response.status !== 200) throw await answerError(response);
    return response;
  }
}

const offContract = (message: string): KioskError => new KioskError('ERR_SERVER_ANSWER_INVALID', message);

function parse<T extends z.ZodType>(schema: T, json: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new KioskError('ERR_SERVER_ANSWER_INVALID', `the server's ${what} answer does not match the contract`, { cause: parsed.error });
  return parsed.data;
}

function decodeHashes(hashes: readonly string[]): Uint8Array[] {
  return hashes.map((text, i) => {
    const hash = fromBase64Strict(text);
    if (hash?.length !== HASH_SIZE) throw offContract(`proof hash ${i} is not canonical base64 of ${HASH_SIZE} bytes`);
    return hash;
  });
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
