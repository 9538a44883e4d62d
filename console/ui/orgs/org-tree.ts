import type { Org } from '../api/types.ts';

export interface OrgNode {
  org: Org;
  children: OrgNode[];
}

/**
 * The organisations a user may see, as a forest: the server lists only the user's subtree (or one org for
 * a secretary), so the roots are those whose parent is not in the list. Children keep the server's order: the
 * order they were created in.
 */
export function buildOrgTree(orgs: readonly Org[]): OrgNode[] {
  const nodes = new Map(orgs.map((org) => [org.code, { org, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parent === null ? undefined : nodes.get(node.org.parent);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Codes of `code` and every ancestor of it within the list, so a search hit can be shown expanded. */
export function ancestry(orgs: ReadonlyMap<string, Org>, code: string): string[] {
  const path: string[] = [];
  let current = orgs.get(code);
  while (current && !path.includes(current.code)) {
    path.push(current.code);
    current = current.parent === null ? undefined : orgs.get(current.parent);
  }
  return path;
}

/** Codes whose subtree contains a match for `text` (name or code), for filtering the tree. */
export function matchingBranches(orgs: readonly Org[], byCode: ReadonlyMap<string, Org>, text: string): Set<string> {
  const needle = text.trim().toLowerCase();
  const shown = new Set<string>();
  if (needle === '') return shown;
  for (const org of orgs) {
    if (org.name.toLowerCase().includes(needle) || org.code.toLowerCase().includes(needle)) for (const code of ancestry(byCode, org.code)) shown.add(code);
  }
  return shown;
}

/** Codes of every organisation with children ("expand all"). */
export function parentCodes(roots: readonly OrgNode[]): string[] {
  const codes: string[] = [];
  const stack = [...roots];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.children.length > 0) codes.push(node.org.code);
    stack.push(...node.children);
  }
  return codes;
}
