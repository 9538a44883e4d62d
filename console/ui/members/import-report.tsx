import type { ImportReport, ImportRowError } from '../api/types.ts';
import { errorText } from '../i18n/error-text.ts';
import { useMessages } from '../i18n/language.tsx';
import type { ImportField, ImportRepeatCode, ImportRowCode, Messages } from '../i18n/messages.ts';

const isField = (m: Messages, field: string): field is ImportField => Object.hasOwn(m.importFields, field);
const isRowCode = (m: Messages, code: string): code is ImportRowCode => Object.hasOwn(m.importRowProblems, code);
const isRepeatCode = (m: Messages, code: string): code is ImportRepeatCode => Object.hasOwn(m.importRepeats, code);

/** What is wrong with the row and what to do: by the code, and for a malformed value by its column. */
function problemWords(m: Messages, error: ImportRowError): string {
  if (error.code === 'ERR_VALIDATION' && isField(m, error.field)) return m.importValidation[error.field];
  if (isRowCode(m, error.code)) return m.importRowProblems[error.code];
  if (isRepeatCode(m, error.code) && error.sameAs !== undefined) return m.importRepeats[error.code](error.sameAs);
  return errorText(m, error);
}

/**
 * What an import did: how many members went in, how many rows did not, and each listed row's problem in words (of a
 * file with many bad rows only the first are listed, and the report says so).
 */
export function ImportReportView({ report }: { report: ImportReport }) {
  const m = useMessages();
  return (
    <section className="panel" data-testid="import-report">
      <div className={report.imported > 0 ? 'notice notice--done' : 'notice notice--info'} role="status">
        <span data-testid="import-imported">{m.importedCount(report.imported)}</span>
        {report.rejected > 0 && (
          <>
            {' · '}
            <span data-testid="import-rejected">{m.rejectedCount(report.rejected)}</span>
          </>
        )}
      </div>
      {report.errors.length === 0 ? (
        <p>{m.importAllGood}</p>
      ) : (
        <>
          <h2 className="panel__title">{m.importProblemsTitle}</h2>
          <p className="muted">{m.importProblemsHint}</p>
          {report.errorCount > report.errors.length && (
            <p className="notice notice--info" data-testid="import-errors-capped">
              {m.importProblemsCapped(report.errors.length, report.errorCount)}
            </p>
          )}
          <table className="table" data-testid="import-errors">
            <thead>
              <tr>
                <th>{m.importRow}</th>
                <th>{m.importField}</th>
                <th>{m.importProblem}</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.map((error, index) => (
                <tr key={`${error.row}|${error.field}|${index}`} data-row={error.row} data-code={error.code}>
                  <td className="code">{error.row}</td>
                  <td>{isField(m, error.field) ? m.importFields[error.field] : error.field}</td>
                  <td>
                    {problemWords(m, error)}
                    <div className="notice__detail">
                      {m.serverSaid} {error.message} <span className="code">({error.code})</span>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
