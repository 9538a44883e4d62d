import { lazy, Suspense } from 'react';
import { useMessages } from '../i18n/language.tsx';
import { MeetingsPage } from '../meetings/meetings-page.tsx';
import { MemberImportPage } from '../members/member-import-page.tsx';
import { MemberPage } from '../members/member-page.tsx';
import { MobilePage } from '../mobile/mobile-page.tsx';
import { OrgDirectoryProvider } from '../orgs/org-directory.tsx';
import { OrgPage } from '../orgs/org-page.tsx';
import { OrgTreePage } from '../orgs/org-tree-page.tsx';
import { SessionExpiredDialog } from '../session/session-expired-dialog.tsx';
import { useSession } from '../session/session.tsx';
import { SignInPage } from '../sign-in/sign-in-page.tsx';
import { TransfersPage } from '../transfers/transfers-page.tsx';
import { ExportsPage } from '../exports/exports-page.tsx';
import { RemindersPage } from '../reminders/reminders-page.tsx';
import { KiosksPage } from '../kiosks/kiosks-page.tsx';
import { AlarmsPage } from '../alarms/alarms-page.tsx';
import { UsersPage } from '../users/users-page.tsx';
import { AccountPage } from '../account/account-page.tsx';
import { Layout } from './layout.tsx';
import { OrgTimeZoneGate, OrgTimeZoneProvider } from './org-time-zone.tsx';
import { Link, useRouter } from './router.tsx';
import type { Route } from './routes.ts';

// ECharts is most of the console's weight and only the flows page draws with it.
const FlowsPage = lazy(async () => ({ default: (await import('../flows/flows-page.tsx')).FlowsPage }));

function Page({ route }: { route: Route }) {
  const m = useMessages();
  switch (route.page) {
    case 'orgs':
      return <OrgTreePage />;
    case 'org':
      return <OrgPage key={route.code} code={route.code} />;
    case 'member-import':
      return <MemberImportPage key={route.org} org={route.org} />;
    case 'member':
      return <MemberPage key={route.number} number={route.number} />;
    case 'transfers':
      return <TransfersPage />;
    case 'mobile':
      return <MobilePage />;
    case 'meetings':
      return <MeetingsPage />;
    case 'flows':
      return (
        <Suspense fallback={<p className="muted">{m.loading}</p>}>
          <FlowsPage />
        </Suspense>
      );
    case 'exports':
      return <ExportsPage />;
    case 'reminders':
      return <RemindersPage key={route.org ?? ''} org={route.org} />;
    case 'kiosks':
      return <KiosksPage key={route.kiosk ?? ''} focus={route.kiosk} />;
    case 'alarms':
      return <AlarmsPage key={`${route.alarm ?? ''}|${route.kiosk ?? ''}`} focus={route.alarm} kiosk={route.kiosk} />;
    case 'users':
      return <UsersPage />;
    case 'account':
      return <AccountPage />;
    case 'not-found':
      return (
        <section>
          <h1>{m.notFoundTitle}</h1>
          <p>{m.notFoundHint}</p>
          <Link to={{ page: 'orgs' }}>{m.navOrgs}</Link>
        </section>
      );
  }
}

/**
 * Signed out: the sign-in screen, whatever the URL (which is kept, so the page opens after signing in). Signed
 * in: the frame at once, and in it the page, once the organisation's time zone is known (it shows every time in it).
 */
export function ConsoleApp() {
  const { session, expired } = useSession();
  const { route } = useRouter();
  if (!session) return <SignInPage />;
  return (
    <OrgTimeZoneProvider>
      <OrgDirectoryProvider key={session.user.id}>
        <Layout>
          <OrgTimeZoneGate>
            <Page route={route} />
          </OrgTimeZoneGate>
        </Layout>
        {expired && <SessionExpiredDialog />}
      </OrgDirectoryProvider>
    </OrgTimeZoneProvider>
  );
}
