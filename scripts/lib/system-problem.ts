import type { SystemProblem } from './verify-messages/messages.ts';

/** An operating-system or network error as the catalogues word it: its code (ENOENT, ECONNREFUSED…) and its message. */
export function systemProblem(error: unknown): SystemProblem {
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return { code, message: error instanceof Error ? error.message : String(error) };
}
