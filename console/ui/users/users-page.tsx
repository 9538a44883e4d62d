import { useState } from 'react';
import type { User } from '../api/types.ts';
import { can } from '../auth/capabilities.ts';
import { DoneNotice } from '../components/error-notice.tsx';
import { Empty, LoadState } from '../components/loading.tsx';
import { OrgSelect } from '../components/org-select.tsx';
import { useLoad } from '../components/use-load.ts';
import { useMessages } from '../i18n/language.tsx';
import type { Messages } from '../i18n/messages.ts';
import { useSession, useSignedIn } from '../session/session.tsx';
import { ChangeRoleDialog } from './change-role-dialog.tsx';
import { CreateUserDialog } from './create-user-dialog.tsx';
import { LinkMemberDialog } from './link-member-dialog.tsx';
import { RenameUserDialog } from './rename-user-dialog.tsx';
import { ResetPasswordDialog } from './reset-password-dialog.tsx';
import { UserStatusDialog } from './user-status-dialog.tsx';
import { UserTable, type UserAction } from './user-table.tsx';

/** What was last done, kept as the user it was done to, so the notice follows a switch of language. */
interface Outcome {
  kind: 'created' | 'renamed' | 'member' | 'status' | 'password' | 'role';
  user: User;
}

function outcomeText(m: Messages, { kind, user }: Outcome): string {
  const who = m.userLabel(user.displayName, user.username);
  switch (kind) {
    case 'created':
      return m.createdUserNotice(who);
    case 'renamed':
      return m.renamedUserNotice(user.username, user.displayName);
    case 'member':
      return user.member === null ? m.unlinkedMemberNotice(who) : m.linkedMemberNotice(who, user.member);
    case 'status':
      return user.disabled ? m.disabledUserNotice(who) : m.enabledUserNotice(who);
    case 'password':
      return m.passwordResetNotice(who);
    case 'role':
      return m.roleChangedNotice(who, m.roles[user.role]);
  }
}

/**
 * 用户 / Users: the console's accounts within reach, for admins and organisers: creating one, putting a name
 * right, linking the member the person is, disabling and enabling, a new password for someone who forgot theirs,
 * and (admins) another role or organisation.
 */
export function UsersPage() {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const { refreshUser } = useSession();
  const [org, setOrg] = useState('');
  const [creating, setCreating] = useState(false);
  const [acting, setActing] = useState<{ action: UserAction; user: User }>();
  const [outcome, setOutcome] = useState<Outcome>();
  const users = useLoad(() => api.users(org || undefined), `users|${org}`);
  const close = (): void => setActing(undefined);
  const done = (kind: Outcome['kind']) => (changed: User) => {
    // One's own name or member, changed here, shows under My account straight away; the session goes on.
    if (kind === 'renamed' || kind === 'member') refreshUser(changed);
    setOutcome({ kind, user: changed });
    setCreating(false);
    setActing(undefined);
    users.reload();
  };

  return (
    <section>
      <div className="page__head">
        <h1>{m.usersTitle}</h1>
        {can(user, 'user.create') && (
          <button
          type="button"
          className="button button--primary"
          onClick={() => {
            setOutcome(undefined);
            setCreating(true);
          }}
          data-testid="create-user"
        >
          {m.createUser}
          </button>
        )}
        <p className="muted">{m.usersHint}</p>
      </div>
      <div className="filters">
        <OrgSelect label={m.organisation} value={org} onChange={setOrg} allLabel={m.allWithinReach} testId="users-org" />
      </div>
      <DoneNotice text={outcome && outcomeText(m, outcome)} />
      <LoadState loaded={users}>
        {(list) =>
          list.length === 0 ? (
            <Empty text={m.noUsers} />
          ) : (
            <UserTable
              users={list}
              onAction={(action, target) => {
                setOutcome(undefined);
                setActing({ action, user: target });
              }}
            />
          )
        }
      </LoadState>
      {creating && <CreateUserDialog initialOrg={org || (user.org ?? '')} onClose={() => setCreating(false)} onCreated={done('created')} />}
      {acting?.action === 'rename' && <RenameUserDialog target={acting.user} onClose={close} onRenamed={done('renamed')} />}
      {acting?.action === 'member' && <LinkMemberDialog target={acting.user} onClose={close} onChanged={done('member')} />}
      {acting?.action === 'status' && <UserStatusDialog target={acting.user} onClose={close} onChanged={done('status')} />}
      {acting?.action === 'password' && <ResetPasswordDialog target={acting.user} onClose={close} onReset={done('password')} />}
      {acting?.action === 'role' && <ChangeRoleDialog target={acting.user} onClose={close} onChanged={done('role')} />}
    </section>
  );
}
