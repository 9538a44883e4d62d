import type { Role } from '../../../server/schemas/common.ts';
import { errorCode, type ApiResponse } from './http.ts';

/**
 * The vocabulary of the authorisation matrices (role × route × a target inside / outside the role's reach):
 *   A = allowed, O = refused as out of scope (403 ERR_OUT_OF_SCOPE), F = refused for the role (403 ERR_FORBIDDEN)
 */
export type Outcome = 'A' | 'O' | 'F';
export type Expectation = Record<Role, [inside: Outcome, outside: Outcome]>;

/** What a response amounts to; anything else is its status and body, so a failing case shows what came back. */
export function outcomeOf(response: ApiResponse): Outcome | string {
  if (response.status >= 200 && response.status < 300) return 'A';
  const code = errorCode(response);
  if (response.status === 403 && code === 'ERR_FORBIDDEN') return 'F';
  if (response.status === 403 && code === 'ERR_OUT_OF_SCOPE') return 'O';
  return `${response.status} ${response.text}`;
}
