import { useState, type FormEvent } from 'react';
import type { User } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { DisplayNameField, displayNameOf } from './display-name-field.tsx';

/** Puts right a misspelt name, starting from the one the account has; emptied, the account has none. */
export function RenameUserDialog({ target, onClose, onRenamed }: { target: User; onClose(): void; onRenamed(user: User): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [typed, setTyped] = useState(target.displayName ?? '');
  const action = useAction();
  const unchanged = displayNameOf(typed) === target.displayName;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      onRenamed(await api.renameUser(target.id, displayNameOf(typed)));
      return undefined;
    });
  };
  return (
    <Dialog title={m.renameUserTitle(m.userLabel(target.displayName, target.username))} onClose={onClose} testId="rename-user-dialog">
      <form className="dialog__form" onSubmit={submit}>
        <DisplayNameField value={typed} onChange={setTyped} testId="rename-user-name" />
        <ErrorNotice failure={action.error} />
        <DialogButtons label={m.save} disabled={action.busy || unchanged} testId="confirm-rename-user" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
