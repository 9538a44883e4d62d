import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { LanguageButton } from '../app/language-button.tsx';
import { useMessages } from '../i18n/language.tsx';
import { useSession } from '../session/session.tsx';

export function SignInPage() {
  const m = useMessages();
  const { signIn, signedOut } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      await signIn(username.trim(), password);
      return undefined;
    });
  };

  return (
    <div className="sign-in">
      <div className="sign-in__language">
        <LanguageButton />
      </div>
      <form className="sign-in__card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{m.appTitle}</h1>
        <p className="muted">{m.signInHint}</p>
        {signedOut === 'invalid' && <p className="notice notice--info" role="status">{m.sessionInvalid}</p>}
        {signedOut === 'signed-out' && <p className="notice notice--info" role="status">{m.signedOut}</p>}
        <label className="field">
          <span className="field__label">{m.username}</span>
          <input name="username" autoComplete="username" required value={username} onChange={(event) => setUsername(event.target.value)} autoFocus />
        </label>
        <label className="field">
          <span className="field__label">{m.password}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <ErrorNotice failure={action.error} />
        <button type="submit" className="button button--primary button--wide" disabled={action.busy}>
          {action.busy ? m.working : m.signIn}
        </button>
      </form>
    </div>
  );
}
