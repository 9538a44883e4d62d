import { Link } from '../app/router.tsx';
import { can } from '../auth/capabilities.ts';
import { Empty, LoadState } from '../components/loading.tsx';
import { Pager } from '../components/pager.tsx';
import { useCursorPages } from '../components/use-cursor-pages.ts';
import { useLoad } from '../components/use-load.ts';
import { useMessages } from '../i18n/language.tsx';
import { OrgName } from './org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';

const PAGE_SIZE = 50;

/** Members whose home is this organisation or below it, by member number, a page at a time. */
export function OrgMembers({ code }: { code: string }) {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const pages = useCursorPages();
  const after = pages.cursor;
  const members = useLoad(() => api.members({ org: code, after, limit: PAGE_SIZE }), `${code}|${after ?? ''}`);
  return (
    <LoadState loaded={members}>
      {({ members: list, next }) =>
        list.length === 0 && after === undefined && can(user, 'member.import') ? (
          // An organisation being set up: the way to fill it is right here.
          <p className="empty" data-testid="empty">
            {m.noMembersYet}{' '}
            <Link to={{ page: 'member-import', org: code }} testId="empty-import-members">
              {m.importMembers}
            </Link>
          </p>
        ) : list.length === 0 ? (
          <Empty text={m.noMembers} />
        ) : (
          <>
            <table className="table" data-testid="org-members">
              <thead>
                <tr>
                  <th>{m.memberNumber}</th>
                  <th>{m.name}</th>
                  <th>{m.homeOrg}</th>
                  <th>{m.status}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((member) => (
                  <tr key={member.memberNumber}>
                    <td>
                      <Link to={{ page: 'member', number: member.memberNumber }}>{member.memberNumber}</Link>
                    </td>
                    <td>{member.name}</td>
                    <td>
                      <OrgName code={member.homeOrg} />
                    </td>
                    <td>{m.memberStatuses[member.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={pages.page} hasNext={next !== null} onPage={(wanted) => pages.go(wanted, next)} />
          </>
        )
      }
    </LoadState>
  );
}
