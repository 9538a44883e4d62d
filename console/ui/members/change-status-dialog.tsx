import { useState, type FormEvent } from 'react';
import type { ApiFailure } from '../api/http-client.ts';
import type { Member } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { daysFromToday, endAfter, lastDayOf } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import type { Messages } from '../i18n/messages.ts';
import { useKnownOrg } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';

type MemberStatus = Member['status'];

const endsMembership = (status: MemberStatus): status is 'left' | 'deceased' => status === 'left' || status === 'deceased';

/** What the member may become from where they are: a suspension is lifted by setting them active again. */
const choicesFrom = (status: MemberStatus): MemberStatus[] => (status === 'suspended' ? ['active', 'left', 'deceased'] : ['suspended', 'left', 'deceased']);

/**
 * The server's refusal of the day, said as the day that would do: its details name the limit the day met
 * (today, the last change of status, or the first day of the home membership).
 */
function dayProblem(m: Messages, failure: ApiFailure | undefined, member: Member, status: MemberStatus): string | undefined {
  if (failure?.code !== 'ERR_MEMBER_STATUS_DATE_INVALID') return undefined;
  const { today, since, homeFrom } = failure.details ?? {};
  if (typeof today === 'string') return m.statusDayAfterToday(today);
  if (typeof since === 'string') return m.statusDayBeforeStatus(m.memberStatuses[member.status], since);
  // A membership that ends keeps at least its first day, so leaving or death needs a later day than that.
  if (typeof homeFrom === 'string') return m.statusDayBeforeHome(homeFrom, endsMembership(status) ? endAfter(homeFrom) : homeFrom);
  return undefined;
}

/** Leaving and death, said before they are confirmed: final, and everything they end on that day. */
function FinalConsequences({ member, day }: { member: Member; day: string }) {
  const m = useMessages();
  const home = useKnownOrg(member.homeOrg);
  return (
    <div className="notice notice--error" data-testid="status-consequences">
      <p className="notice__main">{m.statusFinalLead(day)}</p>
      <ul>
        {m.statusFinalItems(home?.name ?? member.homeOrg ?? '', lastDayOf(day)).map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * An organiser records that a member was suspended, is active again, left or died: from which day and why.
 * What the change does is said before it is confirmed, above all that leaving and death are final and
 * revoke the card. The server checks the day; its refusal is shown beside the day as the day that would do.
 */
export function ChangeStatusDialog({ member, onClose, onChanged }: { member: Member; onClose(): void; onChanged(changed: Member): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const choices = choicesFrom(member.status);
  const [status, setStatus] = useState<MemberStatus>(choices[0] ?? 'suspended');
  const today = daysFromToday(0);
  const [day, setDay] = useState(today);
  const [reason, setReason] = useState('');
  const action = useAction();
  const problem = dayProblem(m, action.error, member, status);
  const choose = (next: MemberStatus): void => {
    setStatus(next);
    action.clear();
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      onChanged(await api.changeMemberStatus(member.memberNumber, { status, on: day, reason: reason.trim() }));
      return undefined;
    });
  };
  return (
    <Dialog title={m.changeStatusTitle(member.name)} onClose={onClose} testId="change-status-dialog" wide>
      <form className="dialog__form" onSubmit={submit}>
        <p className="dialog__lead">{m.changeStatusLead(member.name, m.memberStatuses[member.status])}</p>
        <div className="field">
          <span className="field__label" id="status-choice-label">
            {m.newStatus}
          </span>
          {/* A plain block around it, so the choices keep their own width inside the field's column. */}
          <div>
            <div className="segmented" role="radiogroup" aria-labelledby="status-choice-label" data-testid="status-choices">
              {choices.map((option) => (
                <label key={option} className={option === status ? 'segmented__item segmented__item--current' : 'segmented__item'}>
                  <input type="radio" name="status" value={option} checked={option === status} onChange={() => choose(option)} data-testid={`status-choice-${option}`} />
                  {m.statusChoices[option]}
                </label>
              ))}
            </div>
          </div>
        </div>
        <label className="field">
          <span className="field__label">{m.statusDay}</span>
          <input
            type="date"
            value={day}
            max={today}
            required
            onChange={(event) => {
              setDay(event.target.value);
              action.clear();
            }}
            aria-invalid={problem !== undefined}
            data-testid="status-day"
          />
          {problem ? (
            <span className="field__problem" data-testid="status-day-problem">
              {problem}
            </span>
          ) : (
            <span className="field__hint">{m.statusDayHint}</span>
          )}
        </label>
        <label className="field">
          <span className="field__label">{m.reason}</span>
          <textarea value={reason} onChange={(event) => setReason(event.target.value)} required maxLength={500} rows={2} data-testid="status-reason" />
          <span className="field__hint">{m.statusChangeReasonHint}</span>
        </label>
        {endsMembership(status) ? (
          <FinalConsequences member={member} day={day || today} />
        ) : (
          <p className="notice notice--info" data-testid="status-consequences">
            {m.statusChangeMeaning[status]}
          </p>
        )}
        <ErrorNotice failure={action.error} />
        <DialogButtons
          label={m.confirmStatusChange[status]}
          tone={endsMembership(status) ? 'danger' : 'primary'}
          disabled={action.busy || reason.trim() === '' || day === ''}
          testId="confirm-status-change"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
