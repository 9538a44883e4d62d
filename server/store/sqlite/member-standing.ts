import { ApiError } from '../../errors.ts';
import { endsMembership, type MemberStatus } from '../../schemas/members.ts';
import type { WritableDb } from '../db-handles.ts';
import { statement } from './statements.ts';

/**
 * A member recorded as left or deceased belongs nowhere: refuses a write that would give them a place (`what`
 * says which) with ERR_MEMBER_STATUS_FINAL, in the write's own transaction, so a leaving recorded meanwhile holds.
 */
export function assertMembershipGoesOn(db: WritableDb, memberId: number, what: string): void {
  const member = statement(db, 'SELECT member_number AS memberNumber, status, status_since AS since FROM members WHERE id = ?').get(memberId) as
    | { memberNumber: string; status: MemberStatus; since: string | null }
    | undefined;
  if (member && endsMembership(member.status)) {
    throw new ApiError(
      'ERR_MEMBER_STATUS_FINAL',
      `member ${member.memberNumber} is recorded as ${member.status} since ${member.since ?? '?'}, so ${what} (if that was recorded by mistake, an admin corrects it first: POST /members/${member.memberNumber}/status/correction)`,
      { status: member.status },
    );
  }
}
