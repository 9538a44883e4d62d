import { CodedError } from '../../../shared/errors.ts';

/** Why the monitor could not do its check (as opposed to finding the log inconsistent): exit 1. */
export type MonitorErrorCode =
  | 'ERR_MONITOR_UNREACHABLE'
  | 'ERR_MONITOR_SERVER_ERROR'
  | 'ERR_MONITOR_ANSWER_INVALID'
  | 'ERR_MONITOR_STATE_INVALID'
  | 'ERR_MONITOR_KEY_CONFLICT';

export class MonitorError extends CodedError<MonitorErrorCode> {}
