import { listScope } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { ReadContext } from '../context.ts';
import type { AuditRecord } from '../store/repositories/audit.ts';
import { requireOrg } from './lookups.ts';

export async function listAuditTrail(ctx: ReadContext, principal: Principal, query: { org?: string; before?: number; limit: number }): Promise<AuditRecord[]> {
  const requested = query.org === undefined ? undefined : await requireOrg(ctx.read, query.org);
  return ctx.read.audit.list(listScope(principal, 'audit.read', requested), { before: query.before, limit: query.limit });
}
