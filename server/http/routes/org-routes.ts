import { createOrg, getOrg, listOrgChildren, listOrgs } from '../../domain/orgs.ts';
import { CreateOrgBodySchema, ORG_LIST_DEFAULT, ORG_LIST_MAX, OrgChildrenQuerySchema, OrgChildrenSchema, OrgListQuerySchema, OrgListSchema, OrgParamsSchema, OrgSchema } from '../../schemas/orgs.ts';
import { userRoute } from '../route.ts';
import { orgChildView, orgView } from '../views.ts';

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
    summary: 'Organisations within reach (or below `root`), parents first and siblings in the order they were created; or down to a depth, by codes, or found by name or code',
    description:
      `Without \`depth\`, \`q\` or \`codes\`, the organisations within reach in tree order: at most ${ORG_LIST_DEFAULT} unless \`limit\` asks for up to ${ORG_LIST_MAX}, and \`truncated\` says whether there were more; beyond that, read a subtree (\`root\`) or a level at a time (\`/orgs/{code}/children\`). \`q\` searches (a part of the name, the start of the code) and answers with a few; \`codes\` names the organisations to answer with.`,
    tags: ['organisations'],
    action: 'org.read',
    query: OrgListQuerySchema,
    responses: [{ status: 200, description: 'the organisations', schema: OrgListSchema }],
    async handle({ ctx, principal, query }) {
      const { orgs, truncated } = await listOrgs(ctx, principal, query);
      return { status: 200, body: { orgs: orgs.map(orgView), truncated } };
    },
  }),
  userRoute({
    method: 'get',
    path: '/orgs/:code/children',
    summary: 'The organisations directly below one, each with how many are below it in turn',
    tags: ['organisations'],
    action: 'org.read',
    params: OrgParamsSchema,
    query: OrgChildrenQuerySchema,
    responses: [{ status: 200, description: 'the organisations below it (none for a reach of one organisation)', schema: OrgChildrenSchema }],
    async handle({ ctx, principal, params, query }) {
      const { orgs, truncated } = await listOrgChildren(ctx, principal, params.code, query.limit);
      return { status: 200, body: { orgs: orgs.map(orgChildView), truncated } };
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
