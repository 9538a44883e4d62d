import { authorize } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { WriteContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { endsMembership, type ChangeMemberStatusBody, type CorrectMemberStatusBody } from '../schemas/members.ts';
import type { Member, MembershipPeriod, MemberStatusCorrectionOutcome } from '../store/repositories/members.ts';
import { decideAgainWhenStale } from './decide-again.ts';
import { touched } from './diagnostics/touched.ts';
import { requireMember } from './lookups.ts';
import { memberDetails, type MemberDetails } from './members.ts';

/** The member's open home period, or for a member who belongs nowhere any more, the last one. */
const responsibleHome = (periods: MembershipPeriod[]): MembershipPeriod | undefined => {
  const homes = periods.filter((period) => period.kind === 'home');
  return homes.find((period) => period.validTo === null) ?? homes.at(-1);
};

function assertChangeable(member: Member, to: Member['status']): void {
  if (endsMembership(member.status)) {
    throw new ApiError('ERR_MEMBER_STATUS_FINAL', `member ${member.memberNumber} is recorded as ${member.status} since ${member.statusSince ?? '?'}; that status is final (if it was recorded by mistake, an admin corrects it: POST /members/${member.memberNumber}/status/correction)`, {
      status: member.status,
    });
  }
  if (member.status === to) throw new ApiError('ERR_MEMBER_STATUS_UNCHANGED', `member ${member.memberNumber} is already ${to}`, { status: to });
}

/** The day must be real history: not in the future, not before the membership or the previous change began. */
function assertDate(member: Member, home: MembershipPeriod | undefined, body: ChangeMemberStatusBody, today: string): void {
  const refuse = (message: string, details: Record<string, unknown>): never => {
    throw new ApiError('ERR_MEMBER_STATUS_DATE_INVALID', message, { on: body.on, ...details });
  };
  if (body.on > today) refuse(`the day cannot be after today (${today}); record the change on the day it happens`, { today });
  if (member.statusSince !== null && body.on < member.statusSince) refuse(`the member has been ${member.status} since ${member.statusSince}; give that day or a later one`, { since: member.statusSince });
  if (!home) return;
  // A home period cannot be empty: ending the membership leaves at least its first day inside it.
  const ends = endsMembership(body.status);
  if (ends ? body.on <= home.validFrom : body.on < home.validFrom) {
    const allowed = ends ? `a day after ${home.validFrom}` : `${home.validFrom} or a later day`;
    refuse(`the member has belonged to ${home.orgCode} since ${home.validFrom}; give ${allowed}`, { homeFrom: home.validFrom });
  }
}

/**
 * A member is suspended, reinstated (active again), leaves or dies, from a given day and for a reason. A
 * suspended member keeps the card, since suspension is lifted by reinstating. Leaving and death end the
 * membership that day and revoke the active card, so the signed revocation list carries it and every kiosk
 * refuses it; they are final. Checked against the home organisation only: the host of a mobile member does
 * not decide it. The reminders hear of it at once, so a member who left or died is not chased for taking no
 * part, and their mobile registration and letters stop being followed up.
 */
export async function changeMemberStatus(ctx: WriteContext, principal: Principal, memberNumber: string, body: ChangeMemberStatusBody): Promise<MemberDetails> {
  const outcome = await decideAgainWhenStale('ERR_MEMBER_STATUS_STALE', async () => {
    const member = await requireMember(ctx.read, memberNumber);
    const home = responsibleHome(await ctx.read.members.periods(member.id));
    authorize(principal, 'member.status.change', home ? { path: home.orgPath } : null);
    assertChangeable(member, body.status);
    const now = ctx.clock.now();
    assertDate(member, home, body, ctx.calendar.dayOf(now));
    return ctx.write.members.changeStatus(
      { memberId: member.id, from: member.status, homePeriodId: home?.id ?? null, to: body.status, on: body.on, reason: body.reason },
      isoTimestamp(now),
      auditActorOf(principal),
    );
  });
  ctx.diagnostics?.notify(touched({ members: [outcome.member.id], transfers: outcome.cancelledTransfers }));
  return memberDetails(ctx, outcome.member);
}

/** The restored member, with what the correction undid and what it left as it was. */
export interface MemberStatusCorrected extends Omit<MemberStatusCorrectionOutcome, 'member' | 'reopenedHomePeriod'> {
  details: MemberDetails;
  reopenedHome: MembershipPeriod | null;
}

/**
 * Puts right a leaving or death recorded by mistake (for the wrong person, or never so): the member has the status
 * they had before that change again, and the home period it closed is open again. What already went out is not
 * taken back: the revoked card stays revoked, since every kiosk refuses it from the signed list (the member needs a
 * new card), and the mobile registrations and letters the change ended stay ended. The correction is a row of its
 * own in the trail, beside the mistaken change, so an auditor sees both.
 */
export async function correctMemberStatus(ctx: WriteContext, principal: Principal, memberNumber: string, body: CorrectMemberStatusBody): Promise<MemberStatusCorrected> {
  const { member: restored, reopenedHomePeriod, ...outcome } = await decideAgainWhenStale('ERR_MEMBER_STATUS_STALE', async () => {
    const member = await requireMember(ctx.read, memberNumber);
    const home = responsibleHome(await ctx.read.members.periods(member.id));
    authorize(principal, 'member.status.correct', home ? { path: home.orgPath } : null);
    if (!endsMembership(member.status)) {
      throw new ApiError(
        'ERR_MEMBER_STATUS_NOT_FINAL',
        `member ${member.memberNumber} is ${member.status}, not recorded as left or deceased, so there is nothing to correct; to change the status, record the change with its day and reason`,
        { status: member.status },
      );
    }
    return ctx.write.members.correctStatus({ memberId: member.id, from: member.status, reason: body.reason }, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
  });
  ctx.diagnostics?.notify(touched({ members: [restored.id] }));
  const details = await memberDetails(ctx, restored);
  return { ...outcome, details, reopenedHome: details.periods.find((period) => period.id === reopenedHomePeriod) ?? null };
}
