import { useMessages } from '../i18n/language.tsx';
import { useOrgDirectory } from '../orgs/org-directory.tsx';

/**
 * A choice among the organisations within the user's reach, indented by depth so the tree shows. `allLabel`
 * adds an empty choice ("all within reach").
 */
export function OrgSelect({ value, onChange, allLabel, label, required, testId }: { value: string; onChange(code: string): void; allLabel?: string; label: string; required?: boolean; testId?: string }) {
  const m = useMessages();
  const { orgs } = useOrgDirectory();
  const top = Math.min(...orgs.map((org) => org.depth));
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} required={required} data-testid={testId}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {allLabel === undefined && value === '' && <option value="">{m.choose}</option>}
        {orgs.map((org) => (
          <option key={org.code} value={org.code}>
            {'\u3000'.repeat(Math.max(0, org.depth - top))}
            {org.name} ({org.code})
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * An organisation anywhere in the country, by code: transfers and mobile registrations name organisations
 * outside the user's own subtree, which the user cannot list. Those within reach are offered as suggestions.
 */
export function OrgCodeInput({ value, onChange, label, hint, testId }: { value: string; onChange(code: string): void; label: string; hint?: string; testId?: string }) {
  const { orgs } = useOrgDirectory();
  const listId = `${testId ?? 'org'}-suggestions`;
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input value={value} onChange={(event) => onChange(event.target.value.trim())} list={listId} required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,63}" data-testid={testId} />
      <datalist id={listId}>
        {orgs.map((org) => (
          <option key={org.code} value={org.code}>
            {org.name}
          </option>
        ))}
      </datalist>
      {hint && <span className="field__hint">{hint}</span>}
    </label>
  );
}
