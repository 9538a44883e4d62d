import { authorize } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { ReadContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { FlowCell, FlowQuery } from '../schemas/flows.ts';
import type { FlowPair } from '../store/repositories/flows.ts';
import type { Org } from '../store/repositories/orgs.ts';
import { dayWindow } from './histories/day-window.ts';
import { requireOrg } from './lookups.ts';

export interface FlowMatrix {
  root: Org;
  level: number;
  /** the organisations flows roll up to, parents first */
  orgs: Org[];
  flows: FlowCell[];
}

/**
 * The ancestor-or-self of `path` at `depth` — a prefix of the materialised path ('/1/4/17/' at depth 1 is
 * '/1/4/') — or the path itself when it is shallower; null outside the subtree at `rootPath`.
 */
export function rollUp(path: string, rootPath: string, depth: number): string | null {
  if (!path.startsWith(rootPath)) return null;
  const ids = path.split('/').filter((segment) => segment !== '');
  return ids.length <= depth + 1 ? path : `/${ids.slice(0, depth + 1).join('/')}/`;
}

/** Sums pairs into rolled-up cells, ordered like `orgs` (outside last). */
export function rollUpPairs(pairs: readonly FlowPair[], root: Org, depth: number, orgs: readonly Org[]): FlowCell[] {
  const byPath = new Map(orgs.map((org, index) => [org.path, { org, index }]));
  const cells = new Map<string, FlowCell & { order: [number, number] }>();
  for (const pair of pairs) {
    const [from, to] = [rollUp(pair.fromPath, root.path, depth), rollUp(pair.toPath, root.path, depth)].map((path) => (path === null ? undefined : byPath.get(path)));
    const key = `${from?.org.code ?? ''} ${to?.org.code ?? ''}`;
    const cell = cells.get(key) ?? {
      from: from?.org.code ?? null,
      to: to?.org.code ?? null,
      transfers: 0,
      mobile: 0,
      checkins: 0,
      total: 0,
      order: [from?.index ?? orgs.length, to?.index ?? orgs.length] as [number, number],
    };
    cell[pair.kind] += pair.count;
    cell.total += pair.count;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1]).map(({ order: _order, ...cell }) => cell);
}

/** Without `root`: the caller's own organisation, or for an admin the root of the one tree there is. */
async function defaultRoot(ctx: ReadContext, principal: Principal): Promise<Org> {
  if (principal.kind === 'user' && principal.user.orgCode !== null) return requireOrg(ctx.read, principal.user.orgCode);
  const roots = await ctx.read.orgs.list({ kind: 'all' }, 0);
  if (roots.length !== 1 || !roots[0]) throw new ApiError('ERR_VALIDATION', 'there is more than one tree (or none): name the root', { field: 'root' });
  return roots[0];
}

/**
 * The organisation → organisation matrix of transfers, mobile registrations and cross-organisation
 * check-ins in a window, rolled up to `level` below the root. The root must be within the caller's reach;
 * movements to or from outside its subtree roll up to `null`, so nothing of another subtree is named.
 */
export async function flowMatrix(ctx: ReadContext, principal: Principal, query: FlowQuery): Promise<FlowMatrix> {
  const root = query.root === undefined ? await defaultRoot(ctx, principal) : await requireOrg(ctx.read, query.root);
  authorize(principal, 'flow.read', root);
  const depth = root.depth + query.level;
  // Only the organisations flows roll up to: at a province's root the whole subtree is 200,000 of them.
  const [orgs, pairs] = await Promise.all([ctx.read.orgs.list({ kind: 'subtree', path: root.path }, depth), ctx.read.flows.pairs(root.path, dayWindow(query, ctx.calendar))]);
  return { root, level: query.level, orgs, flows: rollUpPairs(pairs, root, depth, orgs) };
}
