import { LogClient, type LogRequestFailure } from '../../../shared/log/log-client.ts';
import { systemProblem } from '../system-problem.ts';
import { MonitorError } from './monitor-error.ts';

/** Where a request went, without any credentials the URL may carry. */
const where = (url: URL): string => `${url.origin}${url.pathname}${url.search}`;

/** The log client's failures as the monitor reports them: the check could not be made (exit 1). */
function monitorFailure(failure: LogRequestFailure): MonitorError {
  switch (failure.kind) {
    case 'unreachable': {
      const { cause } = failure;
      // fetch fails with "fetch failed"; what went wrong (ECONNREFUSED, a timeout) is its own cause.
      const why = systemProblem(cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause);
      const { origin } = failure.url;
      return new MonitorError('ERR_MONITOR_UNREACHABLE', (m) => m.monitorErrors.unreachable(origin, why), { cause });
    }
    case 'refused': {
      const { error, status } = failure;
      const at = where(failure.url);
      return new MonitorError('ERR_MONITOR_SERVER_ERROR', (m) => m.monitorErrors.serverError(at, status, error));
    }
    case 'not-json': {
      const at = where(failure.url);
      return new MonitorError('ERR_MONITOR_ANSWER_INVALID', (m) => m.monitorErrors.answerNotJson(at), { cause: failure.cause });
    }
    case 'off-contract': {
      const { message } = failure;
      return new MonitorError('ERR_MONITOR_ANSWER_INVALID', (m) => m.monitorErrors.answerOffContract(message), { cause: failure.cause });
    }
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
    throw new MonitorError('ERR_MONITOR_UNREACHABLE', (m) => m.monitorErrors.notAUrl(serverUrl), { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MonitorError('ERR_MONITOR_UNREACHABLE', (m) => m.monitorErrors.notHttp(serverUrl));
  return new LogClient(url, { fail: monitorFailure });
}
