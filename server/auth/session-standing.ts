import { ApiError } from '../errors.ts';

/** What decides whether a session goes on: the account as stored now, and whether the session was signed out. */
export interface AccountStanding {
  disabled: boolean;
  sessionGeneration: number;
}

/**
 * Refuses a session whose account is gone or disabled, whose generation the account has counted past (its
 * password, role or organisation changed), or that was signed out. The request's check as it arrives and a person's
 * write checking again in its transaction share it, so a write refused there is answered as the session's next
 * request would be.
 */
export function assertSessionGoesOn(account: AccountStanding | undefined, session: { generation: number; signedOut: boolean }): asserts account {
  if (!account || account.disabled) throw new ApiError('ERR_SESSION_INVALID', 'the account behind this session no longer exists or is disabled');
  if (account.sessionGeneration !== session.generation) {
    throw new ApiError('ERR_SESSION_INVALID', 'this session has ended: the password, role or organisation of the account changed since; sign in again');
  }
  if (session.signedOut) throw new ApiError('ERR_SESSION_INVALID', 'this session was signed out; sign in again');
}
