import { endMobilePeriod, extendMobilePeriod, getMobilePeriod, listMobilePeriods } from '../../domain/mobile-periods.ts';
import { today } from '../../org-calendar.ts';
import { EndMobileBodySchema, ExtendMobileBodySchema, MobileListQuerySchema, MobileListSchema, MobileParamsSchema, MobilePeriodSchema } from '../../schemas/mobile-periods.ts';
import { mobilePeriodView } from '../mobile-views.ts';
import { userRoute } from '../route.ts';

/** Registering is POST /members/:number/mobile-periods (member routes); these read and change registrations. */
export const mobileRoutes = [
  userRoute({
    method: 'get',
    path: '/mobile-periods',
    summary: 'Mobile registrations hosted by, or of home members of, organisations within reach',
    tags: ['mobile members'],
    action: 'mobile.read',
    query: MobileListQuerySchema,
    responses: [{ status: 200, description: 'a page of registrations, newest first', schema: MobileListSchema }],
    async handle({ ctx, principal, query }) {
      const page = await listMobilePeriods(ctx, principal, query);
      const day = today(ctx);
      return { status: 200, body: { periods: page.periods.map((period) => mobilePeriodView(period, day)), next: page.next } };
    },
  }),
  userRoute({
    method: 'get',
    path: '/mobile-periods/:id',
    summary: 'One mobile registration',
    tags: ['mobile members'],
    action: 'mobile.read',
    params: MobileParamsSchema,
    responses: [{ status: 200, description: 'the registration', schema: MobilePeriodSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: mobilePeriodView(await getMobilePeriod(ctx, principal, params.id), today(ctx)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/mobile-periods/:id/extend',
    summary: 'Extend a running (or not yet begun) registration to a later end',
    tags: ['mobile members'],
    action: 'mobile.update',
    params: MobileParamsSchema,
    body: { schema: ExtendMobileBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the registration', schema: MobilePeriodSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: mobilePeriodView(await extendMobilePeriod(ctx, principal, params.id, body.to), today(ctx)) };
    },
  }),
  userRoute({
    method: 'post',
    path: '/mobile-periods/:id/end',
    summary: 'End a registration early (from today by default)',
    description: 'Ended and lapsed registrations cannot change (409 ERR_MOBILE_PERIOD_CLOSED). A registration lapses by itself after its end date.',
    tags: ['mobile members'],
    action: 'mobile.update',
    params: MobileParamsSchema,
    body: { schema: EndMobileBodySchema, limit: '16kb' },
    responses: [{ status: 200, description: 'the registration', schema: MobilePeriodSchema }],
    async handle({ ctx, principal, params, body }) {
      return { status: 200, body: mobilePeriodView(await endMobilePeriod(ctx, principal, params.id, body.on), today(ctx)) };
    },
  }),
];
