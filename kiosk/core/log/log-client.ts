import { LogClient, type LogRequestFailure } from '../../../shared/log/log-client.ts';
import { KioskError, ServerAnswerError } from '../errors.ts';
import { apiUrl, type Fetch } from '../sync/http-client.ts';

/** The log client's failures in the sync client's words, which the screen already translates. */
function kioskFailure(failure: LogRequestFailure): KioskError {
  switch (failure.kind) {
    case 'unreachable':
      return new KioskError('ERR_SERVER_UNREACHABLE', `the server at ${failure.url.origin} did not answer`, { cause: failure.cause });
    case 'refused':
      return new ServerAnswerError(failure.status, failure.error?.code, failure.error?.message || `the server answered ${failure.status}`);
    case 'not-json':
      // A body cut off mid-way is a network failure as far as trying again is concerned.
      return new KioskError('ERR_SERVER_UNREACHABLE', `the server's ${failure.status} answer is not complete JSON`, { cause: failure.cause });
    case 'off-contract':
      return new KioskError('ERR_SERVER_ANSWER_INVALID', failure.message, { cause: failure.cause });
  }
}

/**
 * The transparency log's public endpoints at the server this kiosk is enrolled with. No kiosk token: anyone
 * may read checkpoints and proofs, and what the kiosk trusts is the signatures and proofs, not the connection
 * (its own events' leaves it reads with its token: KioskHttpClient.ownLeaf). Failures are the sync client's:
 * ERR_SERVER_UNREACHABLE, ServerAnswerError with the server's code, ERR_SERVER_ANSWER_INVALID.
 */
export function kioskLogClient(serverUrl: string, fetchFn?: Fetch): LogClient {
  return new LogClient(apiUrl(serverUrl, ''), { fail: kioskFailure, ...(fetchFn && { fetch: fetchFn }) });
}
