import { useState, type FormEvent } from 'react';
import type { ImportReport } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { can } from '../auth/capabilities.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Empty, PageLoadState } from '../components/loading.tsx';
import { saveDownload } from '../components/save-download.ts';
import { useAction } from '../components/use-action.ts';
import { useLoad } from '../components/use-load.ts';
import { useMessages } from '../i18n/language.tsx';
import type { CsvFileProblem } from '../i18n/messages.ts';
import { useSignedIn } from '../session/session.tsx';
import { ImportReportView } from './import-report.tsx';
import { MEMBER_CSV_HEADER, memberCsvExample, memberCsvTemplate, readMemberCsv } from './member-csv-file.ts';

/**
 * Many members at once from a CSV file, opened from an organisation's page. The file's own org column says
 * where each member belongs (this organisation or any within reach); the page's organisation gives the
 * example its code and the way back. Rows are reported one by one, so a corrected file is simply imported again.
 */
export function MemberImportPage({ org }: { org: string }) {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const details = useLoad(() => api.org(org), org);
  const [file, setFile] = useState<File>();
  const [problem, setProblem] = useState<CsvFileProblem>();
  const [report, setReport] = useState<ImportReport>();
  const action = useAction();

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!file) return;
    setReport(undefined);
    setProblem(undefined);
    void action.run(async () => {
      const read = await readMemberCsv(file);
      if (!read.ok) setProblem(read.problem);
      else setReport(await api.importMembers(read.text));
      return undefined;
    });
  };

  return (
    <PageLoadState loaded={details} title={m.importTitle(org)}>
      {(current) => (
        <section>
          <nav className="breadcrumb" aria-label={m.breadcrumb}>
            <Link to={{ page: 'orgs' }}>{m.navOrgs}</Link>
            {' / '}
            <Link to={{ page: 'org', code: org }}>{current.name}</Link>
          </nav>
          <div className="page__head">
            <h1>{m.importTitle(current.name)}</h1>
            <p className="muted">{m.importLead}</p>
          </div>
          {!can(user, 'member.import') ? (
            // Reached by a typed or shared address: say why there is no form instead of offering one the server refuses.
            <Empty text={m.errors.ERR_FORBIDDEN} />
          ) : (
            <>
              <section className="panel" data-testid="import-columns">
                <p>{m.importColumns}</p>
                <table className="table table--compact">
                  <thead>
                    <tr>
                      <th>{m.importColumn}</th>
                      <th>{m.importColumnMeaning}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {MEMBER_CSV_HEADER.map((column) => (
                      <tr key={column}>
                        <td className="code">{column}</td>
                        <td>{m.importColumnMeanings[column]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>{m.importExample(org)}</p>
                <pre className="csv-example" data-testid="import-example">
                  {memberCsvExample(org)}
                </pre>
                <button type="button" className="button button--quiet" onClick={() => saveDownload({ blob: memberCsvTemplate(), filename: undefined }, 'members.csv')} data-testid="import-template">
                  {m.downloadTemplate}
                </button>
              </section>
              <form className="panel" onSubmit={submit} data-testid="import-form">
                <label className="field">
                  <span className="field__label">{m.chooseCsvFile}</span>
                  <input
                    type="file"
                    accept=".csv,text/csv"
                    required
                    disabled={action.busy}
                    onChange={(event) => {
                      setFile(event.target.files?.[0]);
                      setProblem(undefined);
                      setReport(undefined);
                      action.clear();
                    }}
                    data-testid="import-file"
                  />
                  <span className="field__hint">{m.chooseCsvFileHint}</span>
                </label>
                {problem && (
                  <div className="notice notice--error" role="alert" data-testid="import-file-problem" data-problem={problem}>
                    <p className="notice__main">{m.csvFileProblems[problem]}</p>
                  </div>
                )}
                <ErrorNotice failure={action.error} />
                {action.busy ? (
                  <p className="notice notice--info import-progress" role="status" aria-busy="true" data-testid="import-progress">
                    <progress />
                    {m.importingFile(file?.name ?? '')}
                  </p>
                ) : (
                  <div className="buttons">
                    <button type="submit" className="button button--primary" disabled={!file} data-testid="import-start">
                      {m.startImport}
                    </button>
                  </div>
                )}
              </form>
              {report && <ImportReportView report={report} />}
            </>
          )}
        </section>
      )}
    </PageLoadState>
  );
}
