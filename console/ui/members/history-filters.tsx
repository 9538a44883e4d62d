import { useState, type FormEvent } from 'react';
import type { MeetingKind } from '../api/types.ts';
import { useLanguage } from '../i18n/language.tsx';
import { kindName } from '../meetings/meeting-kind-name.ts';

export interface HistoryFilter {
  /** YYYY-MM-DD or '' */
  from: string;
  to: string;
  /** a meeting kind code or '' for all */
  kind: string;
}

/** Applied with the button (or Enter), not on every keystroke, so a half-typed date never queries the server. */
export function HistoryFilters({ value, kinds, onApply }: { value: HistoryFilter; kinds: MeetingKind[]; onApply(filter: HistoryFilter): void }) {
  const { messages: m, language } = useLanguage();
  const [draft, setDraft] = useState(value);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onApply(draft);
  };
  const clear = (): void => {
    const empty = { from: '', to: '', kind: '' };
    setDraft(empty);
    onApply(empty);
  };
  return (
    <form className="filters" onSubmit={submit} data-testid="history-filters">
      <label className="field">
        <span className="field__label">{m.dateFrom}</span>
        <input type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} data-testid="filter-from" />
      </label>
      <label className="field">
        <span className="field__label">{m.dateTo}</span>
        <input type="date" value={draft.to} min={draft.from || undefined} onChange={(event) => setDraft({ ...draft, to: event.target.value })} data-testid="filter-to" />
      </label>
      <label className="field">
        <span className="field__label">{m.meetingKind}</span>
        <select value={draft.kind} onChange={(event) => setDraft({ ...draft, kind: event.target.value })} data-testid="filter-kind">
          <option value="">{m.allKinds}</option>
          {kinds.map((kind) => (
            <option key={kind.code} value={kind.code}>
              {kindName(kind, language)}
            </option>
          ))}
        </select>
      </label>
      <div className="filters__buttons">
        <button type="submit" className="button button--primary" data-testid="filter-apply">
          {m.applyFilter}
        </button>
        <button type="button" className="button button--quiet" onClick={clear}>
          {m.clearFilter}
        </button>
      </div>
    </form>
  );
}
