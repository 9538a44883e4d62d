import { isoTimestamp } from '../../clock.ts';
import { kioskConfig } from '../../domain/kiosk-config.ts';
import { createEnrolmentToken, enrollKiosk } from '../../domain/kiosk-enrolment.ts';
import { disableKiosk, listKiosks } from '../../domain/kiosks.ts';
import {
  CreateEnrolmentTokenBodySchema,
  EnrollBodySchema,
  EnrollResultSchema,
  EnrolmentTokenSchema,
  KioskConfigSchema,
  KioskListQuerySchema,
  KioskListSchema,
  KioskParamsSchema,
  KioskSchema,
  ServerPublicKeySchema,
} from '../../schemas/kiosks.ts';
import { matchesIfNoneMatch } from '../etag.ts';
import { kioskRoute, publicRoute, userRoute } from '../route.ts';
import { kioskListEntryView, kioskView } from '../views.ts';

export const kioskRoutes = [
  userRoute({
    method: 'post',
    path: '/kiosks/enrolment-tokens',
    summary: 'Create a one-time enrolment token binding the next kiosk to an organisation',
    tags: ['kiosks'],
    action: 'kiosk.token.create',
    body: { schema: CreateEnrolmentTokenBodySchema, limit: '16kb' },
    responses: [{ status: 201, description: 'the token, shown only this once', schema: EnrolmentTokenSchema }],
    async handle({ ctx, principal, body }) {
      const created = await createEnrolmentToken(ctx, principal, body);
      return { status: 201, body: { token: created.token, org: created.orgCode, expiresAt: created.expiresAt } };
    },
  }),
  publicRoute({
    method: 'post',
    path: '/kiosks/enroll',
    summary: "Enrol a kiosk's Ed25519 key with a one-time token",
    tags: ['kiosks'],
    body: { schema: EnrollBodySchema, limit: '16kb' },
    responses: [{ status: 201, description: 'enrolled; kioskId is the key thumbprint', schema: EnrollResultSchema }],
    async handle({ ctx, body }) {
      const kiosk = await enrollKiosk(ctx, body);
      return { status: 201, body: { kioskId: kiosk.kid, org: kiosk.orgCode, serverTime: isoTimestamp(ctx.clock.now()), serverKey: ctx.signingKey.publicJwk } };
    },
  }),
  userRoute({
    method: 'get',
    path: '/kiosks',
    summary: 'Kiosks within reach (or of `org`, or matching `search`), each with when it was last heard from, its clock offset and its reported backlog, by name, a page at a time',
    tags: ['kiosks'],
    action: 'kiosk.read',
    query: KioskListQuerySchema,
    responses: [{ status: 200, description: 'the kiosks', schema: KioskListSchema }],
    async handle({ ctx, principal, query }) {
      const { kiosks, next } = await listKiosks(ctx, principal, query);
      return { status: 200, body: { kiosks: kiosks.map(kioskListEntryView), next } };
    },
  }),
  userRoute({
    method: 'post',
    path: '/kiosks/:kid/disable',
    summary: 'Disable a kiosk: its tokens are refused from now on',
    tags: ['kiosks'],
    action: 'kiosk.disable',
    params: KioskParamsSchema,
    responses: [{ status: 200, description: 'the disabled kiosk', schema: KioskSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: kioskView(await disableKiosk(ctx, principal, params.kid)) };
    },
  }),
  kioskRoute({
    method: 'get',
    path: '/kiosk/config',
    summary: 'Everything a kiosk needs offline (issuers, signed revocations, roster, meetings, meeting kinds, transfers)',
    description:
      'Carries a strong ETag over the content without serverTime; send it back in If-None-Match to get 304 when nothing changed. The roster is read again only after a change to it (or when the organisation’s day turns), so a 304 costs the server a few small reads.',
    tags: ['kiosks'],
    responses: [
      { status: 200, description: 'the configuration', schema: KioskConfigSchema },
      { status: 304, description: 'unchanged since the ETag sent' },
    ],
    async handle({ ctx, kiosk, req }) {
      const config = await kioskConfig(ctx, kiosk);
      const headers = { 'ETag': config.etag, 'Cache-Control': 'no-cache' };
      if (matchesIfNoneMatch(req.get('if-none-match'), config.etag)) return { status: 304, headers };
      return { status: 200, headers, body: { ...config.content(), serverTime: isoTimestamp(ctx.clock.now()) } };
    },
  }),
  publicRoute({
    method: 'get',
    path: '/server-key',
    summary: "The server's Ed25519 public key, which signs revocation lists",
    tags: ['kiosks'],
    responses: [{ status: 200, description: 'the public JWK', schema: ServerPublicKeySchema }],
    async handle({ ctx }) {
      return { status: 200, body: ctx.signingKey.publicJwk };
    },
  }),
];
