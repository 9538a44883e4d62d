import { v7 as uuidv7 } from 'uuid';
import { authorize, listScope } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { meetingMarker, type CreateMeetingBody, type MeetingListQuery } from '../schemas/meetings.ts';
import type { MeetingTally } from '../store/repositories/attendance.ts';
import type { Meeting } from '../store/repositories/meetings.ts';
import { requireMeeting, requireMeetingKind, requireOrg } from './lookups.ts';
import { assertMeetingSchedule } from './meeting-schedule.ts';
import { touched } from './diagnostics/touched.ts';

/** RFC 3339 with any offset → the stored UTC form, which sorts as text. */
const utc = (timestamp: string): string => new Date(timestamp).toISOString();

/** A meeting as people are shown it: with the members it counts and those refused and not counted. */
export type TalliedMeeting = Meeting & MeetingTally;

async function tallied(ctx: ReadContext, meetings: Meeting[]): Promise<TalliedMeeting[]> {
  const tallies = await ctx.read.attendance.tallies(meetings.map((meeting) => meeting.id));
  return meetings.map((meeting) => ({ ...meeting, ...tallies.get(meeting.id)! }));
}

/** A retired kind is refused by the writer, as its turn comes: a retirement made meanwhile holds. */
export async function scheduleMeeting(ctx: WriteContext, principal: Principal, body: CreateMeetingBody): Promise<TalliedMeeting> {
  const org = await requireOrg(ctx.read, body.org);
  authorize(principal, 'meeting.create', org);
  const kind = await requireMeetingKind(ctx.read, body.kind);
  const startsAt = utc(body.startsAt);
  const endsAt = utc(body.endsAt);
  assertMeetingSchedule(ctx, startsAt, endsAt);
  const meeting = await ctx.write.meetings.schedule(
    {
      id: uuidv7(),
      orgId: org.id,
      kind: kind.code,
      title: body.title ?? kind.nameZh,
      place: body.place ?? null,
      startsAt,
      endsAt,
      createdByUser: principal.kind === 'user' ? principal.user.id : null,
    },
    isoTimestamp(ctx.clock.now()),
    auditActorOf(principal),
  );
  // A meeting planned before its due date quiets the "due soon" reminder.
  ctx.diagnostics?.notify(touched({ orgs: [org.id] }));
  return (await tallied(ctx, [meeting]))[0]!;
}

/** A page of the meetings within reach (or of `org`) that start in the window, by start. */
export async function listMeetings(ctx: ReadContext, principal: Principal, query: MeetingListQuery): Promise<{ meetings: TalliedMeeting[]; next: string | null }> {
  const requested = query.org === undefined ? undefined : await requireOrg(ctx.read, query.org);
  const window = { from: query.from === undefined ? undefined : utc(query.from), to: query.to === undefined ? undefined : utc(query.to) };
  const page = await ctx.read.meetings.page(listScope(principal, 'meeting.read', requested), window, query.after, query.limit + 1);
  const meetings = page.slice(0, query.limit);
  return { meetings: await tallied(ctx, meetings), next: page.length > query.limit ? meetingMarker(meetings.at(-1)!) : null };
}

export async function getMeeting(ctx: ReadContext, principal: Principal, id: string): Promise<TalliedMeeting> {
  const meeting = await requireMeeting(ctx.read, id);
  authorize(principal, 'meeting.read', { path: meeting.orgPath });
  return (await tallied(ctx, [meeting]))[0]!;
}
