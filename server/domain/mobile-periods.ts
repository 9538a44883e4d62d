import { authorize, authorizeAny, listScope } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { today } from '../org-calendar.ts';
import type { AddMobilePeriodBody } from '../schemas/members.ts';
import type { MobileListQuery, MobileStatus } from '../schemas/mobile-periods.ts';
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

/** The host's organisers register; the member's home organisation stays as it is. */
export async function registerMobilePeriod(ctx: WriteContext, principal: Principal, memberNumber: string, body: AddMobilePeriodBody): Promise<MobilePeriod> {
  const member = await requireMember(ctx.read, memberNumber);
  const org = await requireOrg(ctx.read, body.org);
  authorize(principal, 'member.period.add', org);
  if (body.to !== undefined && body.to <= body.from) throw new ApiError('ERR_PERIOD_INVALID', 'a period must end after it starts');
  const home = (await ctx.read.members.periodsAt(member.id, body.from)).find((period) => period.kind === 'home');
  if (home?.orgId === org.id) throw new ApiError('ERR_PERIOD_INVALID', 'a member cannot be a mobile member of their home organisation');
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

/** Only a registration still running (or not yet begun) changes; an ended or lapsed one is history. */
async function requireChangeable(ctx: ReadContext, principal: Principal, id: number): Promise<{ period: MobilePeriod; today: string }> {
  const period = await requirePeriod(ctx, id);
  authorize(principal, 'mobile.update', { path: period.orgPath });
  const day = today(ctx);
  const status = mobileStatus(period, day);
  if (status === 'ended' || status === 'lapsed') throw new ApiError('ERR_MOBILE_PERIOD_CLOSED', `the mobile period has ${status}`, { id, status });
  return { period, today: day };
}

export async function extendMobilePeriod(ctx: WriteContext, principal: Principal, id: number, to: string): Promise<MobilePeriod> {
  const { period } = await requireChangeable(ctx, principal, id);
  if (period.validTo === null) throw new ApiError('ERR_PERIOD_INVALID', 'the period is open-ended; there is nothing to extend');
  if (to <= period.validTo) throw new ApiError('ERR_PERIOD_INVALID', `an extension must end after ${period.validTo}`, { to: period.validTo });
  return changed(ctx, await ctx.write.mobilePeriods.extend(id, to, isoTimestamp(ctx.clock.now()), auditActorOf(principal)));
}

/** Ends the registration early: from `on` (default today, never in the past) the member is a visitor again. */
export async function endMobilePeriod(ctx: WriteContext, principal: Principal, id: number, on: string | undefined): Promise<MobilePeriod> {
  const { period, today } = await requireChangeable(ctx, principal, id);
  const end = on ?? today;
  if (end < today) throw new ApiError('ERR_PERIOD_INVALID', 'a period cannot be ended in the past; attendance already recorded keeps its standing');
  if (end <= period.validFrom) throw new ApiError('ERR_PERIOD_INVALID', `the period begins ${period.validFrom}; it can end the day after at the earliest`);
  if (period.validTo !== null && end >= period.validTo) throw new ApiError('ERR_PERIOD_INVALID', `the period already ends ${period.validTo}`);
  return changed(ctx, await ctx.write.mobilePeriods.end(id, end, isoTimestamp(ctx.clock.now()), auditActorOf(principal)));
}
