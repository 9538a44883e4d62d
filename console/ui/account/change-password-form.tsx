import { useState, type FormEvent } from 'react';
import { DoneNotice, ErrorNotice } from '../components/error-notice.tsx';
import { NewPasswordFields, useNewPassword } from '../components/new-password-fields.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSession, useSignedIn } from '../session/session.tsx';

/**
 * One's own password, after the current one. The server ends every session of the account, this one too, and
 * answers with a fresh one: the console goes on with it, so only the other computers are signed out.
 */
export function ChangePasswordForm() {
  const m = useMessages();
  const { api } = useSignedIn();
  const { continueWith } = useSession();
  const [current, setCurrent] = useState('');
  const [changed, setChanged] = useState(false);
  const password = useNewPassword();
  const action = useAction();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setChanged(false);
    const chosen = password.take();
    if (chosen === undefined) return;
    void action.run(async () => {
      continueWith(await api.changeOwnPassword({ currentPassword: current, newPassword: chosen }));
      setCurrent('');
      password.clear();
      setChanged(true);
      return undefined;
    });
  };
  return (
    <form className="panel form-grid" onSubmit={submit} data-testid="change-password-form">
      <h2 className="panel__title form-grid__wide">{m.changeOwnPassword}</h2>
      <p className="muted form-grid__wide form-grid__note">{m.changeOwnPasswordHint}</p>
      <label className="field form-grid__wide">
        <span className="field__label">{m.currentPassword}</span>
        <input type="password" autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} required data-testid="current-password" />
      </label>
      <NewPasswordFields entry={password} label={m.newPassword} testId="new-password" />
      <div className="form-grid__wide">
        <DoneNotice text={changed ? m.ownPasswordChanged : undefined} />
        <ErrorNotice failure={action.error} />
        <div className="buttons">
          <button type="submit" className="button button--primary" disabled={action.busy} data-testid="change-password">
            {action.busy ? m.working : m.changeOwnPassword}
          </button>
        </div>
      </div>
    </form>
  );
}
