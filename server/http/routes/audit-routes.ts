import { listAuditTrail } from '../../domain/audit-trail.ts';
import { AuditListQuerySchema, AuditListSchema } from '../../schemas/audit.ts';
import { userRoute } from '../route.ts';
import { auditView } from '../views.ts';

export const auditRoutes = [
  userRoute({
    method: 'get',
    path: '/audit',
    summary: 'The audit trail of human writes within reach, newest first (page with `before`)',
    tags: ['audit'],
    action: 'audit.read',
    query: AuditListQuerySchema,
    responses: [{ status: 200, description: 'the entries', schema: AuditListSchema }],
    async handle({ ctx, principal, query }) {
      return { status: 200, body: { entries: (await listAuditTrail(ctx, principal, query)).map(auditView) } };
    },
  }),
];
