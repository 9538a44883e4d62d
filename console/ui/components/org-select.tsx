import { useMessages } from '../i18n/language.tsx';
import { useOrgDirectory } from '../orgs/org-directory.tsx';
import { OrgPicker } from './org-picker.tsx';
import { useOrgSearch } from './use-org-search.ts';

interface OrgChoiceProps {
  value: string;
  onChange(code: string): void;
  allLabel?: string;
  label: string;
  required?: boolean;
  testId?: string;
}

/**
 * A choice among the organisations within the user's reach: a list indented by depth, so the tree shows, when
 * the console holds them all; a picker that searches the server when they are too many (a province), or when
 * the list could not be read. `allLabel` adds an empty choice ("all within reach").
 */
export function OrgSelect(props: OrgChoiceProps) {
  const { complete } = useOrgDirectory();
  if (complete === undefined) return <OrgList {...props} reading />;
  return complete ? <OrgList {...props} /> : <OrgPicker {...props} />;
}

/** `reading`: the list is still on its way, so there is nothing to choose yet. */
function OrgList({ value, onChange, allLabel, label, required, testId, reading = false }: OrgChoiceProps & { reading?: boolean }) {
  const m = useMessages();
  const { orgs } = useOrgDirectory();
  const top = Math.min(...orgs.map((org) => org.depth));
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} required={required} disabled={reading} data-testid={testId}>
        {reading && <option value={value}>{m.orgListReading}</option>}
        {!reading && allLabel !== undefined && <option value="">{allLabel}</option>}
        {!reading && allLabel === undefined && value === '' && <option value="">{m.choose}</option>}
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
 * outside the user's own subtree, which the user cannot list. Those within reach are offered as suggestions:
 * all of them when the console holds them all, else those the server finds for what has been typed.
 */
export function OrgCodeInput({ value, onChange, label, hint, testId }: { value: string; onChange(code: string): void; label: string; hint?: string; testId?: string }) {
  const { orgs: all, complete } = useOrgDirectory();
  const found = useOrgSearch(complete ? '' : value);
  const orgs = complete ? all : found.orgs;
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
