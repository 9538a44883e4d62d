import { useState, type FormEvent } from 'react';
import type { Finding } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useLanguage } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { explanationOf } from './explanation.ts';

/** Acknowledge (someone is on it) or resolve (done) a reminder, with an optional note for its history. */
export function FindingActionDialog({ finding, action, onClose, onDone }: { finding: Finding; action: 'acknowledge' | 'resolve'; onClose(): void; onDone(): void }) {
  const { messages: m, language } = useLanguage();
  const { api } = useSignedIn();
  const [note, setNote] = useState('');
  const run = useAction();
  const title = explanationOf(finding, language).title;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void run.run(async () => {
      const text = note.trim() === '' ? undefined : note.trim();
      await (action === 'acknowledge' ? api.acknowledgeFinding(finding.id, text) : api.resolveFinding(finding.id, text));
      onDone();
      return undefined;
    });
  };
  return (
    <Dialog title={action === 'acknowledge' ? m.acknowledgeTitle : m.resolveTitle} onClose={onClose} testId="finding-dialog">
      <form onSubmit={submit}>
        <p className="finding-dialog__title">{title}</p>
        <p className="muted">{action === 'acknowledge' ? m.acknowledgeHint : m.resolveHint}</p>
        <label className="field">
          <span className="field__label">{m.noteOptional}</span>
          <textarea value={note} onChange={(event) => setNote(event.target.value)} maxLength={1000} rows={3} data-testid="finding-note" />
        </label>
        <ErrorNotice failure={run.error} />
        <DialogButtons label={action === 'acknowledge' ? m.acknowledge : m.resolve} disabled={run.busy} testId="confirm-finding" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
