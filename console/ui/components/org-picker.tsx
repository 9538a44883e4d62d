import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Org } from '../api/types.ts';
import { useMessages } from '../i18n/language.tsx';
import { useKnownOrg, useOrgDirectory } from '../orgs/org-directory.tsx';
import { ErrorNotice } from './error-notice.tsx';
import { useOrgSearch } from './use-org-search.ts';

interface Choice {
  /** '' for "all within reach" */
  code: string;
  label: string;
}

/** Shown before anything is typed: the top of the reach and the level below it, as far as they go. */
const SUGGESTIONS = 30;

const orgLabel = (org: Org): string => `${org.name} (${org.code})`;

/**
 * A choice among organisations too many to list: type a part of the name or the start of the code, then pick
 * from what the server finds, with the mouse or with ↑ ↓ and Enter (Esc closes the list). Before anything is
 * typed it offers the top of the user's reach. `allLabel` adds an empty choice ("all within reach").
 */
export function OrgPicker({ value, onChange, allLabel, label, required, testId }: { value: string; onChange(code: string): void; allLabel?: string; label: string; required?: boolean; testId?: string }) {
  const m = useMessages();
  const { orgs: tops } = useOrgDirectory();
  const chosen = useKnownOrg(value === '' ? null : value);
  const chosenLabel = value === '' ? (allLabel ?? '') : chosen ? orgLabel(chosen) : value;
  const [text, setText] = useState<string | undefined>();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();
  const listId = `${id}-list`;
  const typed = text ?? '';
  const search = useOrgSearch(open ? typed : '');

  const choices: Choice[] =
    typed.trim() === ''
      ? [...(allLabel !== undefined ? [{ code: '', label: allLabel }] : []), ...tops.slice(0, SUGGESTIONS).map((org) => ({ code: org.code, label: orgLabel(org) }))]
      : search.text === typed.trim()
        ? search.orgs.map((org) => ({ code: org.code, label: orgLabel(org) }))
        : [];
  const settled = typed.trim() !== '' && search.text === typed.trim() && !search.searching;

  // The browser says what is missing in the person's language when the form is sent without a choice.
  useEffect(() => {
    input.current?.setCustomValidity(required && value === '' ? m.orgPickerChooseFromList : '');
  }, [required, value, m]);

  // ↑ and ↓ move past the bottom of the list's scrolled box; the highlighted organisation stays in sight.
  useEffect(() => {
    if (open) list.current?.children[active]?.scrollIntoView({ block: 'nearest' });
  }, [open, active]);

  const close = (): void => {
    setOpen(false);
    setText(undefined);
  };
  const choose = (choice: Choice): void => {
    onChange(choice.code);
    close();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (choices.length > 0) setActive((index) => (event.key === 'ArrowDown' ? (index + 1) % choices.length : (index - 1 + choices.length) % choices.length));
    } else if (event.key === 'Enter' && open) {
      // Enter picks the highlighted organisation; it must not send the form around the picker.
      event.preventDefault();
      const choice = choices[active];
      if (choice) choose(choice);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      close();
    }
  };

  const optionId = (index: number): string => `${listId}-${index}`;
  // The list is not inside the <label>: there the highlighted organisation would become part of the field's name.
  return (
    <div className="field org-picker">
      <label className="field__label" htmlFor={`${id}-input`}>
        {label}
      </label>
      <input
        ref={input}
        id={`${id}-input`}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && choices[active] ? optionId(active) : undefined}
        autoComplete="off"
        placeholder={m.orgPickerPlaceholder}
        value={text ?? chosenLabel}
        required={required}
        onFocus={(event) => {
          event.target.select();
          setOpen(true);
        }}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onBlur={close}
        onKeyDown={onKeyDown}
        data-testid={testId}
      />
      {/* Always there, so the status below is a live region a screen reader follows as its words change. A press
          anywhere in it keeps the focus in the field, which would otherwise close the list and drop what was typed. */}
      <div className="org-picker__popup" hidden={!open} onMouseDown={(event) => event.preventDefault()}>
        <ul ref={list} className="org-picker__list" role="listbox" id={listId} aria-label={typed.trim() === '' ? m.orgPickerSuggestions : label}>
          {open &&
            choices.map((choice, index) => (
              <li
                key={choice.code}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'org-picker__option org-picker__option--active' : 'org-picker__option'}
                // Chosen on mouse down, before anything else can happen to the field.
                onMouseDown={() => choose(choice)}
              >
                {choice.label}
              </li>
            ))}
        </ul>
        <div role="status" className="org-picker__status">
          {typed.trim() !== '' && search.searching && <p className="muted">{m.orgPickerSearching}</p>}
          {settled && !search.error && search.orgs.length === 0 && <p data-testid="org-picker-no-match">{m.orgPickerNoMatch(typed.trim())}</p>}
          {settled && search.more && <p className="muted">{m.orgPickerMore}</p>}
        </div>
        <ErrorNotice failure={search.error} />
      </div>
    </div>
  );
}
