import { useState, type FormEvent } from 'react';
import type { MobilePeriod } from '../api/types.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { OrgCodeInput } from '../components/org-select.tsx';
import { useAction } from '../components/use-action.ts';
import { daysFromToday, endAfter } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';

/**
 * A member registered at an inflow organisation for a period, with a reason; their home does not change.
 * The last day may be left empty for a registration without a set end.
 */
export function RegisterMobileForm({ onDone, onCancel, member: presetMember }: { onDone(period: MobilePeriod): void; onCancel(): void; member?: string }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [member, setMember] = useState(presetMember ?? '');
  const [org, setOrg] = useState('');
  const [from, setFrom] = useState(daysFromToday(0));
  const [last, setLast] = useState(daysFromToday(180));
  const [reason, setReason] = useState('');
  const action = useAction();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      onDone(await api.registerMobile(member.trim(), { org, from, to: last === '' ? undefined : endAfter(last), reason: reason.trim() || undefined }));
      return undefined;
    });
  };
  return (
    <form className="panel form-grid" onSubmit={submit} data-testid="register-mobile-form">
      <h2 className="panel__title form-grid__wide">{m.registerMobile}</h2>
      <label className="field">
        <span className="field__label">{m.memberNumber}</span>
        <input value={member} onChange={(event) => setMember(event.target.value)} required readOnly={presetMember !== undefined} data-testid="mobile-member" />
      </label>
      <OrgCodeInput label={m.inflowOrgCode} hint={m.inflowOrgHint} value={org} onChange={setOrg} testId="mobile-org" />
      <label className="field">
        <span className="field__label">{m.firstDay}</span>
        <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} required data-testid="mobile-from" />
      </label>
      <label className="field">
        <span className="field__label">{m.lastDay}</span>
        <input type="date" value={last} min={from} onChange={(event) => setLast(event.target.value)} data-testid="mobile-last" />
        <span className="field__hint">{m.lastDayHint}</span>
      </label>
      <label className="field form-grid__wide">
        <span className="field__label">{m.reason}</span>
        <input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} placeholder={m.mobileReasonPlaceholder} data-testid="mobile-reason" />
      </label>
      <div className="form-grid__wide">
        <ErrorNotice failure={action.error} />
        <div className="buttons">
          <button type="submit" className="button button--primary" disabled={action.busy} data-testid="mobile-submit">
            {action.busy ? m.working : m.register}
          </button>
          <button type="button" className="button button--quiet" onClick={onCancel}>
            {m.cancel}
          </button>
        </div>
      </div>
    </form>
  );
}
