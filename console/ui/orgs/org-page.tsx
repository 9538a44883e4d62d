import { useEffect, useState } from 'react';
import type { Member } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { can } from '../auth/capabilities.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { PageLoadState } from '../components/loading.tsx';
import { Tabs } from '../components/tabs.tsx';
import { useLoad } from '../components/use-load.ts';
import { useMessages } from '../i18n/language.tsx';
import { AddMemberForm } from '../members/add-member-form.tsx';
import { useSignedIn } from '../session/session.tsx';
import { OrgHistoryView } from './org-history.tsx';
import { OrgMembers } from './org-members.tsx';
import { ancestry } from './org-tree.ts';
import { useKnownOrg, useOrgDirectory } from './org-directory.tsx';

type OrgTab = 'history' | 'members' | 'children';

/**
 * One organisation: its place in the tree, its meetings and attendance over a window, and its members; for
 * those who register members, adding one here and importing a list.
 */
export function OrgPage({ code }: { code: string }) {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const { byCode, orgs, complete, learn } = useOrgDirectory();
  const org = useLoad(() => api.org(code), code);
  // At a province's scale the console does not hold every organisation: the children are asked for, and the
  // ancestors arrive one by one, each known one's parent asked for in turn.
  const asked = useLoad(async () => (complete === false ? api.orgChildren(code) : undefined), `${code}|${complete}`);
  // The page's own organisation, read above, starts the breadcrumb without being asked for again.
  useEffect(() => {
    if (org.data && complete !== true) learn([org.data]);
  }, [org.data, complete, learn]);
  const mayReadHistory = can(user, 'history.read');
  const [tab, setTab] = useState<OrgTab>(mayReadHistory ? 'history' : 'members');
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<Member>();
  const [membersRound, setMembersRound] = useState(0);
  const children = complete ? orgs.filter((candidate) => candidate.parent === code) : (asked.data?.orgs ?? []);
  // The server lists the first of very many children; the count says there are more.
  const cut = complete === false && asked.data?.truncated === true;
  const path = ancestry(byCode, code).reverse().slice(0, -1);
  useKnownOrg(byCode.get(path[0] ?? code)?.parent);
  const tabs: { id: OrgTab; label: string; count?: number | string }[] = [
    ...(mayReadHistory ? [{ id: 'history' as const, label: m.orgOverview }] : []),
    { id: 'members', label: m.members },
    ...(children.length > 0 ? [{ id: 'children' as const, label: m.subOrgs, count: cut ? `${children.length}+` : children.length }] : []),
  ];

  return (
    <PageLoadState loaded={org} title={m.orgTitle(byCode.get(code)?.name ?? code)}>
      {(details) => (
        <section>
          <nav className="breadcrumb" aria-label={m.breadcrumb}>
            <Link to={{ page: 'orgs' }}>{m.navOrgs}</Link>
            {path.map((ancestor) => (
              <span key={ancestor}>
                {' / '}
                <Link to={{ page: 'org', code: ancestor }}>{byCode.get(ancestor)?.name ?? ancestor}</Link>
              </span>
            ))}
          </nav>
          <div className="page__head">
            <h1 data-testid="org-name">
              {details.name} <span className="code">{details.code}</span>
            </h1>
            <span className="tag">{m.orgKinds[details.kind]}</span>
            {can(user, 'finding.read') && (
              <Link to={{ page: 'reminders', org: code }} className="button button--quiet" testId="org-reminders">
                {m.remindersOfOrg}
              </Link>
            )}
            <div className="buttons">
              {can(user, 'member.create') && !adding && (
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => {
                    setAdding(true);
                    setAdded(undefined);
                  }}
                  data-testid="add-member"
                >
                  {m.addMember}
                </button>
              )}
              {can(user, 'member.import') && (
                <Link to={{ page: 'member-import', org: code }} className="button button--quiet" testId="import-members">
                  {m.importMembers}
                </Link>
              )}
            </div>
          </div>
          {adding && (
            <AddMemberForm
              org={code}
              orgName={details.name}
              onAdded={(member) => {
                setAdding(false);
                setAdded(member);
                setTab('members');
                setMembersRound((n) => n + 1);
              }}
              onCancel={() => setAdding(false)}
            />
          )}
          {added && (
            <div className="notice notice--done" role="status" data-testid="done">
              {m.addedMember(added.name, added.memberNumber)}{' '}
              <Link to={{ page: 'member', number: added.memberNumber }} testId="added-member-link">
                {m.openMemberPage(added.name)}
              </Link>
            </div>
          )}
          {asked.error && (
            <div data-testid="org-children-error">
              <p>{m.orgChildrenUnread}</p>
              <ErrorNotice failure={asked.error} />
            </div>
          )}
          <Tabs tabs={tabs} current={tab} onChange={setTab} label={details.name} />
          {tab === 'history' && <OrgHistoryView code={code} />}
          {tab === 'members' && <OrgMembers key={membersRound} code={code} />}
          {tab === 'children' && (
            <ul className="plain-list">
              {children.map((child) => (
                <li key={child.code}>
                  <Link to={{ page: 'org', code: child.code }}>{child.name}</Link> <span className="code">{child.code}</span> <span className="tag">{m.orgKinds[child.kind]}</span>
                </li>
              ))}
            </ul>
          )}
          {tab === 'children' && cut && <p className="muted" data-testid="org-children-cut">{m.orgPageChildrenCut(children.length)}</p>}
        </section>
      )}
    </PageLoadState>
  );
}
