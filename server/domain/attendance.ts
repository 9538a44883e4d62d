import { authorize } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { ReadContext } from '../context.ts';
import type { AttendedAs } from '../schemas/meetings.ts';
import type { AttendanceRecord } from '../store/repositories/attendance.ts';
import type { MembershipPeriod } from '../store/repositories/members.ts';
import { requireMeeting } from './lookups.ts';

export interface AttendanceFacts {
  homeOrgId: number | null;
  crossOrg: boolean;
  attendedAs: AttendedAs;
}

/**
 * How a member took part in a meeting hosted by `hostOrgId`, from the periods covering the meeting
 * date: at home, as a registered mobile member of the host, or as a visitor. For event ingest.
 */
export function classifyAttendance(periodsAtMeeting: MembershipPeriod[], hostOrgId: number): AttendanceFacts {
  const home = periodsAtMeeting.find((period) => period.kind === 'home');
  const homeOrgId = home?.orgId ?? null;
  if (homeOrgId === hostOrgId) return { homeOrgId, crossOrg: false, attendedAs: 'home' };
  const mobile = periodsAtMeeting.some((period) => period.kind === 'mobile' && period.orgId === hostOrgId);
  return { homeOrgId, crossOrg: true, attendedAs: mobile ? 'mobile' : 'visitor' };
}

export async function listAttendance(ctx: ReadContext, principal: Principal, meetingId: string): Promise<AttendanceRecord[]> {
  const meeting = await requireMeeting(ctx.read, meetingId);
  authorize(principal, 'attendance.read', { path: meeting.orgPath });
  return ctx.read.attendance.forMeeting(meeting.id);
}
