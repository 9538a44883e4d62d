import { createOrg, getOrg, listOrgs } from '../../domain/orgs.ts';
import { CreateOrgBodySchema, OrgListQuerySchema, OrgListSchema, OrgParamsSchema, OrgSchema } from '../../schemas/orgs.ts';
import { userRoute } from '../route.ts';
import { orgView } from '../views.ts';

export const orgRoutes = [
  userRoute({
    method: 'post',
    path: '/orgs',
    summary: 'Create an organisation (a root without parent: admins only)',
    tags: ['organisations'],
    action: 'org.create',
    body: { schema: CreateOrgBodySchema },
    responses: [{ status: 201, description: 'created', schema: OrgSchema }],
    async handle({ ctx, principal, body }) {
      return { status: 201, body: orgView(await createOrg(ctx, principal, body)) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/orgs',
    summary: 'Organisations within reach (or below `root`), parents first',
    tags: ['organisations'],
    action: 'org.read',
    query: OrgListQuerySchema,
    responses: [{ status: 200, description: 'the organisations', schema: OrgListSchema }],
    async handle({ ctx, principal, query }) {
      return { status: 200, body: { orgs: (await listOrgs(ctx, principal, query.root)).map(orgView) } };
    },
  }),
  userRoute({
    method: 'get',
    path: '/orgs/:code',
    summary: 'One organisation',
    tags: ['organisations'],
    action: 'org.read',
    params: OrgParamsSchema,
    responses: [{ status: 200, description: 'the organisation', schema: OrgSchema }],
    async handle({ ctx, principal, params }) {
      return { status: 200, body: orgView(await getOrg(ctx, principal, params.code)) };
    },
  }),
];
