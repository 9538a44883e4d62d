import { useState, type FormEvent } from 'react';
import type { Member, MemberStatusCorrection } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { formatDate } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { useKnownOrg } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';

/** What came back and what did not: the card above all, since the member cannot check in until they have a new one. */
function CorrectionResult({ result, onClose }: { result: MemberStatusCorrection; onClose(): void }) {
  const m = useMessages();
  const { member, reopenedHome } = result;
  const home = useKnownOrg(reopenedHome?.org);
  const stillEnded = result.endedMobilePeriods.length + result.cancelledTransfers.length > 0;
  return (
    <div className="dialog__form" data-testid="correction-result">
      <p className="notice notice--done">{m.correctedNotice(member.name, m.memberStatuses[member.status])}</p>
      {reopenedHome && <p>{m.correctedHome(home?.name ?? reopenedHome.org, formatDate(reopenedHome.from))}</p>}
      {result.newCardNeeded && (
        <p className="notice notice--info" data-testid="correction-new-card">
          {m.correctedNewCard(result.revokedCards.join('、'))}
        </p>
      )}
      {stillEnded && <p>{m.correctedStillEnded(result.endedMobilePeriods.length, result.cancelledTransfers.length)}</p>}
      <div className="buttons">
        <button type="button" className="button button--primary" onClick={onClose} data-testid="correction-done">
          {m.closeCorrection}
        </button>
      </div>
    </div>
  );
}

/**
 * An admin puts right a leaving or death recorded by mistake. The dialog says first what comes back and what does
 * not (the card stays revoked, ended registrations and letters stay ended), asks why it was a mistake, and then
 * shows what the server did.
 */
export function CorrectStatusDialog({ member, onClose }: { member: Member; onClose(corrected: boolean): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<MemberStatusCorrection>();
  const action = useAction();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      setResult(await api.correctMemberStatus(member.memberNumber, reason.trim()));
      return undefined;
    });
  };
  return (
    <Dialog title={m.correctStatusTitle(member.name)} onClose={() => onClose(result !== undefined)} testId="correct-status-dialog" wide>
      {result ? (
        <CorrectionResult result={result} onClose={() => onClose(true)} />
      ) : (
        <form className="dialog__form" onSubmit={submit}>
          <p className="dialog__lead">{m.correctStatusLead(member.name, m.memberStatuses[member.status], formatDate(member.statusSince))}</p>
          <div data-testid="correction-restores">
            <p>{m.correctStatusRestores}</p>
            <ul>
              {m.correctStatusRestoreItems.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
          <div data-testid="correction-keeps">
            <p>{m.correctStatusKeeps}</p>
            <ul>
              {m.correctStatusKeepItems.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          </div>
          <label className="field">
            <span className="field__label">{m.correctStatusReason}</span>
            <textarea value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} rows={3} data-testid="correction-reason" />
            <span className="field__hint">{m.correctStatusReasonHint}</span>
          </label>
          <ErrorNotice failure={action.error} />
          <DialogButtons label={m.confirmCorrectStatus} disabled={action.busy || reason.trim() === ''} testId="confirm-correction" onCancel={() => onClose(false)} />
        </form>
      )}
    </Dialog>
  );
}
