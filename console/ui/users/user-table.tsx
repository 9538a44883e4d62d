import type { User } from '../api/types.ts';
import { can } from '../auth/capabilities.ts';
import { Link } from '../app/router.tsx';
import { useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';

export type UserAction = 'rename' | 'member' | 'status' | 'password' | 'role';

/**
 * The accounts, one row each: who, what role where, whether they can sign in, the member they are. Each row
 * offers what the signed-in user may do to it; nobody disables their own account or resets their own password
 * here (that is done with the current password, under My account), but a misspelt name of one's own is put
 * right here as well as there.
 */
export function UserTable({ users, onAction }: { users: User[]; onAction(action: UserAction, user: User): void }) {
  const m = useMessages();
  const { user: me } = useSignedIn();
  const mayDisable = can(me, 'user.disable');
  const mayReset = can(me, 'user.password.reset');
  const mayChangeRole = can(me, 'user.role.change');
  const mayRename = can(me, 'user.display-name');
  const mayLink = can(me, 'user.update');
  const mayAct = mayRename || mayLink || mayDisable || mayReset || mayChangeRole;
  return (
    <table className="table" data-testid="users">
      <thead>
        <tr>
          <th>{m.name}</th>
          <th>{m.username}</th>
          <th>{m.role}</th>
          <th>{m.organisation}</th>
          <th>{m.status}</th>
          <th>{m.linkedMember}</th>
          {mayAct && <th />}
        </tr>
      </thead>
      <tbody>
        {users.map((user) => {
          const isMe = user.id === me.id;
          const status = user.disabled ? 'disabled' : 'enabled';
          return (
            <tr key={user.id} data-testid={`user-${user.username}`} data-status={status}>
              <td>
                {user.displayName === null ? <span className="muted">—</span> : <strong data-testid="user-name">{user.displayName}</strong>}
                {isMe && <span className="tag">{m.thisIsYou}</span>}
              </td>
              <td>{user.username}</td>
              <td data-testid="user-role">{m.roles[user.role]}</td>
              <td data-testid="user-org">{user.org === null ? <span className="muted">{m.wholeTree}</span> : <OrgName code={user.org} />}</td>
              <td>
                <span className={`status status--user-${status}`} data-testid="user-status">
                  {m.userStatuses[status]}
                </span>
              </td>
              <td data-testid="user-member">{user.member === null ? <span className="muted">—</span> : <Link to={{ page: 'member', number: user.member }}>{user.member}</Link>}</td>
              {mayAct && (
                <td className="actions">
                  {mayRename && (
                    <button type="button" className="button button--quiet" onClick={() => onAction('rename', user)} data-testid="rename-user">
                      {m.renameUser}
                    </button>
                  )}
                  {mayLink && (
                    <button type="button" className="button button--quiet" onClick={() => onAction('member', user)} data-testid="link-member">
                      {m.linkMember}
                    </button>
                  )}
                  {mayDisable && !isMe && (
                    <button type="button" className="button button--quiet" onClick={() => onAction('status', user)} data-testid="user-status-action">
                      {user.disabled ? m.enableUser : m.disableUser}
                    </button>
                  )}
                  {mayReset && !isMe && (
                    <button type="button" className="button button--quiet" onClick={() => onAction('password', user)} data-testid="reset-password">
                      {m.resetPassword}
                    </button>
                  )}
                  {mayChangeRole && (
                    <button type="button" className="button button--quiet" onClick={() => onAction('role', user)} data-testid="change-role">
                      {m.changeRole}
                    </button>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
