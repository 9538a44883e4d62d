import { memberBundle, orgBundle } from '../../domain/bundles.ts';
import { BundleQuerySchema, BundleSchema } from '../../schemas/bundles.ts';
import { MemberParamsSchema } from '../../schemas/members.ts';
import { OrgParamsSchema } from '../../schemas/orgs.ts';
import { userRoute } from '../route.ts';

const OFFLINE =
  'Check it offline with `npm run verify -- BUNDLE`: kiosk signatures, card presence signatures and credential chains at each event’s time, each card against the signed revocation list at its tap, and each event’s inclusion in the log against the bundled checkpoint. Compare the bundled log verifier key and issuer keys with the ones published out of band, or give yours (`--key`, `--issuer FILE`); `npm run verify -- --monitor URL BUNDLE` proves the checkpoint part of the log everybody is shown.';

const download = (name: string) => ({ 'Content-Disposition': `attachment; filename="${name}.bundle.json"` });

export const bundleRoutes = [
  userRoute({
    method: 'get',
    path: '/members/:number/bundle',
    summary: 'A verifiable bundle of a member’s attendance and kiosk transfer acceptances in a window',
    description: `What is included follows the member history’s scope. ${OFFLINE}`,
    tags: ['histories'],
    action: 'history.read',
    params: MemberParamsSchema,
    query: BundleQuerySchema,
    responses: [{ status: 200, description: 'the bundle', schema: BundleSchema }],
    async handle({ ctx, principal, params, query }) {
      return { status: 200, headers: download(`member-${params.number}`), body: await memberBundle(ctx, principal, params.number, query) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/orgs/:code/bundle',
    summary: 'A verifiable bundle of the check-ins at an organisation’s meetings and the letters accepted at its kiosks, in a window',
    description: OFFLINE,
    tags: ['histories'],
    action: 'history.read',
    params: OrgParamsSchema,
    query: BundleQuerySchema,
    responses: [{ status: 200, description: 'the bundle', schema: BundleSchema }],
    async handle({ ctx, principal, params, query }) {
      return { status: 200, headers: download(`org-${params.code}`), body: await orgBundle(ctx, principal, params.code, query) };
    },
  }),
];
