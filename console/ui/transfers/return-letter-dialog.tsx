import { useState, type FormEvent } from 'react';
import type { Transfer } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';

/** Returning a letter needs a reason: the sending organisation reads it to put the letter right. */
export function ReturnLetterDialog({ transfer, onClose, onReturned }: { transfer: Transfer; onClose(): void; onReturned(): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [reason, setReason] = useState('');
  const action = useAction();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      await api.returnTransfer(transfer.id, reason.trim());
      onReturned();
      return undefined;
    });
  };
  return (
    <Dialog title={m.returnTitle} onClose={onClose} testId="return-dialog">
      <form onSubmit={submit}>
        <p>{m.returnQuestion(transfer.memberName, transfer.fromOrgName)}</p>
        <label className="field">
          <span className="field__label">{m.returnReason}</span>
          <textarea value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} rows={3} data-testid="return-reason" />
        </label>
        <ErrorNotice failure={action.error} />
        <DialogButtons label={m.returnLetter} tone="danger" disabled={action.busy || reason.trim() === ''} testId="confirm-return" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
