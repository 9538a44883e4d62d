import { auditActorOf, type Principal } from '../auth/principal.ts';
import { authorize, listScope } from '../auth/policy.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import type { CreateOrgBody } from '../schemas/orgs.ts';
import type { Org } from '../store/repositories/orgs.ts';
import { requireOrg } from './lookups.ts';
import { touched } from './diagnostics/touched.ts';

/**
 * A root organisation (no parent) is an admin's decision; anyone else creates inside their reach. A new
 * organisation owes its meetings from today: where reminders start early enough, one is due soon at once.
 */
export async function createOrg(ctx: WriteContext, principal: Principal, body: CreateOrgBody): Promise<Org> {
  const parent = body.parent === undefined ? null : await requireOrg(ctx.read, body.parent);
  authorize(principal, 'org.create', parent);
  const org = await ctx.write.orgs.create({ code: body.code, name: body.name, kind: body.kind, parent, now: isoTimestamp(ctx.clock.now()) }, auditActorOf(principal));
  ctx.diagnostics?.notify(touched({ orgs: [org.id] }));
  return org;
}

export async function listOrgs(ctx: ReadContext, principal: Principal, root?: string): Promise<Org[]> {
  const requested = root === undefined ? undefined : await requireOrg(ctx.read, root);
  return ctx.read.orgs.list(listScope(principal, 'org.read', requested));
}

export async function getOrg(ctx: ReadContext, principal: Principal, code: string): Promise<Org> {
  const org = await requireOrg(ctx.read, code);
  authorize(principal, 'org.read', org);
  return org;
}
