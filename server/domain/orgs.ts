import { auditActorOf, type Principal } from '../auth/principal.ts';
import { authorize, listScope } from '../auth/policy.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { ORG_LIST_DEFAULT, ORG_SEARCH_DEFAULT, type CreateOrgBody, type OrgListQuery } from '../schemas/orgs.ts';
import type { OrgFilter } from '../store/org-filter.ts';
import type { Org, OrgWithChildCount } from '../store/repositories/orgs.ts';
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

export interface OrgSelection<T extends Org = Org> {
  orgs: T[];
  /** more matched than the limit let through */
  truncated: boolean;
}

/** '/1/4/17/' is at depth 2: a path names the organisation and every ancestor. */
const depthOfPath = (path: string): number => path.split('/').length - 3;

const topDepth = (filter: OrgFilter): number => (filter.kind === 'all' ? 0 : depthOfPath(filter.path));

/** One more than the limit is read, so the answer can say whether there were more. */
async function limited<T extends Org>(limit: number | undefined, read: (limit: number | undefined) => Promise<T[]>): Promise<OrgSelection<T>> {
  const orgs = await read(limit === undefined ? undefined : limit + 1);
  return limit !== undefined && orgs.length > limit ? { orgs: orgs.slice(0, limit), truncated: true } : { orgs, truncated: false };
}

/**
 * The organisations within reach (or below `root`): all of them, those down to `depth` levels below the top,
 * those named by `codes`, or those `q` finds. Each is one range of an index, so a province's 200,000
 * organisations need not all be read to show a few; a list unasked stops at ORG_LIST_DEFAULT.
 */
export async function listOrgs(ctx: ReadContext, principal: Principal, query: OrgListQuery = {}): Promise<OrgSelection> {
  const requested = query.root === undefined ? undefined : await requireOrg(ctx.read, query.root);
  const filter = listScope(principal, 'org.read', requested);
  const { q, codes, depth } = query;
  if (q !== undefined) {
    const searchLimit = query.limit ?? ORG_SEARCH_DEFAULT;
    return limited(searchLimit, () => ctx.read.orgs.search(filter, q, searchLimit + 1));
  }
  if (codes !== undefined) return limited(query.limit, async (limit) => (await ctx.read.orgs.byCodes(filter, codes)).slice(0, limit));
  const maxDepth = depth === undefined ? undefined : topDepth(filter) + depth;
  return limited(query.limit ?? ORG_LIST_DEFAULT, (limit) => ctx.read.orgs.list(filter, maxDepth, limit));
}

/** The organisations directly below one within reach, with how many each has below it in turn. */
export async function listOrgChildren(ctx: ReadContext, principal: Principal, code: string, limit: number): Promise<OrgSelection<OrgWithChildCount>> {
  const parent = await requireOrg(ctx.read, code);
  const filter = listScope(principal, 'org.read', parent);
  // The parent itself is within the filter; its children are too, except for a reach of one organisation alone.
  return limited(limit, () => ctx.read.orgs.children(parent.id, filter, limit + 1));
}

export async function getOrg(ctx: ReadContext, principal: Principal, code: string): Promise<Org> {
  const org = await requireOrg(ctx.read, code);
  authorize(principal, 'org.read', org);
  return org;
}
