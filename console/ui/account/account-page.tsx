import { useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { ChangeNameForm } from './change-name-form.tsx';
import { ChangePasswordForm } from './change-password-form.tsx';

/** 我的账户 / My account: who the console knows the signed-in user as, and changing their own name and password. */
export function AccountPage() {
  const m = useMessages();
  const { user } = useSignedIn();
  return (
    <section>
      <div className="page__head">
        <h1>{m.accountTitle}</h1>
        <p className="muted">{m.accountHint}</p>
      </div>
      <div className="panel">
        <dl className="facts" data-testid="account-facts">
          <div>
            <dt>{m.name}</dt>
            <dd data-testid="account-name">{user.displayName ?? '—'}</dd>
          </div>
          <div>
            <dt>{m.username}</dt>
            <dd data-testid="account-username">{user.username}</dd>
          </div>
          <div>
            <dt>{m.role}</dt>
            <dd data-testid="account-role">{m.roles[user.role]}</dd>
          </div>
          <div>
            <dt>{m.organisation}</dt>
            <dd data-testid="account-org">{user.org === null ? m.wholeTree : <OrgName code={user.org} link={false} />}</dd>
          </div>
        </dl>
      </div>
      <ChangeNameForm />
      <ChangePasswordForm />
    </section>
  );
}
