import { useEffect, useState, type ReactNode } from 'react';
import { useMessages } from '../i18n/language.tsx';

const MAX_DIGITS = 12;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

interface PinPadProps {
  busy: boolean;
  /** submits the digits; the pad clears itself so a wrong PIN is typed afresh */
  onSubmit: (pin: string) => void;
  submitLabel?: string;
  children?: ReactNode;
}

/** Big digit keys for a finger, and the number keys and Enter of a keyboard; the digits show as dots. */
export function PinPad({ busy, onSubmit, submitLabel, children }: PinPadProps) {
  const messages = useMessages();
  const [pin, setPin] = useState('');
  const press = (digit: string): void => setPin((current) => (current.length < MAX_DIGITS ? current + digit : current));
  const submit = (): void => {
    if (busy || pin.length === 0) return;
    onSubmit(pin);
    setPin('');
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (/^[0-9]$/.test(event.key)) press(event.key);
      else if (event.key === 'Backspace') setPin((current) => current.slice(0, -1));
      else if (event.key === 'Enter') {
        event.preventDefault();
        submit();
      } else return;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="pin-pad">
      <div className="pin-pad__status">
        <p className="pin-pad__dots" aria-live="polite" data-testid="pin-dots">
          {pin.length === 0 ? '\u00a0' : '●'.repeat(pin.length)}
        </p>
        {children}
        <button type="button" className="button button--primary button--wide" disabled={busy || pin.length === 0} onClick={submit}>
          {busy ? messages.working : (submitLabel ?? messages.confirm)}
        </button>
      </div>
      <div className="pin-pad__keys">
        {KEYS.map((digit) => (
          <button key={digit} type="button" className="pin-pad__key" onClick={() => press(digit)}>
            {digit}
          </button>
        ))}
        <button type="button" className="pin-pad__key pin-pad__key--small" onClick={() => setPin('')}>
          {messages.pinClear}
        </button>
        <button type="button" className="pin-pad__key" onClick={() => press('0')}>
          0
        </button>
        <button type="button" className="pin-pad__key pin-pad__key--small" onClick={() => setPin((current) => current.slice(0, -1))}>
          {messages.pinDelete}
        </button>
      </div>
    </div>
  );
}
