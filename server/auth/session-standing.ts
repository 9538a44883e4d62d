import { ApiError } from '../errors.ts';

/** What decides whether a session goes on: the account as stored now. */
export interface AccountStanding {
  disabled: boolean;
  sessionGeneration: number;
}

/**
 * Refuses a session whose account is gone or disabled, or whose generation the account has counted past (its
 * password, role or organisation changed). The request's check as it arrives and a person's write checking again in
 * its transaction share it, so a write refused there is answered as the session's next request would be.
 */
export function assertSessionGoesOn(account: AccountStanding | undefined, generation: number): asserts account {
  if (!account || account.disabled) throw new ApiError('ERR_SESSION_INVALID', 'the account behind this session no longer exists or is disabled');
  if (account.sessionGeneration !== generation) {
    throw new ApiError('ERR_SESSION_INVALID', 'this session has ended: the password, role or organisation of the account changed since; sign in again');
  }
}
