import { useState, type FormEvent } from 'react';
import type { KioskStatus } from '../../core/kiosk-api.ts';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { ErrorMessage, Notice, SecretaryPanel } from './secretary-panel.tsx';
import { TextField } from './text-field.tsx';
import { useCall } from './use-call.ts';

/** Sets or changes the admin PIN; changing it needs the current one (the core enforces that too). */
export function SetPin({ api, status, onBack }: { api: KioskApi; status: KioskStatus; onBack: () => void }) {
  const messages = useMessages();
  const call = useCall();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    call.run(
      () => api.setAdminPin(next, status.adminPinSet ? current : undefined),
      () => {
        setDone(true);
        setCurrent('');
        setNext('');
        setRepeat('');
      },
    );
  };

  const pinInput = { type: 'password', inputMode: 'numeric', autoComplete: 'off', maxLength: 12 } as const;
  if (done) {
    // The form would now ask for the current PIN (one is set): showing it under "done" reads as "do it again".
    return (
      <SecretaryPanel title={messages.setPinTitle} onBack={onBack}>
        <Notice>{messages.setPinDone}</Notice>
        <button type="button" className="button button--primary button--wide" onClick={onBack}>
          {messages.back}
        </button>
      </SecretaryPanel>
    );
  }
  return (
    <SecretaryPanel title={messages.setPinTitle} onBack={onBack}>
      <div className="split">
        <section>
          {!status.adminPinSet && <p className="secretary__text">{messages.setPinFirstHint}</p>}
          {mismatch && (
            <p className="secretary__error" role="alert">
              {messages.setPinMismatch}
            </p>
          )}
          <ErrorMessage error={call.error} />
        </section>
        <form className="form form--pin" onSubmit={submit}>
          {status.adminPinSet && <TextField label={messages.setPinCurrent} value={current} onChange={setCurrent} {...pinInput} />}
          <TextField label={messages.setPinNew} value={next} onChange={setNext} {...pinInput} />
          <TextField label={messages.setPinRepeat} value={repeat} onChange={setRepeat} {...pinInput} />
          <button type="submit" className="button button--primary button--wide" disabled={call.busy}>
            {call.busy ? messages.working : messages.confirm}
          </button>
        </form>
      </div>
    </SecretaryPanel>
  );
}
