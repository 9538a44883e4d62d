import { useState, type FormEvent } from 'react';
import type { ApiFailure } from '../api/http-client.ts';
import type { Member } from '../api/types.ts';
import { DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { daysFromToday } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import type { IdNumberProblem, Messages } from '../i18n/messages.ts';
import { useSignedIn } from '../session/session.tsx';

/** The server's member-number rule (MemberNumberSchema), checked here so a typo is pointed out before sending. */
const MEMBER_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;
/** Only the shape: the birth date and the check character are the server's to judge (GB 11643), with one answer for every entry point. */
const ID_NUMBER_SHAPE = /^\d{17}[\dX]$/;
const ID_NUMBER_PROBLEMS: readonly IdNumberProblem[] = ['format', 'birth-date', 'check-digit'];

type Field = 'memberNumber' | 'idNumber';

/** A refusal the server ties to one field, in the words shown under it; anything else is shown as a notice. */
function fieldRefusal(m: Messages, failure: ApiFailure | undefined, memberNumber: string): { field: Field; text: string } | undefined {
  if (failure?.code === 'ERR_MEMBER_NUMBER_TAKEN') return { field: 'memberNumber', text: m.memberNumberTaken(memberNumber) };
  if (failure?.code === 'ERR_ID_NUMBER_TAKEN') return { field: 'idNumber', text: m.idNumberTaken };
  if (failure?.code === 'ERR_ID_NUMBER_INVALID') {
    const reason = ID_NUMBER_PROBLEMS.find((problem) => problem === failure.details?.reason) ?? 'format';
    return { field: 'idNumber', text: m.idNumberProblems[reason] };
  }
  return undefined;
}

/**
 * A new member whose home is `org`: member number, name, resident ID number and the day they belong here
 * from. What can be checked here is checked before sending; the server's refusals about a field are shown
 * under that field.
 */
export function AddMemberForm({ org, orgName, onAdded, onCancel }: { org: string; orgName: string; onAdded(member: Member): void; onCancel(): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [memberNumber, setMemberNumber] = useState('');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [since, setSince] = useState(daysFromToday(0));
  const [tried, setTried] = useState(false);
  const [sent, setSent] = useState({ memberNumber: '', idNumber: '' });
  const action = useAction();

  const numberText = memberNumber.trim();
  const idText = idNumber.trim().toUpperCase();
  const refusal = fieldRefusal(m, action.error, sent.memberNumber);
  // A refusal stays under its field until that field is changed.
  const serverProblem = (field: Field, value: string): string | undefined => (refusal?.field === field && sent[field] === value ? refusal.text : undefined);
  const problems: Record<Field, string | undefined> = {
    memberNumber: tried && !MEMBER_NUMBER.test(numberText) ? m.memberNumberInvalid : serverProblem('memberNumber', numberText),
    idNumber: tried && !ID_NUMBER_SHAPE.test(idText) ? m.idNumberProblems.format : serverProblem('idNumber', idText),
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setTried(true);
    if (!MEMBER_NUMBER.test(numberText) || !ID_NUMBER_SHAPE.test(idText)) return;
    setSent({ memberNumber: numberText, idNumber: idText });
    void action.run(async () => {
      onAdded(await api.createMember({ memberNumber: numberText, name: name.trim(), idNumber: idText, homeOrg: org, since }));
      return undefined;
    });
  };

  /** A field checked here and by the server: its problem, when there is one, replaces its hint. */
  const checkedField = (field: Field, label: string, hint: string, value: string, change: (value: string) => void, testId: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        value={value}
        onChange={(event) => change(event.target.value)}
        required
        autoComplete="off"
        aria-invalid={problems[field] !== undefined}
        aria-describedby={problems[field] ? `add-member-${field}-problem` : undefined}
        data-testid={testId}
      />
      {problems[field] ? (
        <span id={`add-member-${field}-problem`} className="field__problem" data-testid={`add-member-${field}-problem`}>
          {problems[field]}
        </span>
      ) : (
        <span className="field__hint">{hint}</span>
      )}
    </label>
  );

  return (
    <form className="panel form-grid" onSubmit={submit} data-testid="add-member-form">
      <h2 className="panel__title form-grid__wide">{m.addMember}</h2>
      <p className="muted form-grid__wide form-grid__note">{m.addMemberHint(orgName)}</p>
      {checkedField('memberNumber', m.memberNumber, m.memberNumberHint, memberNumber, setMemberNumber, 'add-member-number')}
      <label className="field">
        <span className="field__label">{m.name}</span>
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={64} autoComplete="off" data-testid="add-member-name" />
      </label>
      {checkedField('idNumber', m.idNumber, m.idNumberHint, idNumber, setIdNumber, 'add-member-id-number')}
      <label className="field">
        <span className="field__label">{m.memberSince}</span>
        <input type="date" value={since} onChange={(event) => setSince(event.target.value)} required data-testid="add-member-since" />
        <span className="field__hint">{m.memberSinceHint}</span>
      </label>
      <div className="form-grid__wide">
        <ErrorNotice failure={refusal ? undefined : action.error} />
        <DialogButtons label={action.busy ? m.working : m.addMember} disabled={action.busy} testId="add-member-submit" onCancel={onCancel} />
      </div>
    </form>
  );
}
