import { useCallback, useEffect, useState } from 'react';
import type { ApiFailure } from '../api/http-client.ts';
import type { Org, OrgChild } from '../api/types.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { asFailure } from '../components/use-load.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { useOrgDirectory } from './org-directory.tsx';
import { OrgTreeRow } from './org-tree-row.tsx';

interface Level {
  children?: OrgChild[];
  /** more children than the server listed */
  cut: boolean;
  error?: ApiFailure;
}

/**
 * The levels of the tree read so far, by the code of the organisation above them; each is read once, but one
 * that failed is forgotten when its organisation is closed, so opening it again reads it again.
 */
function useChildLevels(open: ReadonlySet<string>): ReadonlyMap<string, Level> {
  const { api } = useSignedIn();
  const { learn } = useOrgDirectory();
  const [levels, setLevels] = useState<ReadonlyMap<string, Level>>(new Map());
  const load = useCallback(
    (code: string) => {
      setLevels((known) => (known.has(code) ? known : new Map(known).set(code, { cut: false })));
      api.orgChildren(code).then(
        (answer) => {
          learn(answer.orgs);
          setLevels((known) => new Map(known).set(code, { children: answer.orgs, cut: answer.truncated }));
        },
        (error: unknown) => setLevels((known) => new Map(known).set(code, { cut: false, error: asFailure(error) })),
      );
    },
    [api, learn],
  );
  useEffect(() => {
    for (const code of open) if (!levels.has(code)) load(code);
    const failed = [...levels].filter(([code, level]) => level.error && !open.has(code));
    if (failed.length > 0)
      setLevels((known) => {
        const kept = new Map(known);
        for (const [code] of failed) kept.delete(code);
        return kept;
      });
  }, [open, levels, load]);
  return levels;
}

function LazyNode({ org, childCount, open, toggle, levels }: { org: Org; childCount: number | undefined; open: ReadonlySet<string>; toggle(code: string): void; levels: ReadonlyMap<string, Level> }) {
  const m = useMessages();
  const expanded = open.has(org.code);
  const level = levels.get(org.code);
  const hasChildren = childCount === undefined || childCount > 0;
  return (
    <li className="tree__item" role="treeitem" aria-expanded={hasChildren ? expanded : undefined} aria-selected={false} data-testid={`org-${org.code}`}>
      <OrgTreeRow org={org} expanded={expanded} hasChildren={hasChildren} childCount={childCount} toggle={toggle} />
      {expanded && (
        <>
          {level?.children === undefined && !level?.error && <p className="muted tree__note">{m.orgChildrenLoading}</p>}
          <ErrorNotice failure={level?.error} />
          {level?.children !== undefined && level.children.length > 0 && (
            <ul className="tree__children" role="group">
              {level.children.map((child) => (
                <LazyNode key={child.code} org={child} childCount={child.childCount} open={open} toggle={toggle} levels={levels} />
              ))}
            </ul>
          )}
          {level?.cut && <p className="muted tree__note">{m.orgChildrenCut(level.children?.length ?? 0)}</p>}
        </>
      )}
    </li>
  );
}

/**
 * The tree of a reach too large to hold (a city, a province): the top of the reach opened on arrival, and each
 * organisation's children read from the server when it is opened.
 */
export function LazyOrgTree({ roots, open, toggle }: { roots: readonly Org[]; open: ReadonlySet<string>; toggle(code: string): void }) {
  const m = useMessages();
  const levels = useChildLevels(open);
  return (
    <ul className="tree" role="tree" aria-label={m.orgTreeTitle} data-testid="org-tree">
      {roots.map((root) => (
        <LazyNode key={root.code} org={root} childCount={undefined} open={open} toggle={toggle} levels={levels} />
      ))}
    </ul>
  );
}
