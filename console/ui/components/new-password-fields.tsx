import { useEffect, useRef, useState } from 'react';
import { useMessages } from '../i18n/language.tsx';
import { MIN_PASSWORD_LENGTH, passwordProblem, type PasswordProblem } from './password-rule.ts';

export interface NewPassword {
  password: string;
  repeat: string;
  problem: PasswordProblem | undefined;
  edit(field: 'password' | 'repeat', text: string): void;
  /** the password when it keeps the rule and both entries agree; otherwise undefined, with what is wrong marked */
  take(): string | undefined;
  clear(): void;
}

/** A new password typed twice; what was wrong stays marked until the next keystroke. */
export function useNewPassword(): NewPassword {
  const [fields, setFields] = useState({ password: '', repeat: '' });
  const [problem, setProblem] = useState<PasswordProblem>();
  return {
    ...fields,
    problem,
    edit(field, text) {
      setFields((current) => ({ ...current, [field]: text }));
      setProblem(undefined);
    },
    take() {
      const found = passwordProblem(fields.password, fields.repeat);
      setProblem(found);
      return found ? undefined : fields.password;
    },
    clear() {
      setFields({ password: '', repeat: '' });
      setProblem(undefined);
    },
  };
}

/**
 * The new password and the same again, with the rule said under the first field (and what is wrong in its
 * place, once the form was sent). "Show" helps whoever must read the password out to its owner.
 */
export function NewPasswordFields({ entry, label, testId }: { entry: NewPassword; label: string; testId: string }) {
  const m = useMessages();
  const [shown, setShown] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const second = useRef<HTMLInputElement>(null);
  // The field to correct gets the focus, so a keyboard or screen-reader user lands on it.
  useEffect(() => {
    if (entry.problem === 'too-short') first.current?.focus();
    if (entry.problem === 'mismatch') second.current?.focus();
  }, [entry.problem]);
  const type = shown ? 'text' : 'password';
  const tooShort = entry.problem === 'too-short';
  const mismatch = entry.problem === 'mismatch';
  return (
    <>
      <label className="field">
        <span className="field__label">{label}</span>
        <input
          ref={first}
          type={type}
          autoComplete="new-password"
          value={entry.password}
          onChange={(event) => entry.edit('password', event.target.value)}
          required
          aria-invalid={tooShort}
          aria-describedby={`${testId}-rule`}
          data-testid={testId}
        />
        <span id={`${testId}-rule`} className={tooShort ? 'field__problem' : 'field__hint'} data-testid={`${testId}-rule`}>
          {tooShort ? m.passwordTooShort(MIN_PASSWORD_LENGTH) : m.passwordRule(MIN_PASSWORD_LENGTH)}
        </span>
      </label>
      <label className="field">
        <span className="field__label">{m.repeatPassword}</span>
        <input
          ref={second}
          type={type}
          autoComplete="new-password"
          value={entry.repeat}
          onChange={(event) => entry.edit('repeat', event.target.value)}
          required
          aria-invalid={mismatch}
          aria-describedby={mismatch ? `${testId}-mismatch` : undefined}
          data-testid={`${testId}-repeat`}
        />
        {mismatch && (
          <span id={`${testId}-mismatch`} className="field__problem" data-testid={`${testId}-mismatch`}>
            {m.passwordMismatch}
          </span>
        )}
      </label>
      <label className="check">
        <input type="checkbox" checked={shown} onChange={(event) => setShown(event.target.checked)} data-testid={`${testId}-show`} /> {m.showPasswords}
      </label>
    </>
  );
}
