import { useState } from 'react';
import type { MemberHistoryPart } from '../api/types.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { saveDownload } from '../components/save-download.ts';
import { useAction } from '../components/use-action.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';

export const MEMBER_PARTS: readonly MemberHistoryPart[] = ['attendance', 'periods', 'mobile', 'transfers'];

/**
 * The member's history as CSV (one part at a time, for spreadsheets) and as a verifiable bundle: the signed
 * events, credentials and issuer keys, which `npm run verify -- BUNDLE` checks offline without this server.
 */
export function MemberExports({ number }: { number: string }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [part, setPart] = useState<MemberHistoryPart>('attendance');
  const action = useAction();
  const csv = (): void => {
    void action.run(async () => {
      saveDownload(await api.memberHistoryCsv(number, part), `member-${number}-${part}.csv`);
      return undefined;
    });
  };
  const bundle = (): void => {
    void action.run(async () => {
      saveDownload(await api.memberBundle(number), `member-${number}.bundle.json`);
      return undefined;
    });
  };
  return (
    <div className="panel">
      <h2 className="panel__title">{m.exportsTitle}</h2>
      <div className="filters">
        <label className="field">
          <span className="field__label">{m.csvPart}</span>
          <select value={part} onChange={(event) => setPart(event.target.value as MemberHistoryPart)} data-testid="member-csv-part">
            {MEMBER_PARTS.map((option) => (
              <option key={option} value={option}>
                {m.memberParts[option]}
              </option>
            ))}
          </select>
        </label>
        <div className="filters__buttons">
          <button type="button" className="button button--quiet" disabled={action.busy} onClick={csv} data-testid="export-member-csv">
            {m.downloadCsv}
          </button>
          <button type="button" className="button button--quiet" disabled={action.busy} onClick={bundle} data-testid="export-member-bundle">
            {m.downloadBundle}
          </button>
        </div>
      </div>
      <p className="muted">{m.bundleHint}</p>
      <ErrorNotice failure={action.error} />
    </div>
  );
}
