import { isoTimestamp } from '../../clock.ts';
import { HealthSchema } from '../../schemas/health.ts';
import { publicRoute } from '../route.ts';

export const healthRoutes = [
  publicRoute({
    method: 'get',
    path: '/health',
    summary: "Liveness, database reachability, and the organisation's time zone",
    tags: ['system'],
    responses: [
      { status: 200, description: 'healthy', schema: HealthSchema },
      { status: 503, description: 'the database does not answer', schema: HealthSchema },
    ],
    async handle({ ctx }) {
      const dbOk = await ctx.read.ping();
      return {
        status: dbOk ? 200 : 503,
        headers: { 'Cache-Control': 'no-store' },
        body: { status: dbOk ? 'ok' : 'degraded', db: dbOk ? 'ok' : 'unavailable', serverTime: isoTimestamp(ctx.clock.now()), timeZone: ctx.calendar.timeZone },
      };
    },
  }),
];
