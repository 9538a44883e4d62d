import { useState, type FormEvent } from 'react';
import { DoneNotice, ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSession, useSignedIn } from '../session/session.tsx';
import { DisplayNameField, displayNameOf } from '../users/display-name-field.tsx';

/** One's own display name, put right by the person themselves; the session goes on with the new name. */
export function ChangeNameForm() {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const { refreshUser } = useSession();
  const [typed, setTyped] = useState(user.displayName ?? '');
  const [changed, setChanged] = useState(false);
  const action = useAction();
  const unchanged = displayNameOf(typed) === user.displayName;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setChanged(false);
    void action.run(async () => {
      const renamed = await api.renameUser(user.id, displayNameOf(typed));
      refreshUser(renamed);
      setTyped(renamed.displayName ?? '');
      setChanged(true);
      return undefined;
    });
  };
  return (
    <form className="panel form-grid" onSubmit={submit} data-testid="change-name-form">
      <h2 className="panel__title form-grid__wide">{m.changeOwnName}</h2>
      <p className="muted form-grid__wide form-grid__note">{m.changeOwnNameHint}</p>
      <DisplayNameField
        value={typed}
        onChange={(value) => {
          setTyped(value);
          setChanged(false);
        }}
        testId="own-name"
      />
      <div className="form-grid__wide">
        <DoneNotice text={changed ? m.ownNameChanged : undefined} />
        <ErrorNotice failure={action.error} />
        <div className="buttons">
          <button type="submit" className="button button--primary" disabled={action.busy || unchanged} data-testid="change-name">
            {action.busy ? m.working : m.changeOwnName}
          </button>
        </div>
      </div>
    </form>
  );
}
