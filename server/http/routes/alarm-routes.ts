import { listAlarms } from '../../domain/alarms.ts';
import { AlarmListQuerySchema, AlarmListSchema } from '../../schemas/alarms.ts';
import { userRoute } from '../route.ts';
import { alarmView } from '../alarm-view.ts';

export const alarmRoutes = [
  userRoute({
    method: 'get',
    path: '/alarms',
    summary: 'Alarms raised by event ingest (forked kiosk, broken chain, cloned card, replayed tap, clock skew) within reach, newest first, page by page',
    description: 'Filter by organisation (its subtree), kiosk and type; `next` pages (pass it as `before`). A `before` that is not a page marker is 400 ERR_VALIDATION.',
    tags: ['alarms'],
    action: 'alarm.read',
    query: AlarmListQuerySchema,
    responses: [{ status: 200, description: 'the alarms', schema: AlarmListSchema }],
    async handle({ ctx, principal, query }) {
      const page = await listAlarms(ctx, principal, query);
      return { status: 200, body: { alarms: page.alarms.map(alarmView), next: page.next } };
    },
  }),
];
