/**
 * The kiosk's log client names the shared client's failures in the sync client's codes: the log check's
 * status shows them like a sync failure, and a range refusal must keep the status and the server's code
 * that tell the log watcher "the server refuses to prove this" (an alarm) from "try again later".
 */
import { describe, expect, it } from 'vitest';
import { ServerAnswerError } from '../../kiosk/core/errors.ts';
import { kioskLogClient } from '../../kiosk/core/log/log-client.ts';

const SERVER = 'https://member-card.test/base';

const answering = (answer: (url: URL) => Response | Promise<Response>) =>
  kioskLogClient(SERVER, async (input) => answer(new URL(input instanceof Request ? input.url : input)));

describe('kioskLogClient', () => {
  it('when the server refuses a range, then a ServerAnswerError carries its status and code', async () => {
    const client = answering(() => Response.json({ error: { code: 'ERR_LOG_RANGE', message: 'size 9 is beyond the tree' } }, { status: 400 }));
    const error = await client.inclusionProof(2, 9).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerAnswerError);
    expect(error).toMatchObject({ code: 'ERR_SERVER_REFUSED', status: 400, serverCode: 'ERR_LOG_RANGE', message: 'size 9 is beyond the tree' });
    const bare = answering(() => new Response('Bad Gateway', { status: 502 }));
    await expect(bare.newestCheckpoint()).rejects.toMatchObject({ code: 'ERR_SERVER_FAILED', status: 502, serverCode: undefined, message: 'the server answered 502' });
  });

  it('when there is no answer or the JSON breaks off, then the server is unreachable; an answer off the contract is invalid', async () => {
    await expect(answering(() => Promise.reject(new TypeError('fetch failed'))).verifierKey()).rejects.toMatchObject({ code: 'ERR_SERVER_UNREACHABLE' });
    await expect(answering(() => new Response('<html>')).inclusionProof(0, 1)).rejects.toMatchObject({ code: 'ERR_SERVER_UNREACHABLE' });
    await expect(answering(() => Response.json({ index: 1, size: 2, hashes: [] })).inclusionProof(0, 1)).rejects.toMatchObject({ code: 'ERR_SERVER_ANSWER_INVALID' });
  });

  it('when the server URL has a path prefix, then the log is asked under it', async () => {
    const asked: string[] = [];
    const client = answering((url) => {
      asked.push(url.href);
      return new Response('key\n');
    });
    expect(await client.verifierKey()).toBe('key');
    expect(asked).toEqual(['https://member-card.test/base/api/v1/log/verifier-key']);
  });

  it('when the server URL carries credentials, then no client is made', () => {
    expect(() => kioskLogClient('https://user:secret@member-card.test/')).toThrow(expect.objectContaining({ code: 'ERR_SERVER_URL_INVALID' }));
  });
});
