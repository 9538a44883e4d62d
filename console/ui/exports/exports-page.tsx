import { useState, type FormEvent } from 'react';
import { Link } from '../app/router.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { OrgSelect } from '../components/org-select.tsx';
import { saveDownload } from '../components/save-download.ts';
import { useAction } from '../components/use-action.ts';
import { daysFromToday } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';

/**
 * Everything an auditor takes away, in one place: a member's history as CSV or as a verifiable bundle, an
 * organisation's history as CSV, and (on the flows page) the flow matrix as CSV.
 */
export function ExportsPage() {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const [member, setMember] = useState('');
  const [org, setOrg] = useState(user.org ?? '');
  const [from, setFrom] = useState(daysFromToday(-365));
  const [to, setTo] = useState(daysFromToday(0));
  const memberAction = useAction();
  const orgAction = useAction();

  const memberExport = (kind: 'csv' | 'bundle') => (event?: FormEvent): void => {
    event?.preventDefault();
    const number = member.trim();
    if (number === '') return;
    void memberAction.run(async () => {
      if (kind === 'csv') saveDownload(await api.memberHistoryCsv(number, {}), `member-${number}-history.csv`);
      else saveDownload(await api.memberBundle(number), `member-${number}-bundle.json`);
      return m.downloadStarted;
    });
  };
  const orgExport = (event: FormEvent): void => {
    event.preventDefault();
    void orgAction.run(async () => {
      saveDownload(await api.orgHistoryCsv(org, { from, to }), `org-${org}-${from}-${to}.csv`);
      return m.downloadStarted;
    });
  };

  return (
    <section>
      <div className="page__head">
        <h1>{m.exportsTitle}</h1>
        <p className="muted">{m.exportsHint}</p>
      </div>
      <form className="panel form-grid" onSubmit={memberExport('csv')} data-testid="export-member">
        <h2 className="panel__title form-grid__wide">{m.memberHistoryExport}</h2>
        <label className="field">
          <span className="field__label">{m.memberNumber}</span>
          <input value={member} onChange={(event) => setMember(event.target.value)} required data-testid="export-member-number" />
        </label>
        <div className="form-grid__wide">
          <p className="muted">{m.bundleHint}</p>
          <div className="buttons">
            <button type="submit" className="button button--primary" disabled={memberAction.busy}>
              {m.downloadHistoryCsv}
            </button>
            <button type="button" className="button button--quiet" disabled={memberAction.busy} onClick={() => memberExport('bundle')()}>
              {m.downloadBundle}
            </button>
          </div>
          <ErrorNotice failure={memberAction.error} />
          {memberAction.done && <p className="muted">{memberAction.done}</p>}
        </div>
      </form>
      <form className="panel form-grid" onSubmit={orgExport} data-testid="export-org">
        <h2 className="panel__title form-grid__wide">{m.orgHistoryExport}</h2>
        <OrgSelect label={m.organisation} value={org} onChange={setOrg} required />
        <label className="field">
          <span className="field__label">{m.dateFrom}</span>
          <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
        </label>
        <label className="field">
          <span className="field__label">{m.dateTo}</span>
          <input type="date" value={to} min={from} onChange={(event) => setTo(event.target.value)} required />
        </label>
        <div className="form-grid__wide">
          <button type="submit" className="button button--primary" disabled={orgAction.busy || org === ''}>
            {m.downloadCsv}
          </button>
          <ErrorNotice failure={orgAction.error} />
          {orgAction.done && <p className="muted">{orgAction.done}</p>}
        </div>
      </form>
      <div className="panel">
        <h2 className="panel__title">{m.flowsExport}</h2>
        <p>
          {m.flowsExportHint} <Link to={{ page: 'flows' }}>{m.navFlows}</Link>
        </p>
      </div>
    </section>
  );
}
