import { listAttendance } from '../../domain/attendance.ts';
import { addMeetingKind, listMeetingKinds, renameMeetingKind, retireMeetingKind } from '../../domain/meeting-kinds.ts';
import { getMeeting, listMeetings, scheduleMeeting } from '../../domain/meetings.ts';
import { listRefusedCheckins } from '../../domain/refused-checkins.ts';
import {
  AttendanceListSchema,
  CreateMeetingBodySchema,
  CreateMeetingKindBodySchema,
  MeetingKindListQuerySchema,
  MeetingKindListSchema,
  MeetingKindParamsSchema,
  MeetingKindSchema,
  MeetingListQuerySchema,
  MeetingListSchema,
  MeetingParamsSchema,
  MeetingSchema,
  RefusedCheckinListSchema,
  RenameMeetingKindBodySchema,
} from '../../schemas/meetings.ts';
import { userRoute } from '../route.ts';
import { attendanceView, meetingView, refusedCheckinView } from '../views.ts';

export const meetingRoutes = [
  userRoute({
    method: 'get',
    path: '/meeting-kinds',
    summary: 'The meeting kinds in use (with retired=true, the retired ones too)',
    tags: ['meetings'],
    action: 'session.read',
    query: MeetingKindListQuerySchema,
    responses: [{ status: 200, description: 'the kinds', schema: MeetingKindListSchema }],
    async handle({ ctx, query }) {
      return { status: 200, body: { kinds: await listMeetingKinds(ctx, query.retired) } };
    },
  }),
  userRoute({
    method: 'post',
    path: '/meeting-kinds',
    summary: 'Add a meeting kind (admins)',
    description: 'How often a kind is due is a reminder threshold (`meeting-cadence.every`, PUT /diagnostics/thresholds), not part of the kind.',
    tags: ['meetings'],
    action: 'meeting-kind.manage',
    body: { schema: CreateMeetingKindBodySchema, limit: '16kb' },
    responses: [{ status: 201, description: 'added', schema: MeetingKindSchema }],
    async handle({ ctx, principal, body }) {
      return { status: 201, body: await addMeetingKind(ctx, principal, body) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/meeting-kinds/:code/rename',
    summary: 'Rename a meeting kind, in Chinese, English or both (admins); its code stays',
    tags: ['meetings'],
    action: 'meeting-kind.manage',
    params: MeetingKindParamsSchema,
    body: { schema: RenameMeetingKindBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the kind, renamed', schema: MeetingKindSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: await renameMeetingKind(ctx, principal, params.code, body) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/meeting-kinds/:code/retire',
    summary: 'Retire a meeting kind (admins): no new meetings of it, scheduled or opened at a kiosk; past meetings keep it',
    tags: ['meetings'],
    action: 'meeting-kind.manage',
    params: MeetingKindParamsSchema,
    responses: [{ status: 200, description: 'the kind, retired', schema: MeetingKindSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: await retireMeetingKind(ctx, principal, params.code) };
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
    summary: 'Meetings within reach (or of `org`) that start in the from/to window, by start, a page at a time',
    tags: ['meetings'],
    action: 'meeting.read',
    query: MeetingListQuerySchema,
    responses: [{ status: 200, description: 'the meetings', schema: MeetingListSchema }],
    async handle({ ctx, principal, query }) {
      const { meetings, next } = await listMeetings(ctx, principal, query);
      return { status: 200, body: { meetings: meetings.map(meetingView), next } };
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
  userRoute({
    method: 'get',
    path: '/meetings/:id/refused-checkins',
    summary: 'Check-ins naming the meeting that the server refused after the kiosk had shown them as done, with why and what to do',
    description: 'Each refused check-in event, by tap time; `counted` marks a member counted all the same by another tap. `reason` says what the refusal asks of people.',
    tags: ['meetings'],
    action: 'attendance.read',
    params: MeetingParamsSchema,
    responses: [{ status: 200, description: 'the refused check-ins', schema: RefusedCheckinListSchema }],
    async handle({ ctx, principal, params }) {
      const refused = await listRefusedCheckins(ctx, principal, params.id);
      return { status: 200, body: { meeting: params.id, refused: refused.map(refusedCheckinView) } };
    },
  }),
];
