import type { FormEvent } from 'react';
import type { User } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { NewPasswordFields, useNewPassword } from '../components/new-password-fields.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';

/**
 * A new password for someone who forgot theirs, typed twice. The dialog says that every session of theirs ends
 * and that the new password must reach them by word of mouth.
 */
export function ResetPasswordDialog({ target, onClose, onReset }: { target: User; onClose(): void; onReset(user: User): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const password = useNewPassword();
  const action = useAction();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const chosen = password.take();
    if (chosen === undefined) return;
    void action.run(async () => {
      onReset(await api.resetPassword(target.id, { newPassword: chosen }));
      return undefined;
    });
  };
  return (
    <Dialog title={m.resetPasswordFor(m.userLabel(target.displayName, target.username))} onClose={onClose} testId="reset-password-dialog">
      <form className="dialog__form" onSubmit={submit}>
        <p data-testid="reset-password-meaning">{m.resetPasswordMeaning}</p>
        <NewPasswordFields entry={password} label={m.newPassword} testId="reset-password" />
        <ErrorNotice failure={action.error} />
        <DialogButtons label={m.resetPassword} disabled={action.busy} testId="confirm-reset-password" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
