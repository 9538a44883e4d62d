import { LogClient, type LogRequestFailure } from '../../../shared/log/log-client.ts';
import { MonitorError } from './monitor-error.ts';

/** Where a request went, without any credentials the URL may carry. */
const where = (url: URL): string => `${url.origin}${url.pathname}${url.search}`;

/** The log client's failures as the monitor reports them: the check could not be made (exit 1). */
function monitorFailure(failure: LogRequestFailure): MonitorError {
  switch (failure.kind) {
    case 'unreachable': {
      const { cause } = failure;
      // fetch fails with "fetch failed"; what went wrong (ECONNREFUSED, a timeout) is its own cause.
      const why = cause instanceof Error && cause.cause instanceof Error ? cause.cause.message : cause instanceof Error ? cause.message : String(cause);
      return new MonitorError('ERR_MONITOR_UNREACHABLE', `cannot reach ${failure.url.origin} (${why})`, { cause });
    }
    case 'refused': {
      const { error } = failure;
      const detail = error ? `: ${error.code}${error.message ? ` ${error.message}` : ''}` : '';
      return new MonitorError('ERR_MONITOR_SERVER_ERROR', `${where(failure.url)} answered ${failure.status}${detail}`);
    }
    case 'not-json':
      return new MonitorError('ERR_MONITOR_ANSWER_INVALID', `the answer of ${where(failure.url)} is not JSON`, { cause: failure.cause });
    case 'off-contract':
      return new MonitorError('ERR_MONITOR_ANSWER_INVALID', failure.message, { cause: failure.cause });
  }
}

/**
 * The public log endpoints a monitor needs, over plain HTTP. It trusts nothing it reads there:
 * checkpoints are opened with the pinned key and proofs are verified by the caller.
 */
export function monitorLogClient(serverUrl: string): LogClient {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch (cause) {
    throw new MonitorError('ERR_MONITOR_UNREACHABLE', `"${serverUrl}" is not a URL`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MonitorError('ERR_MONITOR_UNREACHABLE', `"${serverUrl}" is not an http(s) URL`);
  return new LogClient(url, { fail: monitorFailure });
}
