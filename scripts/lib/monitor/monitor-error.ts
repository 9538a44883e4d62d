import { CodedError } from '../../../shared/errors.ts';
import { en } from '../verify-messages/en.ts';
import type { Words } from '../verify-messages/messages.ts';

/** Why the monitor could not do its check (as opposed to finding the log inconsistent): exit 1. */
export type MonitorErrorCode =
  | 'ERR_MONITOR_UNREACHABLE'
  | 'ERR_MONITOR_SERVER_ERROR'
  | 'ERR_MONITOR_ANSWER_INVALID'
  | 'ERR_MONITOR_STATE_INVALID'
  | 'ERR_MONITOR_KEY_CONFLICT';

/** Its words are said in the auditor's language when reported; its message is the English ones. */
export class MonitorError extends CodedError<MonitorErrorCode> {
  readonly words: Words;

  constructor(code: MonitorErrorCode, words: Words, options?: { cause?: unknown }) {
    super(code, words(en), options);
    this.words = words;
  }
}
