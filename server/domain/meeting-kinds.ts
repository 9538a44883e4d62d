import { authorize } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import type { CreateMeetingKindBody, RenameMeetingKindBody } from '../schemas/meetings.ts';
import type { MeetingKind } from '../store/repositories/meetings.ts';

/** The kinds in use, for choosing one; with `retired`, also those that only name past meetings. */
export async function listMeetingKinds(ctx: ReadContext, retired: boolean): Promise<MeetingKind[]> {
  const kinds = await ctx.read.meetings.kinds();
  return retired ? kinds : kinds.filter((kind) => kind.active);
}

/**
 * Meetings of a new kind can be scheduled at once, and a kiosk's `meeting.open` of it is accepted. It is
 * required of nobody until a reminder threshold (`meeting-cadence.every`) names it. Thresholds are set only for
 * configured kinds, yet a row stored before they were checked may name it already: the reminders are recomputed.
 */
export async function addMeetingKind(ctx: WriteContext, principal: Principal, body: CreateMeetingKindBody): Promise<MeetingKind> {
  authorize(principal, 'meeting-kind.manage', null);
  const kind = await ctx.write.meetings.addKind(body, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
  ctx.diagnostics?.notify({ kind: 'all' });
  return kind;
}

/** Names only: the code, which meetings and thresholds refer to, stays. */
export async function renameMeetingKind(ctx: WriteContext, principal: Principal, code: string, body: RenameMeetingKindBody): Promise<MeetingKind> {
  authorize(principal, 'meeting-kind.manage', null);
  return ctx.write.meetings.renameKind(code, body, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
}

/**
 * A retired kind can no longer be scheduled or opened at a kiosk; meetings already held or planned keep it.
 * As none can be planned any more, no organisation is reminded to hold one: the reminders are recomputed.
 */
export async function retireMeetingKind(ctx: WriteContext, principal: Principal, code: string): Promise<MeetingKind> {
  authorize(principal, 'meeting-kind.manage', null);
  const kind = await ctx.write.meetings.retireKind(code, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
  ctx.diagnostics?.notify({ kind: 'all' });
  return kind;
}
