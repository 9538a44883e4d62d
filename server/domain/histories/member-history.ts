import { authorizeAny, listScope } from '../../auth/policy.ts';
import type { Principal } from '../../auth/principal.ts';
import { isoTimestamp } from '../../clock.ts';
import type { ReadContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import type { MemberHistoryQuery } from '../../schemas/histories.ts';
import { isWithin, type OrgFilter } from '../../store/org-filter.ts';
import type { AttendancePosition, HistoryPeriod, MemberAttendance } from '../../store/repositories/histories.ts';
import type { Member } from '../../store/repositories/members.ts';
import type { MobilePeriod } from '../../store/repositories/mobile-periods.ts';
import type { Transfer } from '../../store/repositories/transfers.ts';
import { requireMeetingKind, requireMember } from '../lookups.ts';
import { asOf } from '../transfers/transfer-status.ts';
import { dayWindow } from './day-window.ts';

/** Every attendance of one member a CSV export holds at most; no member comes near it. */
export const MAX_EXPORT_ROWS = 100_000;

export interface MemberHistory {
  member: Member;
  periods: HistoryPeriod[];
  mobile: MobilePeriod[];
  transfers: Transfer[];
  attendance: MemberAttendance[];
  total: number;
  next: string | null;
}

const encodeCursor = (position: AttendancePosition): string => Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');

function decodeCursor(cursor: string): AttendancePosition {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && at.length <= 40 && Number.isSafeInteger(id) && (id as number) > 0) return { at, id: id as number };
  } catch {
    // fall through to the refusal: a cursor is only ever one this server made
  }
  throw new ApiError('ERR_CURSOR_INVALID', 'the cursor is not one this server gave; start again without it');
}

/**
 * The member's history as far as it touches the principal's reach. Opening it needs a period (home or
 * mobile, at any time) within reach, so an auditor of one subtree cannot look into a member who never
 * belonged there; what is shown is then what touches the reach: periods there, letters from or to
 * there, meetings hosted there or attended while a member there.
 */
export async function memberHistory(ctx: ReadContext, principal: Principal, memberNumber: string, query: MemberHistoryQuery, exportAll = false): Promise<MemberHistory> {
  const member = await requireMember(ctx.read, memberNumber);
  const scope = await memberScope(ctx, principal, member);
  // A mistyped kind would read as "never attended one"; retired kinds are still known (old meetings have them).
  if (query.kind !== undefined) await requireMeetingKind(ctx.read, query.kind);
  const window = dayWindow(query, ctx.calendar);
  const attendanceQuery = { window, kind: query.kind, scope };
  const limit = exportAll ? MAX_EXPORT_ROWS : query.limit;
  const after = query.cursor === undefined || exportAll ? undefined : decodeCursor(query.cursor);
  const now = isoTimestamp(ctx.clock.now());
  const [periods, mobile, transfers, page, total] = await Promise.all([
    ctx.read.memberHistory.homePeriods(member.id, window),
    ctx.read.memberHistory.mobilePeriods(member.id, window),
    ctx.read.memberHistory.transfers(member.id, window),
    ctx.read.memberHistory.attendance(member.id, attendanceQuery, { after, limit: limit + 1 }),
    ctx.read.memberHistory.countAttendance(member.id, attendanceQuery),
  ]);
  const attendance = page.slice(0, limit);
  const last = attendance.at(-1);
  return {
    member,
    periods: periods.filter((period) => isWithin(period.orgPath, scope)),
    mobile: mobile.filter((period) => isWithin(period.orgPath, scope) || (period.homeOrgPath !== null && isWithin(period.homeOrgPath, scope))),
    transfers: transfers.filter((letter) => isWithin(letter.fromOrgPath, scope) || isWithin(letter.toOrgPath, scope)).map((letter) => asOf(letter, now)),
    attendance,
    total,
    next: page.length > limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
  };
}

/** The principal's reach, once a period of the member (ever) is within it. */
export async function memberScope(ctx: ReadContext, principal: Principal, member: Member): Promise<OrgFilter> {
  const periods = await ctx.read.members.periods(member.id);
  authorizeAny(principal, 'history.read', periods.map((period) => ({ path: period.orgPath })));
  return listScope(principal, 'history.read');
}
