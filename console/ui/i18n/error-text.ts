import type { ApiFailure } from '../api/http-client.ts';
import type { Messages } from './messages.ts';

/** What a refusal tells the organiser: the cause and what to do, in their language; unknown codes still say something useful. */
export function errorText(messages: Messages, failure: Pick<ApiFailure, 'code'>): string {
  return Object.hasOwn(messages.errors, failure.code) ? messages.errors[failure.code as keyof Messages['errors']] : messages.unknownError(failure.code);
}
