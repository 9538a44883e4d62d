import { useMemo, useState } from 'react';
import { Link } from '../app/router.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Empty } from '../components/loading.tsx';
import { useMessages } from '../i18n/language.tsx';
import { useOrgSearch } from '../components/use-org-search.ts';
import { LazyOrgTree } from './lazy-org-tree.tsx';
import { OrgName, useOrgDirectory } from './org-directory.tsx';
import { OrgTreeRow } from './org-tree-row.tsx';
import { buildOrgTree, matchingBranches, parentCodes, type OrgNode } from './org-tree.ts';

/** Opened on arrival: the roots and their children, so a county organiser sees the townships at once. */
const OPEN_DEPTH = 1;

function initiallyOpen(roots: OrgNode[]): Set<string> {
  const open = new Set<string>();
  const visit = (node: OrgNode, level: number): void => {
    if (level >= OPEN_DEPTH || node.children.length === 0) return;
    open.add(node.org.code);
    for (const child of node.children) visit(child, level + 1);
  };
  for (const root of roots) visit(root, 0);
  return open;
}

function TreeNode({ node, open, toggle, filter }: { node: OrgNode; open: ReadonlySet<string>; toggle(code: string): void; filter: ReadonlySet<string> | undefined }) {
  const { org, children } = node;
  const visibleChildren = filter ? children.filter((child) => filter.has(child.org.code)) : children;
  const expanded = filter !== undefined || open.has(org.code);
  return (
    <li className="tree__item" role="treeitem" aria-expanded={children.length > 0 ? expanded : undefined} aria-selected={false} data-testid={`org-${org.code}`}>
      <OrgTreeRow org={org} expanded={expanded} hasChildren={children.length > 0} childCount={children.length} toggle={toggle} locked={filter !== undefined} />
      {expanded && visibleChildren.length > 0 && (
        <ul className="tree__children" role="group">
          {visibleChildren.map((child) => (
            <TreeNode key={child.org.code} node={child} open={open} toggle={toggle} filter={filter} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The organisations within the user's reach, as a tree to open and close, with a filter by name or code. */
export function OrgTreePage() {
  const { complete, loading } = useOrgDirectory();
  if (!complete && !loading) return <LargeOrgTreePage />;
  return <WholeOrgTreePage />;
}

/** A reach the console holds whole (a county): the tree filters itself as the person types. */
function WholeOrgTreePage() {
  const m = useMessages();
  const { orgs, byCode, loading, error } = useOrgDirectory();
  const roots = useMemo(() => buildOrgTree(orgs), [orgs]);
  const [open, setOpen] = useState<Set<string> | undefined>();
  const [search, setSearch] = useState('');
  const openSet = open ?? initiallyOpen(roots);
  const filter = search.trim() === '' ? undefined : matchingBranches(orgs, byCode, search);
  const toggle = (code: string): void => {
    const next = new Set(openSet);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    setOpen(next);
  };
  const withChildren = useMemo(() => parentCodes(roots), [roots]);

  return (
    <section>
      <div className="page__head">
        <h1>{m.orgTreeTitle}</h1>
        <p className="muted">{m.orgTreeHint(orgs.length)}</p>
      </div>
      <div className="toolbar">
        <input className="toolbar__search" type="search" placeholder={m.orgFilterPlaceholder} aria-label={m.orgFilterPlaceholder} value={search} onChange={(event) => setSearch(event.target.value)} />
        <button type="button" className="button button--quiet" onClick={() => setOpen(new Set(withChildren))} data-testid="expand-all">
          {m.expandAll}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setOpen(new Set())} data-testid="collapse-all">
          {m.collapseAll}
        </button>
      </div>
      <ErrorNotice failure={error} />
      {loading && orgs.length === 0 && <p className="muted">{m.loading}</p>}
      {!loading && orgs.length === 0 && !error && <Empty text={m.noOrgs} />}
      {filter && filter.size === 0 && <Empty text={m.noOrgMatches(search.trim())} />}
      <ul className="tree" role="tree" aria-label={m.orgTreeTitle} data-testid="org-tree">
        {roots
          .filter((root) => !filter || filter.has(root.org.code))
          .map((root) => (
            <TreeNode key={root.org.code} node={root} open={openSet} toggle={toggle} filter={filter} />
          ))}
      </ul>
    </section>
  );
}

/** A reach too large to hold (a city, a province): the tree opens level by level, and a search asks the server. */
function LargeOrgTreePage() {
  const m = useMessages();
  const { orgs, error } = useOrgDirectory();
  const top = Math.min(...orgs.map((org) => org.depth));
  const roots = useMemo(() => orgs.filter((org) => org.depth === top), [orgs, top]);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(roots.map((root) => root.code)));
  const [search, setSearch] = useState('');
  const found = useOrgSearch(search);
  const toggle = (code: string): void => {
    const next = new Set(open);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    setOpen(next);
  };
  const searching = search.trim() !== '';

  return (
    <section>
      <div className="page__head">
        <h1>{m.orgTreeTitle}</h1>
        <p className="muted">{m.orgTreeHintPartial}</p>
      </div>
      <div className="toolbar">
        <input className="toolbar__search" type="search" placeholder={m.orgFilterPlaceholder} aria-label={m.orgFilterPlaceholder} value={search} onChange={(event) => setSearch(event.target.value)} data-testid="org-search" />
        <button type="button" className="button button--quiet" onClick={() => setOpen(new Set())} data-testid="collapse-all">
          {m.collapseAll}
        </button>
      </div>
      <ErrorNotice failure={error ?? found.error} />
      {searching ? (
        <>
          {found.searching && <p className="muted">{m.orgPickerSearching}</p>}
          {!found.searching && found.text !== '' && found.orgs.length === 0 && !found.error && <Empty text={m.orgPickerNoMatch(found.text)} />}
          <ul className="plain-list" data-testid="org-search-results">
            {found.orgs.map((org) => (
              <li key={org.code}>
                <Link to={{ page: 'org', code: org.code }}>{org.name}</Link> <span className="code">{org.code}</span> <span className="tag">{m.orgKinds[org.kind]}</span>{' '}
                {org.parent !== null && (
                  <span className="muted">
                    <OrgName code={org.parent} link={false} />
                  </span>
                )}
              </li>
            ))}
          </ul>
          {found.more && <p className="muted">{m.orgPickerMore}</p>}
        </>
      ) : (
        <LazyOrgTree roots={roots} open={open} toggle={toggle} />
      )}
    </section>
  );
}
