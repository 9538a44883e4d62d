import { listAttendance } from '../../domain/attendance.ts';
import { getMeeting, listMeetings, scheduleMeeting } from '../../domain/meetings.ts';
import {
  AttendanceListSchema,
  CreateMeetingBodySchema,
  MeetingKindListSchema,
  MeetingListQuerySchema,
  MeetingListSchema,
  MeetingParamsSchema,
  MeetingSchema,
} from '../../schemas/meetings.ts';
import { userRoute } from '../route.ts';
import { attendanceView, meetingView } from '../views.ts';

export const meetingRoutes = [
  userRoute({
    method: 'get',
    path: '/meeting-kinds',
    summary: 'The configured meeting kinds',
    tags: ['meetings'],
    action: 'session.read',
    responses: [{ status: 200, description: 'the kinds', schema: MeetingKindListSchema }],
    async handle({ ctx }) {
      return { status: 200, body: { kinds: await ctx.read.meetings.kinds() } };
    },
  }),
  userRoute({
    method: 'post',
    path: '/meetings',
    summary: 'Schedule a meeting (secretaries: for their own organisation)',
    tags: ['meetings'],
    action: 'meeting.create',
    body: { schema: CreateMeetingBodySchema, limit: '16kb' },
    responses: [{ status: 201, description: 'scheduled', schema: MeetingSchema }],
    async handle({ ctx, principal, body }) {
      return { status: 201, body: meetingView(await scheduleMeeting(ctx, principal, body)) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/meetings',
    summary: 'Meetings within reach (or of `org`) overlapping the from/to window',
    tags: ['meetings'],
    action: 'meeting.read',
    query: MeetingListQuerySchema,
    responses: [{ status: 200, description: 'the meetings', schema: MeetingListSchema }],
    async handle({ ctx, principal, query }) {
      return { status: 200, body: { meetings: (await listMeetings(ctx, principal, query)).map(meetingView) } };
    },
  }),
  userRoute({
    method: 'get',
    path: '/meetings/:id',
    summary: 'One meeting',
    tags: ['meetings'],
    action: 'meeting.read',
    params: MeetingParamsSchema,
    responses: [{ status: 200, description: 'the meeting', schema: MeetingSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: meetingView(await getMeeting(ctx, principal, params.id)) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/meetings/:id/attendance',
    summary: 'Who attended the meeting, with home organisation and cross-organisation flag',
    tags: ['meetings'],
    action: 'attendance.read',
    params: MeetingParamsSchema,
    responses: [{ status: 200, description: 'the attendance', schema: AttendanceListSchema }],
    async handle({ ctx, principal, params }) {
      const records = await listAttendance(ctx, principal, params.id);
      return { status: 200, body: { meeting: params.id, attendance: records.map(attendanceView) } };
    },
  }),
];
