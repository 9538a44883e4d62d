import { useState, type FormEvent } from 'react';
import { Dialog } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSession } from './session.tsx';

/**
 * Over the page whose session ran out: the same user signs in again and carries on where they were, or signs
 * out. The username is fixed, so nobody else's session can take over a page with this user's work on it.
 */
export function SessionExpiredDialog() {
  const m = useMessages();
  const { session, signIn, signOut } = useSession();
  const [password, setPassword] = useState('');
  const action = useAction();
  if (!session) return null;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      await signIn(session.user.username, password);
      return undefined;
    });
  };
  return (
    <Dialog title={m.sessionExpired} onClose={signOut} testId="session-expired">
      <form onSubmit={submit}>
        <p>{m.sessionExpiredHint}</p>
        <label className="field">
          <span className="field__label">{m.username}</span>
          {/* Out of the tab order, so the dialog opens with the cursor in the password field. */}
          <input value={session.user.username} readOnly autoComplete="username" tabIndex={-1} />
        </label>
        <label className="field">
          <span className="field__label">{m.password}</span>
          <input type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
        </label>
        <ErrorNotice failure={action.error} />
        <div className="buttons">
          <button type="submit" className="button button--primary" disabled={action.busy}>
            {m.signInAgain}
          </button>
          <button type="button" className="button button--quiet" onClick={signOut}>
            {m.signOut}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
