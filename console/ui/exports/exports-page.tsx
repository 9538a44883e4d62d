import { useState, type FormEvent } from 'react';
import type { MemberHistoryPart, OrgHistoryPart } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { OrgSelect } from '../components/org-select.tsx';
import { saveDownload } from '../components/save-download.ts';
import { useAction } from '../components/use-action.ts';
import { daysFromToday } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { MEMBER_PARTS } from '../members/member-exports.tsx';
import { useSignedIn } from '../session/session.tsx';

const ORG_PARTS: readonly OrgHistoryPart[] = ['meetings', 'months', 'elsewhere', 'guests'];

/**
 * Everything an auditor takes away, in one place: a member's history as CSV or as a verifiable bundle, an
 * organisation's history as CSV, and (on the flows page) the flow matrix as CSV.
 */
export function ExportsPage() {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const [member, setMember] = useState('');
  const [memberPart, setMemberPart] = useState<MemberHistoryPart>('attendance');
  const [org, setOrg] = useState(user.org ?? '');
  const [orgPart, setOrgPart] = useState<OrgHistoryPart>('meetings');
  const [from, setFrom] = useState(daysFromToday(-365));
  const [to, setTo] = useState(daysFromToday(0));
  const memberAction = useAction();
  const orgAction = useAction();

  const memberCsv = (event: FormEvent): void => {
    event.preventDefault();
    const number = member.trim();
    void memberAction.run(async () => {
      saveDownload(await api.memberHistoryCsv(number, memberPart, { from, to }), `member-${number}-${memberPart}-${from}-${to}.csv`);
      return m.downloadStarted;
    });
  };
  const memberBundle = (): void => {
    const number = member.trim();
    if (number === '') return;
    void memberAction.run(async () => {
      saveDownload(await api.memberBundle(number, { from, to }), `member-${number}.bundle.json`);
      return m.downloadStarted;
    });
  };
  const orgBundle = (): void => {
    void orgAction.run(async () => {
      saveDownload(await api.orgBundle(org, { from, to }), `org-${org}.bundle.json`);
      return m.downloadStarted;
    });
  };
  const orgCsv = (event: FormEvent): void => {
    event.preventDefault();
    void orgAction.run(async () => {
      saveDownload(await api.orgHistoryCsv(org, orgPart, { from, to }), `org-${org}-${orgPart}-${from}-${to}.csv`);
      return m.downloadStarted;
    });
  };

  return (
    <section>
      <div className="page__head">
        <h1>{m.exportsTitle}</h1>
        <p className="muted">{m.exportsHint}</p>
      </div>
      <div className="filters panel">
        <label className="field">
          <span className="field__label">{m.dateFrom}</span>
          <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
        </label>
        <label className="field">
          <span className="field__label">{m.dateTo}</span>
          <input type="date" value={to} min={from} onChange={(event) => setTo(event.target.value)} required />
        </label>
        <p className="muted">{m.exportsWindowHint}</p>
      </div>
      <form className="panel form-grid" onSubmit={memberCsv} data-testid="export-member">
        <h2 className="panel__title form-grid__wide">{m.memberHistoryExport}</h2>
        <label className="field">
          <span className="field__label">{m.memberNumber}</span>
          <input value={member} onChange={(event) => setMember(event.target.value)} required data-testid="export-member-number" />
        </label>
        <label className="field">
          <span className="field__label">{m.csvPart}</span>
          <select value={memberPart} onChange={(event) => setMemberPart(event.target.value as MemberHistoryPart)}>
            {MEMBER_PARTS.map((option) => (
              <option key={option} value={option}>
                {m.memberParts[option]}
              </option>
            ))}
          </select>
        </label>
        <div className="form-grid__wide">
          <div className="buttons">
            <button type="submit" className="button button--primary" disabled={memberAction.busy}>
              {m.downloadCsv}
            </button>
            <button type="button" className="button button--quiet" disabled={memberAction.busy || member.trim() === ''} onClick={memberBundle}>
              {m.downloadBundle}
            </button>
          </div>
          <p className="muted">{m.bundleHint}</p>
          <ErrorNotice failure={memberAction.error} />
          {memberAction.done && <p className="muted">{memberAction.done}</p>}
        </div>
      </form>
      <form className="panel form-grid" onSubmit={orgCsv} data-testid="export-org">
        <h2 className="panel__title form-grid__wide">{m.orgHistoryExport}</h2>
        <OrgSelect label={m.organisation} value={org} onChange={setOrg} required />
        <label className="field">
          <span className="field__label">{m.csvPart}</span>
          <select value={orgPart} onChange={(event) => setOrgPart(event.target.value as OrgHistoryPart)}>
            {ORG_PARTS.map((option) => (
              <option key={option} value={option}>
                {m.orgParts[option]}
              </option>
            ))}
          </select>
        </label>
        <div className="form-grid__wide">
          <div className="buttons">
            <button type="submit" className="button button--primary" disabled={orgAction.busy || org === ''}>
              {m.downloadCsv}
            </button>
            <button type="button" className="button button--quiet" disabled={orgAction.busy || org === ''} onClick={orgBundle}>
              {m.downloadBundle}
            </button>
          </div>
          <p className="muted">{m.orgBundleHint}</p>
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
