import type { MIN_PASSWORD_LENGTH as SERVER_MIN_PASSWORD_LENGTH } from '../../../server/domain/users.ts';

/**
 * The server's rule for a new password, said beside the field and checked before the form is sent, so a typo
 * is caught where it was made; the server checks again. The type ties the number to the server's own.
 */
export const MIN_PASSWORD_LENGTH: typeof SERVER_MIN_PASSWORD_LENGTH = 10;

export type PasswordProblem = 'too-short' | 'mismatch';

/** What is wrong with a new password typed twice, if anything. Characters count as the server counts them: a Chinese character is one. */
export function passwordProblem(password: string, repeat: string): PasswordProblem | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (password !== repeat) return 'mismatch';
  return undefined;
}
