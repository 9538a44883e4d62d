import type { User } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';

/**
 * Disabling (or enabling again) after a confirmation that says what it means: a disabled person is signed out
 * everywhere at once and cannot sign in; enabled again, they sign in anew.
 */
export function UserStatusDialog({ target, onClose, onChanged }: { target: User; onClose(): void; onChanged(user: User): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const action = useAction();
  const disabling = !target.disabled;
  const who = m.userLabel(target.displayName, target.username);
  const confirm = (): void => {
    void action.run(async () => {
      onChanged(await (disabling ? api.disableUser(target.id) : api.enableUser(target.id)));
      return undefined;
    });
  };
  return (
    <Dialog title={disabling ? m.disableUserTitle : m.enableUserTitle} onClose={onClose} testId="user-status-dialog">
      <p className="dialog__lead">{disabling ? m.disableUserQuestion(who) : m.enableUserQuestion(who)}</p>
      <p data-testid="user-status-meaning">{disabling ? m.disableUserMeaning : m.enableUserMeaning}</p>
      <ErrorNotice failure={action.error} />
      <DialogButtons
        label={disabling ? m.disableUser : m.enableUser}
        tone={disabling ? 'danger' : 'primary'}
        disabled={action.busy}
        testId="confirm-user-status"
        onConfirm={confirm}
        onCancel={onClose}
      />
    </Dialog>
  );
}
