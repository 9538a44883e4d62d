import { useState, type FormEvent } from 'react';
import type { KioskApi } from '../bridge/kiosk-bridge.ts';
import { useMessages } from '../i18n/language.tsx';
import { ErrorMessage, SecretaryPanel } from './secretary-panel.tsx';
import { TextField } from './text-field.tsx';
import { useCall } from './use-call.ts';

/** First run: binds this kiosk's key to a branch with the organiser's one-time code. */
export function EnrolForm({ api, onEnrolled, onBack }: { api: KioskApi; onEnrolled: () => void; onBack: () => void }) {
  const messages = useMessages();
  const call = useCall();
  const [serverUrl, setServerUrl] = useState('');
  const [token, setToken] = useState('');
  const [name, setName] = useState('');
  const [missing, setMissing] = useState<string>();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const fields: [string, string][] = [
      [messages.enrolServerUrl, serverUrl],
      [messages.enrolToken, token],
      [messages.enrolName, name],
    ];
    const empty = fields.find(([, value]) => value.trim() === '');
    setMissing(empty?.[0]);
    if (empty) return;
    call.run(() => api.enroll(serverUrl.trim(), token.trim(), name.trim()), onEnrolled);
  };

  return (
    <SecretaryPanel title={messages.enrolTitle} onBack={onBack}>
      <div className="split">
        <section>
          <p className="secretary__text">{messages.enrolHint}</p>
          {missing && (
            <p className="secretary__error" role="alert">
              {messages.fieldRequired(missing)}
            </p>
          )}
          <ErrorMessage error={call.error} />
        </section>
        <form className="form" onSubmit={submit} noValidate>
          <TextField label={messages.enrolServerUrl} value={serverUrl} onChange={setServerUrl} type="url" inputMode="url" placeholder="https://" autoComplete="off" />
          <TextField label={messages.enrolToken} value={token} onChange={setToken} autoComplete="off" spellCheck={false} />
          <TextField label={messages.enrolName} value={name} onChange={setName} maxLength={100} autoComplete="off" />
          <button type="submit" className="button button--primary button--wide" disabled={call.busy}>
            {call.busy ? messages.working : messages.enrolSubmit}
          </button>
        </form>
      </div>
    </SecretaryPanel>
  );
}
