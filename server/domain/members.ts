import { residentIdHash } from '../../shared/issuance/id-hash.ts';
import { authorize, authorizeAny, listScope } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { MemberDataContext, ReadContext } from '../context.ts';
import { idNumberProblem, normaliseIdNumber, type IdNumberProblem } from '../crypto/gb11643.ts';
import { ApiError, isApiError } from '../errors.ts';
import { today } from '../org-calendar.ts';
import type { CreateMemberBody } from '../schemas/members.ts';
import type { Card } from '../store/repositories/cards.ts';
import type { Member, MemberSummary, MembershipPeriod } from '../store/repositories/members.ts';
import { requireMember, requireOrg } from './lookups.ts';
import { assertMembershipStart } from './membership-start.ts';

export interface MemberDetails {
  member: Member;
  homeOrgCode: string | null;
  periods: MembershipPeriod[];
  cards: Card[];
}

const PROBLEM_TEXT: Record<IdNumberProblem, string> = {
  'format': 'an ID number is 17 digits followed by a digit or X',
  'birth-date': 'the birth date inside the ID number is not a real date',
  'check-digit': 'the check digit does not match (GB 11643 / ISO 7064 MOD 11-2)',
};

/** ERR_ID_NUMBER_INVALID with the reason; the number itself is never echoed back or logged. */
export function assertValidIdNumber(idNumber: string): string {
  const problem = idNumberProblem(idNumber);
  if (problem) throw new ApiError('ERR_ID_NUMBER_INVALID', PROBLEM_TEXT[problem], { reason: problem });
  return normaliseIdNumber(idNumber);
}

export const idNumberProblemText = (problem: IdNumberProblem): string => PROBLEM_TEXT[problem];

/** Seals the clear number and derives its `idh`; after this the clear number is dropped. */
export async function protectIdNumber(ctx: MemberDataContext, idNumber: string, memberNumber: string): Promise<{ sealed: Uint8Array; idh: string }> {
  return { sealed: ctx.idNumbers.encrypt(idNumber, memberNumber), idh: await residentIdHash(idNumber, ctx.idHashKey) };
}

export async function createMember(ctx: MemberDataContext, principal: Principal, body: CreateMemberBody): Promise<MemberDetails> {
  const idNumber = assertValidIdNumber(body.idNumber);
  const org = await requireOrg(ctx.read, body.homeOrg);
  authorize(principal, 'member.create', org);
  const now = ctx.clock.now();
  const day = ctx.calendar.dayOf(now);
  const since = body.since ?? day;
  assertMembershipStart(since, idNumber, day);
  const { sealed, idh } = await protectIdNumber(ctx, idNumber, body.memberNumber);
  const member = await ctx.write.members.create(
    { memberNumber: body.memberNumber, name: body.name, idNumberSealed: sealed, idh, homeOrgId: org.id, since },
    isoTimestamp(now),
    auditActorOf(principal),
  );
  // The diagnostics are not told: a new member's six-month count starts at their creation, and nothing else
  // a rule reads (letters, mobile registrations, cards) exists for them yet, so no reminder can concern them.
  return memberDetails(ctx, member);
}

export async function memberDetails(ctx: ReadContext, member: Member): Promise<MemberDetails> {
  const [periods, cards] = await Promise.all([ctx.read.members.periods(member.id), ctx.read.cards.forMember(member.id)]);
  const day = today(ctx);
  const home = periods.find((period) => period.kind === 'home' && period.validFrom <= day && (period.validTo === null || period.validTo > day));
  return { member, homeOrgCode: home?.orgCode ?? null, periods, cards };
}

/**
 * A member is visible to whoever may see any organisation the member belongs to today (home or
 * mobile), or, for a member who belongs nowhere today, any organisation they ever belonged to.
 */
export async function authorizeMemberAccess(ctx: ReadContext, principal: Principal, action: 'member.read' | 'card.read' | 'card.register' | 'card.revoke' | 'card.replace', member: Member): Promise<void> {
  const current = await ctx.read.members.periodsAt(member.id, today(ctx));
  const periods = current.length > 0 ? current : await ctx.read.members.periods(member.id);
  authorizeAny(principal, action, periods.map((period) => ({ path: period.orgPath })));
}

export async function getMember(ctx: ReadContext, principal: Principal, memberNumber: string): Promise<MemberDetails> {
  const member = await requireMember(ctx.read, memberNumber);
  await authorizeMemberAccess(ctx, principal, 'member.read', member);
  return memberDetails(ctx, member);
}

/**
 * Finds a member by resident ID number through its keyed hash; the number is not stored in clear. A member outside the
 * caller's reach is answered as nobody: a refusal would tell anyone signed in that the number is a member's, somewhere.
 */
export async function findMemberByIdNumber(ctx: ReadContext & { idHashKey: Uint8Array }, principal: Principal, idNumberText: string): Promise<MemberDetails> {
  const idNumber = assertValidIdNumber(idNumberText);
  const member = await ctx.read.members.byIdh(await residentIdHash(idNumber, ctx.idHashKey));
  const nobody = () => new ApiError('ERR_MEMBER_NOT_FOUND', 'no member within your reach has this ID number: check the number against the ID card');
  if (!member) throw nobody();
  try {
    await authorizeMemberAccess(ctx, principal, 'member.read', member);
  } catch (error) {
    throw isApiError(error) && error.code === 'ERR_OUT_OF_SCOPE' ? nobody() : error;
  }
  return memberDetails(ctx, member);
}

export async function listMembers(
  ctx: ReadContext,
  principal: Principal,
  query: { org?: string; after?: string; limit: number },
): Promise<{ members: MemberSummary[]; next: string | null }> {
  const requested = query.org === undefined ? undefined : await requireOrg(ctx.read, query.org);
  const filter = listScope(principal, 'member.read', requested);
  const page = await ctx.read.members.listByHome(filter, today(ctx), { after: query.after, limit: query.limit + 1 });
  const members = page.slice(0, query.limit);
  return { members, next: page.length > query.limit ? (members.at(-1)?.memberNumber ?? null) : null };
}
