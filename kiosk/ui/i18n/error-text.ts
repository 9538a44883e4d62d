import type { ReplyError } from '../bridge/kiosk-bridge.ts';
import type { Messages } from './messages.ts';

/** What a failed call tells the person at the screen: the cause and what to do, in their language. */
export function errorText(messages: Messages, error: Pick<ReplyError, 'code'>): string {
  return Object.hasOwn(messages.errors, error.code) ? messages.errors[error.code as keyof Messages['errors']] : messages.unknownError(error.code);
}
