import { useState, type FormEvent } from 'react';
import type { Role, User } from '../api/types.ts';
import { grantableRoles } from '../auth/capabilities.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { NewPasswordFields, useNewPassword } from '../components/new-password-fields.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { RoleFields } from './role-fields.tsx';

/** The role most accounts are made for, and one every role that creates accounts may give. */
const USUAL_ROLE: Role = 'secretary';

/**
 * A new account: who it is for, what they may do and where, and the first password, which the creator tells
 * the person and the person then changes. The roles offered are those the creator may give.
 */
export function CreateUserDialog({ initialOrg, onClose, onCreated }: { initialOrg: string; onClose(): void; onCreated(user: User): void }) {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>(USUAL_ROLE);
  const [org, setOrg] = useState(initialOrg);
  const [member, setMember] = useState('');
  const password = useNewPassword();
  const action = useAction();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const chosen = password.take();
    if (chosen === undefined) return;
    void action.run(async () => {
      onCreated(
        await api.createUser({
          username: username.trim(),
          displayName: displayName.trim(),
          role,
          org: role === 'admin' ? undefined : org,
          member: member.trim() || undefined,
          password: chosen,
        }),
      );
      return undefined;
    });
  };
  return (
    <Dialog title={m.createUser} onClose={onClose} testId="create-user-dialog" wide>
      <form className="form-grid" onSubmit={submit}>
        <p className="muted form-grid__wide form-grid__note">{m.createUserHint}</p>
        <label className="field">
          <span className="field__label">{m.name}</span>
          <input value={displayName} onChange={(event) => setDisplayName(event.target.value)} required maxLength={64} data-testid="user-display-name" />
          <span className="field__hint">{m.displayNameHint}</span>
        </label>
        <label className="field">
          <span className="field__label">{m.username}</span>
          <input
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
            pattern="[A-Za-z0-9._\-]{3,64}"
            autoComplete="off"
            data-testid="user-username"
          />
          <span className="field__hint">{m.usernameHint}</span>
        </label>
        <RoleFields roles={grantableRoles(user)} role={role} org={org} roleLabel={m.role} onRole={setRole} onOrg={setOrg} />
        <label className="field form-grid__wide">
          <span className="field__label">{m.linkedMemberOptional}</span>
          <input value={member} onChange={(event) => setMember(event.target.value)} data-testid="user-member" />
          <span className="field__hint">{m.linkedMemberHint}</span>
        </label>
        <NewPasswordFields entry={password} label={m.initialPassword} testId="user-password" />
        <div className="form-grid__wide">
          <ErrorNotice failure={action.error} />
          <DialogButtons label={m.create} disabled={action.busy || (role !== 'admin' && org === '')} testId="confirm-create-user" onCancel={onClose} />
        </div>
      </form>
    </Dialog>
  );
}
