import type { ReactNode } from 'react';
import { can, type ConsoleAction } from '../auth/capabilities.ts';
import { useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';
import { useSession, useSignedIn } from '../session/session.tsx';
import { LanguageButton } from './language-button.tsx';
import { Link } from './router.tsx';
import { MemberSearch } from './member-search.tsx';
import { useOrgTimeZone } from './org-time-zone.tsx';
import { TopNav, type NavItem } from './top-nav.tsx';

/**
 * The frame of every signed-in page: who is signed in, where they can go, the language, and signing out; and,
 * on a computer set to another time zone than the organisation's, that the times are the organisation's. It
 * needs nothing from the server to be drawn, so it is there at once, while the page below still waits.
 */
export function Layout({ children }: { children: ReactNode }) {
  const m = useMessages();
  const zone = useOrgTimeZone();
  const { user } = useSignedIn();
  const { signOut } = useSession();
  const items: (NavItem & { needs: ConsoleAction })[] = [
    { route: { page: 'orgs' }, pages: ['orgs', 'org', 'member-import', 'member'], label: m.navOrgs, needs: 'org.read' },
    { route: { page: 'reminders' }, pages: ['reminders'], label: m.navReminders, needs: 'finding.read' },
    { route: { page: 'transfers' }, pages: ['transfers'], label: m.navTransfers, needs: 'transfer.read' },
    { route: { page: 'mobile' }, pages: ['mobile'], label: m.navMobile, needs: 'mobile.read' },
    { route: { page: 'meetings' }, pages: ['meetings'], label: m.navMeetings, needs: 'meeting.read' },
    { route: { page: 'kiosks' }, pages: ['kiosks'], label: m.navKiosks, needs: 'kiosk.read' },
    { route: { page: 'alarms' }, pages: ['alarms'], label: m.navAlarms, needs: 'alarm.read' },
    { route: { page: 'flows' }, pages: ['flows'], label: m.navFlows, needs: 'flow.read' },
    { route: { page: 'exports' }, pages: ['exports'], label: m.navExports, needs: 'history.read' },
    // Those who create accounts look after them; an auditor may read the list through the API, but has nothing to do here.
    { route: { page: 'users' }, pages: ['users'], label: m.navUsers, needs: 'user.create' },
  ];
  return (
    <div className="layout">
      <header className="topbar">
        <span className="topbar__title">{m.appTitle}</span>
        <TopNav items={items.filter((item) => can(user, item.needs))} />
        <MemberSearch />
        <div className="topbar__user" data-testid="signed-in-user" title={`${user.username} · ${m.roles[user.role]}${user.org ? ` · ${user.org}` : ''}`}>
          <span className="topbar__username">{user.username}</span>
          <span className="topbar__role">
            {m.roles[user.role]}
            {user.org && (
              <>
                {' · '}
                <OrgName code={user.org} link={false} />
              </>
            )}
          </span>
        </div>
        <Link to={{ page: 'account' }} className="button button--quiet topbar__account" testId="nav-account">
          {m.navAccount}
        </Link>
        <LanguageButton />
        <button type="button" className="button button--quiet" onClick={signOut} data-testid="sign-out">
          {m.signOut}
        </button>
      </header>
      {zone?.differsFromComputer && (
        <p className="zone-note" data-testid="time-zone-note">
          {m.timesInZone(zone.timeZone)}
        </p>
      )}
      <main className="page">{children}</main>
    </div>
  );
}
