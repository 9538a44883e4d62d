/**
 * The log client against a scripted server: what it asks for, and how every way an answer can be wrong
 * reaches the caller's `fail` (the kiosk and the monitor name the failures in their own codes).
 */
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../shared/log/base64.ts';
import { LogClient, type LogRequestFailure } from '../../../shared/log/log-client.ts';

class FailureError extends Error {
  constructor(readonly failure: LogRequestFailure) {
    super(failure.kind);
  }
}

const HASH_A = new Uint8Array(32).fill(0xaa);
const HASH_B = new Uint8Array(32).fill(0xbb);

interface Asked {
  url: string;
  accept: string | null;
}

/** A client whose fetch answers every request with `answer(url)` and records what was asked. */
function scripted(answer: (url: URL) => Response | Promise<Response>, base = 'http://log.test/prefix'): { client: LogClient; asked: Asked[] } {
  const asked: Asked[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    asked.push({ url: url.href, accept: new Headers(init?.headers).get('accept') });
    return answer(url);
  };
  return { client: new LogClient(new URL(base), { fail: (failure) => new FailureError(failure), fetch: fetchFn }), asked };
}

const json = (body: unknown, status = 200): Response => Response.json(body, { status });

describe('LogClient', () => {
  it('when the server answers by the contract, then each endpoint is asked under the server URL and its answer decoded', async () => {
    const { client, asked } = scripted((url) => {
      switch (url.pathname) {
        case '/prefix/api/v1/log/verifier-key':
          return new Response('log.test+01234567+AQID\n');
        case '/prefix/api/v1/log/checkpoint':
          return new Response('log.test\n5\nroot\n\n— sig\n');
        case '/prefix/api/v1/log/proof/consistency':
          return json({ from: 3, to: 5, hashes: [toBase64(HASH_A), toBase64(HASH_B)] });
        case '/prefix/api/v1/log/proof/inclusion':
          return json({ index: 2, size: 5, hashes: [toBase64(HASH_B)] });
        default:
          return json({ error: { code: 'ERR_NOT_FOUND' } }, 404);
      }
    });
    expect(await client.verifierKey()).toBe('log.test+01234567+AQID');
    expect(await client.newestCheckpoint()).toBe('log.test\n5\nroot\n\n— sig\n');
    expect(await client.consistencyProof(3, 5)).toEqual([HASH_A, HASH_B]);
    expect(await client.inclusionProof(2, 5)).toEqual([HASH_B]);
    expect(asked).toEqual([
      { url: 'http://log.test/prefix/api/v1/log/verifier-key', accept: 'text/plain' },
      { url: 'http://log.test/prefix/api/v1/log/checkpoint', accept: 'text/plain' },
      { url: 'http://log.test/prefix/api/v1/log/proof/consistency?from=3&to=5', accept: 'application/json' },
      { url: 'http://log.test/prefix/api/v1/log/proof/inclusion?index=2&size=5', accept: 'application/json' },
    ]);
  });

  it('when the answer is for other sizes or another leaf than asked, then it is off the contract', async () => {
    const { client } = scripted((url) => (url.pathname.endsWith('/consistency') ? json({ from: 2, to: 5, hashes: [] }) : json({ index: 3, size: 5, hashes: [] })));
    await expect(client.consistencyProof(3, 5)).rejects.toMatchObject({ failure: { kind: 'off-contract', message: expect.stringContaining('from 2 to 5, not 3 to 5') } });
    await expect(client.inclusionProof(2, 5)).rejects.toMatchObject({ failure: { kind: 'off-contract', message: expect.stringContaining('leaf 3 of 5, not 2 of 5') } });
  });

  it('when a proof hash is not canonical base64 of 32 bytes, or the answer has another shape, then it is off the contract', async () => {
    for (const hashes of [[toBase64(HASH_A.slice(1))], ['qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqr=']]) {
      const { client } = scripted(() => json({ from: 3, to: 5, hashes }));
      await expect(client.consistencyProof(3, 5)).rejects.toMatchObject({ failure: { kind: 'off-contract', message: 'proof hash 0 is not canonical base64 of 32 bytes' } });
    }
    const tooLong = scripted(() => json({ index: 0, size: 5, hashes: Array.from({ length: 65 }, () => toBase64(HASH_A)) }));
    await expect(tooLong.client.inclusionProof(0, 5)).rejects.toMatchObject({ failure: { kind: 'off-contract' } });
    const { client } = scripted(() => json({ from: '3', to: 5, hashes: [] }));
    const failure = await client.consistencyProof(3, 5).catch((error: FailureError) => error.failure);
    expect(failure).toMatchObject({ kind: 'off-contract', message: "the server's consistency proof answer does not match the contract" });
    expect(failure && 'cause' in failure && failure.cause).toBeTruthy();
  });

  it('when the server answers an error status, then the failure carries the status and the error body, if any', async () => {
    const withBody = scripted(() => json({ error: { code: 'ERR_LOG_RANGE', message: 'size 9 is beyond the tree' } }, 400));
    await expect(withBody.client.inclusionProof(2, 9)).rejects.toMatchObject({
      failure: { kind: 'refused', status: 400, error: { code: 'ERR_LOG_RANGE', message: 'size 9 is beyond the tree' } },
    });
    const bare = scripted(() => new Response('Bad Gateway', { status: 502 }));
    await expect(bare.client.newestCheckpoint()).rejects.toMatchObject({ failure: { kind: 'refused', status: 502, error: undefined } });
  });

  it('when there is no answer, or the answer breaks off, then the server is unreachable; a 200 that is not JSON says so', async () => {
    const down = scripted(() => Promise.reject(new TypeError('fetch failed')));
    await expect(down.client.verifierKey()).rejects.toMatchObject({ failure: { kind: 'unreachable', url: new URL('http://log.test/prefix/api/v1/log/verifier-key') } });

    const cutOff = (): Response =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('log.test\n'));
            controller.error(new Error('connection reset'));
          },
        }),
      );
    await expect(scripted(cutOff).client.newestCheckpoint()).rejects.toMatchObject({ failure: { kind: 'unreachable' } });
    await expect(scripted(cutOff).client.inclusionProof(0, 1)).rejects.toMatchObject({ failure: { kind: 'not-json', status: 200 } });
    await expect(scripted(() => new Response('<html>')).client.inclusionProof(0, 1)).rejects.toMatchObject({ failure: { kind: 'not-json', status: 200 } });
  });

  it('when the server URL has no trailing slash, then its last path segment is kept', async () => {
    const { client, asked } = scripted(() => new Response('key\n'), 'http://log.test/a/b');
    await client.verifierKey();
    expect(asked[0]?.url).toBe('http://log.test/a/b/api/v1/log/verifier-key');
  });
});
