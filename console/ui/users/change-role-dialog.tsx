import { useState, type FormEvent } from 'react';
import type { Role, User } from '../api/types.ts';
import { grantableRoles } from '../auth/capabilities.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useKnownOrg } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { RoleFields } from './role-fields.tsx';

/**
 * Another role or organisation for a user (admins only). The dialog says what it is now, that every session of
 * the user ends, and that the last administrator stays one; the server holds to that last rule and says so.
 */
export function ChangeRoleDialog({ target, onClose, onChanged }: { target: User; onClose(): void; onChanged(user: User): void }) {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const currentOrg = useKnownOrg(target.org);
  const [role, setRole] = useState<Role>(target.role);
  const [org, setOrg] = useState(target.org ?? '');
  const action = useAction();
  const who = m.userLabel(target.displayName, target.username);
  const unchanged = role === target.role && (role === 'admin' || org === target.org);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      onChanged(await api.changeRole(target.id, { role, org: role === 'admin' ? undefined : org }));
      return undefined;
    });
  };
  return (
    <Dialog title={m.changeRoleTitle} onClose={onClose} testId="change-role-dialog">
      <form className="dialog__form" onSubmit={submit}>
        <p className="dialog__lead" data-testid="change-role-current">
          {m.currentRole(who, m.roles[target.role], target.org === null ? null : (currentOrg?.name ?? target.org))}
        </p>
        <RoleFields roles={grantableRoles(user)} role={role} org={org} roleLabel={m.newRole} onRole={setRole} onOrg={setOrg} />
        <p data-testid="change-role-meaning">{m.changeRoleMeaning}</p>
        {target.id === user.id && (
          <p className="notice notice--info" data-testid="change-role-own">
            {m.changeRoleOwn}
          </p>
        )}
        <ErrorNotice failure={action.error} />
        <DialogButtons label={m.save} disabled={action.busy || unchanged || (role !== 'admin' && org === '')} testId="confirm-change-role" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
