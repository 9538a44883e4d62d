import { addYears } from '../../shared/org-calendar.ts';
import { authorize, authorizeAny, listScope } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { today } from '../org-calendar.ts';
import type { AddMobilePeriodBody } from '../schemas/members.ts';
import type { MobileListQuery, MobileStatus } from '../schemas/mobile-periods.ts';
import type { Member } from '../store/repositories/members.ts';
import type { MobilePeriod } from '../store/repositories/mobile-periods.ts';
import { requireMember, requireOrg } from './lookups.ts';
import { touched } from './diagnostics/touched.ts';

/** Where a registration stands on `today` (YYYY-MM-DD). Lapsing needs no write: it is the date passing. */
export function mobileStatus(period: Pick<MobilePeriod, 'validFrom' | 'validTo' | 'endedAt'>, today: string): MobileStatus {
  if (period.validFrom > today) return 'scheduled';
  if (period.validTo === null || period.validTo > today) return 'active';
  return period.endedAt === null ? 'lapsed' : 'ended';
}

/** A registration's reminders follow its changes at once. */
function changed(ctx: WriteContext, period: MobilePeriod): MobilePeriod {
  ctx.diagnostics?.notify(touched({ members: [period.memberId] }));
  return period;
}

async function requirePeriod(ctx: ReadContext, id: number): Promise<MobilePeriod> {
  const period = await ctx.read.mobilePeriods.byId(id);
  if (!period) throw new ApiError('ERR_MOBILE_PERIOD_NOT_FOUND', `no mobile period has id ${id}`, { id });
  return period;
}

/**
 * How far ahead a registration's dates may go. A registration begins at most a year ahead, and ends at most five years
 * ahead: a stay whose end is not known is registered open-ended and ended when the member is back, so a date further
 * out is a typing mistake (9999 for 2029), not a plan.
 */
export const MOBILE_PERIOD_LIMITS = { startYearsAhead: 1, endYearsAhead: 5 } as const;

/** ERR_PERIOD_INVALID when a registration's end (registered, extended or ended early) is further ahead than MOBILE_PERIOD_LIMITS allows. */
function assertEndDate(ctx: ReadContext, to: string): void {
  const latest = addYears(today(ctx), MOBILE_PERIOD_LIMITS.endYearsAhead);
  if (to > latest) throw new ApiError('ERR_PERIOD_INVALID', `a registration ends at most ${MOBILE_PERIOD_LIMITS.endYearsAhead} years ahead, by ${latest}: leave the end out when it is not known`, { to, latest });
}

/** ERR_PERIOD_INVALID when a registration would begin before the member's membership began, or too far ahead. */
async function assertStartDate(ctx: ReadContext, member: Member, from: string): Promise<void> {
  const joined = (await ctx.read.members.periods(member.id)).filter((period) => period.kind === 'home').map((period) => period.validFrom).sort()[0];
  if (joined !== undefined && from < joined) throw new ApiError('ERR_PERIOD_INVALID', `a registration cannot begin before the member's membership began, on ${joined}`, { from, joined });
  const latest = addYears(today(ctx), MOBILE_PERIOD_LIMITS.startYearsAhead);
  if (from > latest) throw new ApiError('ERR_PERIOD_INVALID', `a registration begins at most a year ahead, by ${latest}`, { from, latest });
}

/**
 * The host's organisers register; the member's home organisation stays as it is. The writer refuses a host that is
 * the member's home on the first day, and a time another registration covers: checked as the write takes its turn,
 * since a transfer accepted meanwhile can move the member's home to the host.
 */
export async function registerMobilePeriod(ctx: WriteContext, principal: Principal, memberNumber: string, body: AddMobilePeriodBody): Promise<MobilePeriod> {
  const member = await requireMember(ctx.read, memberNumber);
  const org = await requireOrg(ctx.read, body.org);
  authorize(principal, 'member.period.add', org);
  if (body.to !== undefined && body.to <= body.from) throw new ApiError('ERR_PERIOD_INVALID', 'a period must end after it starts');
  await assertStartDate(ctx, member, body.from);
  if (body.to !== undefined) assertEndDate(ctx, body.to);
  return changed(ctx, await ctx.write.mobilePeriods.register(
    { memberId: member.id, orgId: org.id, validFrom: body.from, validTo: body.to ?? null, reason: body.reason ?? null },
    isoTimestamp(ctx.clock.now()),
    auditActorOf(principal),
  ));
}

/** A registration concerns the host and the home organisation: reach over either shows it. */
export async function getMobilePeriod(ctx: ReadContext, principal: Principal, id: number): Promise<MobilePeriod> {
  const period = await requirePeriod(ctx, id);
  authorizeAny(principal, 'mobile.read', [{ path: period.orgPath }, ...(period.homeOrgPath === null ? [] : [{ path: period.homeOrgPath }])]);
  return period;
}

export async function listMobilePeriods(ctx: ReadContext, principal: Principal, query: MobileListQuery): Promise<{ periods: MobilePeriod[]; next: string | null }> {
  const requested = query.org === undefined ? undefined : await requireOrg(ctx.read, query.org);
  const member = query.member === undefined ? undefined : await requireMember(ctx.read, query.member);
  const page = await ctx.read.mobilePeriods.list({
    scope: listScope(principal, 'mobile.read', requested),
    memberId: member?.id,
    status: query.status,
    today: today(ctx),
    before: query.before,
    limit: query.limit + 1,
  });
  const periods = page.slice(0, query.limit);
  return { periods, next: page.length > query.limit ? String(periods.at(-1)?.id) : null };
}

/**
 * The host changes a registration. Whether it still runs (an ended or lapsed one is history), and whether the change
 * fits it, the writer checks as its turn comes: two changes sent at once are each judged on what the other left.
 */
async function requireHostedWithinReach(ctx: ReadContext, principal: Principal, id: number): Promise<void> {
  const period = await requirePeriod(ctx, id);
  authorize(principal, 'mobile.update', { path: period.orgPath });
}

export async function extendMobilePeriod(ctx: WriteContext, principal: Principal, id: number, to: string): Promise<MobilePeriod> {
  await requireHostedWithinReach(ctx, principal, id);
  assertEndDate(ctx, to);
  return changed(ctx, await ctx.write.mobilePeriods.extend(id, to, today(ctx), isoTimestamp(ctx.clock.now()), auditActorOf(principal)));
}

/** Ends the registration early: from `on` (default today, never in the past) the member is a visitor again. */
export async function endMobilePeriod(ctx: WriteContext, principal: Principal, id: number, on: string | undefined): Promise<MobilePeriod> {
  await requireHostedWithinReach(ctx, principal, id);
  if (on !== undefined) assertEndDate(ctx, on);
  const day = today(ctx);
  return changed(ctx, await ctx.write.mobilePeriods.end(id, on ?? day, day, isoTimestamp(ctx.clock.now()), auditActorOf(principal)));
}
