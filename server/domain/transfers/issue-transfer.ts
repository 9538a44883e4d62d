import { v7 as uuidv7 } from 'uuid';
import { letterExpiresAt } from '../../../shared/letter-validity.ts';
import { authorize } from '../../auth/policy.ts';
import { auditActorOf, type Principal } from '../../auth/principal.ts';
import { isoTimestamp } from '../../clock.ts';
import type { WriteContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import type { IssueTransferBody } from '../../schemas/transfers.ts';
import type { Transfer } from '../../store/repositories/transfers.ts';
import { decideAgainWhenStale } from '../decide-again.ts';
import { requireMember, requireOrg } from '../lookups.ts';
import { touched } from '../diagnostics/touched.ts';

/**
 * The sending organisation — the member's home today — issues the letter; a secretary only for their own
 * organisation. The validity defaults and is capped by the configured rule (regions are not modelled, so
 * there is no longer cross-region allowance), and runs to the end of its last day on the organisation's calendar.
 */
export async function issueTransfer(ctx: WriteContext, principal: Principal, body: IssueTransferBody): Promise<Transfer> {
  // The writer refuses a letter whose sending organisation is no longer the member's home (a leaving or a move
  // recorded meanwhile): decided again on what that left, the request is answered as one sent after it.
  const transfer = await decideAgainWhenStale('ERR_TRANSFER_STALE', async () => {
    const member = await requireMember(ctx.read, body.member);
    const now = ctx.clock.now();
    const home = (await ctx.read.members.periodsAt(member.id, ctx.calendar.dayOf(now))).find((period) => period.kind === 'home');
    if (!home) throw new ApiError('ERR_TRANSFER_NO_HOME', `member ${member.memberNumber} has no home organisation today to transfer from`, { member: member.memberNumber });
    authorize(principal, 'transfer.issue', { path: home.orgPath });
    const to = await requireOrg(ctx.read, body.toOrg);
    if (to.id === home.orgId) throw new ApiError('ERR_TRANSFER_SAME_ORG', 'the receiving organisation is already the member’s home', { toOrg: to.code });
    const rules = await ctx.read.transfers.rules();
    const validDays = body.validDays ?? rules.defaultValidDays;
    if (validDays > rules.maxValidDays) {
      throw new ApiError('ERR_TRANSFER_VALIDITY_INVALID', `a letter is valid for at most ${rules.maxValidDays} days`, { maxValidDays: rules.maxValidDays, validDays });
    }
    return ctx.write.transfers.issue(
      {
        id: uuidv7(),
        memberId: member.id,
        fromOrgId: home.orgId,
        toOrgId: to.id,
        reason: body.reason,
        validDays,
        issuedAt: isoTimestamp(now),
        expiresAt: isoTimestamp(letterExpiresAt(now, validDays, ctx.calendar)),
      },
      auditActorOf(principal),
    );
  });
  ctx.diagnostics?.notify(touched({ members: [transfer.memberId], transfers: [transfer.id] }));
  return transfer;
}
