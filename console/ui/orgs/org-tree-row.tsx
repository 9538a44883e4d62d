import type { Org } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { useMessages } from '../i18n/language.tsx';

/**
 * One organisation's line in a tree, held whole or read a level at a time: the toggle that opens it (a dot
 * for an organisation with nothing below), its name linking to its page, code, kind and how many sit below.
 * `locked` keeps the toggle still while a filter decides what is open.
 */
export function OrgTreeRow({ org, expanded, hasChildren, childCount, toggle, locked = false }: { org: Org; expanded: boolean; hasChildren: boolean; childCount: number | undefined; toggle(code: string): void; locked?: boolean }) {
  const m = useMessages();
  return (
    <div className="tree__row">
      {hasChildren ? (
        <button type="button" className="tree__toggle" onClick={() => toggle(org.code)} aria-label={expanded ? m.collapse(org.name) : m.expand(org.name)} disabled={locked}>
          {expanded ? '▾' : '▸'}
        </button>
      ) : (
        <span className="tree__toggle tree__toggle--leaf" aria-hidden="true">
          ·
        </span>
      )}
      <Link to={{ page: 'org', code: org.code }} className="tree__name">
        {org.name}
      </Link>
      <span className="code">{org.code}</span>
      <span className="tag">{m.orgKinds[org.kind]}</span>
      {childCount !== undefined && childCount > 0 && <span className="muted">{m.childCount(childCount)}</span>}
    </div>
  );
}
