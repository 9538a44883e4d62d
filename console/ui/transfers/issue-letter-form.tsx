import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../components/error-notice.tsx';
import { OrgCodeInput } from '../components/org-select.tsx';
import { useAction } from '../components/use-action.ts';
import { useLoad } from '../components/use-load.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';

/** A new transfer letter: which member, to which organisation (anywhere), why, and for how many days. */
export function IssueLetterForm({ onIssued, member: presetMember }: { onIssued(): void; member?: string }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [member, setMember] = useState(presetMember ?? '');
  const [toOrg, setToOrg] = useState('');
  const [reason, setReason] = useState('');
  // The county sets the default validity and the longest allowed (GET /transfer-rules); empty means "the default".
  const rules = useLoad(() => api.transferRules(), 'rules').data;
  const [validDays, setValidDays] = useState<number | undefined>();
  const action = useAction();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      await api.issueTransfer({ member: member.trim(), toOrg, reason: reason.trim(), validDays: validDays ?? rules?.defaultValidDays });
      onIssued();
      return undefined;
    });
  };

  return (
    <form className="panel form-grid" onSubmit={submit} data-testid="issue-form">
      <h2 className="panel__title form-grid__wide">{m.issueLetter}</h2>
      <label className="field">
        <span className="field__label">{m.memberNumber}</span>
        <input value={member} onChange={(event) => setMember(event.target.value)} required readOnly={presetMember !== undefined} data-testid="issue-member" />
      </label>
      <OrgCodeInput label={m.receivingOrgCode} hint={m.receivingOrgHint} value={toOrg} onChange={setToOrg} testId="issue-to" />
      <label className="field form-grid__wide">
        <span className="field__label">{m.reason}</span>
        <input value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} placeholder={m.transferReasonPlaceholder} data-testid="issue-reason" />
      </label>
      <label className="field">
        <span className="field__label">{m.validDays}</span>
        <input
          type="number"
          min={1}
          max={rules?.maxValidDays}
          value={validDays ?? rules?.defaultValidDays ?? ''}
          onChange={(event) => setValidDays(event.target.value === '' ? undefined : Number(event.target.value))}
          data-testid="issue-days"
        />
        {rules && <span className="field__hint">{m.validDaysHint(rules.defaultValidDays, rules.maxValidDays)}</span>}
      </label>
      <div className="form-grid__wide">
        <ErrorNotice failure={action.error} />
        <button type="submit" className="button button--primary" disabled={action.busy} data-testid="issue-submit">
          {action.busy ? m.working : m.issue}
        </button>
      </div>
    </form>
  );
}
