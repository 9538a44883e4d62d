import { useMessages } from '../i18n/language.tsx';

/** The longest display name the server takes (after trimming). */
const MAX_DISPLAY_NAME = 64;

/** What a typed name sends: trimmed, and nothing typed means no name. */
export const displayNameOf = (typed: string): string | null => typed.trim() || null;

/** A display name being typed, with what it may be said under it. Empty is allowed: it means no name. */
export function DisplayNameField({ value, onChange, testId }: { value: string; onChange(value: string): void; testId: string }) {
  const m = useMessages();
  return (
    <label className="field form-grid__wide">
      <span className="field__label">{m.name}</span>
      <input value={value} onChange={(event) => onChange(event.target.value)} maxLength={MAX_DISPLAY_NAME} autoComplete="off" data-testid={testId} />
      <span className="field__hint" data-testid={`${testId}-rule`}>
        {m.displayNameRule}
      </span>
    </label>
  );
}
