import type { Role } from '../api/types.ts';
import { OrgSelect } from '../components/org-select.tsx';
import { useMessages } from '../i18n/language.tsx';

/**
 * A role and, for every role but admin, the organisation it is held in: what each role may do is said under
 * the choice, so nobody has to know the words in advance.
 */
export function RoleFields({ roles, role, org, roleLabel, onRole, onOrg }: {
  roles: readonly Role[];
  role: Role;
  org: string;
  roleLabel: string;
  onRole(role: Role): void;
  onOrg(code: string): void;
}) {
  const m = useMessages();
  return (
    <>
      <label className="field">
        <span className="field__label">{roleLabel}</span>
        <select value={role} onChange={(event) => onRole(roles.find((choice) => choice === event.target.value) ?? role)} data-testid="user-role-choice">
          {roles.map((choice) => (
            <option key={choice} value={choice}>
              {m.roles[choice]}
            </option>
          ))}
        </select>
        <span className="field__hint" data-testid="user-role-hint">
          {m.roleHints[role]}
        </span>
      </label>
      {role === 'admin' ? (
        <p className="field__hint" data-testid="user-admin-no-org">
          {m.adminHasNoOrg}
        </p>
      ) : (
        <OrgSelect label={m.organisation} value={org} onChange={onOrg} required testId="user-org-choice" />
      )}
    </>
  );
}
