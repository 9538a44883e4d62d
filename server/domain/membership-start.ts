import { birthDateOf } from '../crypto/gb11643.ts';
import { ApiError } from '../errors.ts';

/**
 * Why `since` cannot be the first day of a membership: a day after the organisation's today, or before the birth
 * date in the member's (valid) resident ID number. The birth date is not echoed: it is part of the number.
 */
export function membershipStartProblem(since: string, idNumber: string, today: string): string | undefined {
  if (since > today) return `a membership cannot begin after today (${today}, the organisation's day): give the day it began, today or earlier`;
  if (since < birthDateOf(idNumber)) return 'a membership cannot begin before the birth date in the resident ID number: check the day, and the ID number';
  return undefined;
}

/** ERR_MEMBER_SINCE_INVALID unless `since` can be the first day of the membership. */
export function assertMembershipStart(since: string, idNumber: string, today: string): void {
  const problem = membershipStartProblem(since, idNumber, today);
  if (problem !== undefined) throw new ApiError('ERR_MEMBER_SINCE_INVALID', problem, { since, today });
}
