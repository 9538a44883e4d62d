import { useState, type FormEvent } from 'react';
import type { EnrolmentToken } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { OrgSelect } from '../components/org-select.tsx';
import { useAction } from '../components/use-action.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { useKnownOrg } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';

/** How long a code may wait for its kiosk: an hour for a kiosk set up there and then, up to the server's week. */
const VALIDITIES = [60, 24 * 60, 3 * 24 * 60, 7 * 24 * 60] as const;
const USUAL_VALIDITY = 24 * 60;

/** The code, once: the server keeps only its hash, so what is not written down now is gone. */
function CreatedCode({ created, onClose }: { created: EnrolmentToken; onClose(): void }) {
  const m = useMessages();
  const org = useKnownOrg(created.org);
  const [copied, setCopied] = useState(false);
  // The clipboard is offered only where the browser has it (a secure page: HTTPS or this computer).
  const canCopy = window.isSecureContext && 'clipboard' in navigator;
  const server = window.location.origin;
  return (
    <>
      <dl className="enrolment-code">
        <dt>{m.enrolmentCode}</dt>
        <dd className="enrolment-code__token" data-testid="enrolment-code">
          {created.token}
        </dd>
        <dt>{m.serverAddress}</dt>
        <dd className="enrolment-code__server" data-testid="enrolment-server">
          {server}
        </dd>
      </dl>
      <p className="notice notice--info" data-testid="enrolment-once">
        {m.enrolmentCodeOnce(org?.name ?? created.org, formatDateTime(created.expiresAt))}
      </p>
      <ol className="enrolment-code__steps" data-testid="enrolment-steps">
        {m.enrolmentSteps(server).map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <div className="buttons">
        {canCopy && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => void navigator.clipboard.writeText(created.token).then(() => setCopied(true))}
            data-testid="copy-enrolment-code"
          >
            {copied ? m.codeCopied : m.copyCode}
          </button>
        )}
        <button type="button" className="button button--primary" onClick={onClose} data-testid="enrolment-done">
          {m.enrolmentDone}
        </button>
      </div>
    </>
  );
}

/** An organiser creates a one-time code that binds the next kiosk set up with it to an organisation. */
export function EnrolmentCodeDialog({ initialOrg, onClose }: { initialOrg: string; onClose(): void }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [org, setOrg] = useState(initialOrg);
  const [minutes, setMinutes] = useState<number>(USUAL_VALIDITY);
  const [created, setCreated] = useState<EnrolmentToken>();
  const action = useAction();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void action.run(async () => {
      setCreated(await api.createEnrolmentToken({ org, ttlMinutes: minutes }));
      return undefined;
    });
  };
  return (
    <Dialog title={m.enrolmentCodeTitle} onClose={onClose} testId="enrolment-dialog" wide>
      {created ? (
        <CreatedCode created={created} onClose={onClose} />
      ) : (
        <form onSubmit={submit}>
          <p className="muted">{m.enrolmentCodeHint}</p>
          <OrgSelect label={m.enrolmentOrg} value={org} onChange={setOrg} required testId="enrolment-org" />
          <label className="field">
            <span className="field__label">{m.enrolmentValidity}</span>
            <select value={minutes} onChange={(event) => setMinutes(Number(event.target.value))} data-testid="enrolment-validity">
              {VALIDITIES.map((value) => (
                <option key={value} value={value}>
                  {m.validFor(value)}
                </option>
              ))}
            </select>
          </label>
          <ErrorNotice failure={action.error} />
          <DialogButtons label={m.createCode} disabled={action.busy || org === ''} testId="create-enrolment-code" onCancel={onClose} />
        </form>
      )}
    </Dialog>
  );
}
