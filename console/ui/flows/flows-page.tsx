import { useState, type FormEvent } from 'react';
import type { FlowMatrix, FlowQuery } from '../api/types.ts';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Empty } from '../components/loading.tsx';
import { OrgSelect } from '../components/org-select.tsx';
import { saveDownload } from '../components/save-download.ts';
import { useAction } from '../components/use-action.ts';
import { daysFromToday } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { useOrgDirectory } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { FlowTable } from './flow-table.tsx';
import { OUTSIDE, SankeyChart, sankeyLinks, type FlowMeasure } from './sankey-chart.tsx';

const MEASURES: readonly FlowMeasure[] = ['total', 'transfers', 'mobile', 'checkins'];
/** 0 rolls everything into the root (only movement across its edge remains); 1 is its children, and so on. */
const LEVELS = [1, 2, 3, 0] as const;

/**
 * Cross-organisation flows in a date window, rolled up to a level of the tree under a root: transfers,
 * mobile registrations and check-ins at other organisations, as a Sankey diagram and a table, and as CSV.
 */
export function FlowsPage() {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const { orgs } = useOrgDirectory();
  const [from, setFrom] = useState(daysFromToday(-365));
  const [to, setTo] = useState(daysFromToday(0));
  // Until one is chosen: the user's own organisation, or (an admin) the top of the tree once it has loaded.
  const [chosenRoot, setRoot] = useState<string>();
  const root = chosenRoot ?? user.org ?? orgs[0]?.code ?? '';
  const [level, setLevel] = useState(1);
  const [measure, setMeasure] = useState<FlowMeasure>('total');
  const [matrix, setMatrix] = useState<FlowMatrix>();
  const load = useAction();
  const download = useAction();
  const query: FlowQuery = { from, to, level, root: root || undefined };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void load.run(async () => {
      setMatrix(await api.flows(query));
      return undefined;
    });
  };
  const csv = (): void => {
    void download.run(async () => {
      saveDownload(await api.flowsCsv(query), `flows-${root || 'all'}-${from}-${to}.csv`);
      return undefined;
    });
  };

  const names = new Map([...orgs.map((org) => [org.code, org.name] as const), ...(matrix?.orgs ?? []).map((org) => [org.code, org.name] as const)]);
  const nameOf = (code: string | null): string => (code === null || code === OUTSIDE ? m.outsideScope : (names.get(code) ?? code));
  const drawn = matrix ? sankeyLinks(matrix.flows, measure).length : 0;

  return (
    <section>
      <div className="page__head">
        <h1>{m.flowsTitle}</h1>
        <p className="muted">{m.flowsHint}</p>
      </div>
      <form className="filters" onSubmit={submit} data-testid="flows-form">
        <label className="field">
          <span className="field__label">{m.dateFrom}</span>
          <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} required data-testid="flows-from" />
        </label>
        <label className="field">
          <span className="field__label">{m.dateTo}</span>
          <input type="date" value={to} min={from} onChange={(event) => setTo(event.target.value)} required data-testid="flows-to" />
        </label>
        <OrgSelect label={m.flowsRoot} value={root} onChange={setRoot} required testId="flows-root" />
        <label className="field">
          <span className="field__label">{m.flowsLevel}</span>
          <select value={level} onChange={(event) => setLevel(Number(event.target.value))} data-testid="flows-level">
            {LEVELS.map((option) => (
              <option key={option} value={option}>
                {m.levelName(option)}
              </option>
            ))}
          </select>
        </label>
        <div className="filters__buttons">
          <button type="submit" className="button button--primary" disabled={load.busy} data-testid="flows-show">
            {load.busy ? m.working : m.show}
          </button>
          <button type="button" className="button button--quiet" disabled={download.busy} onClick={csv} data-testid="flows-csv">
            {m.downloadCsv}
          </button>
        </div>
      </form>
      <ErrorNotice failure={load.error ?? download.error} />
      {!matrix && !load.error && <Empty text={m.flowsChoose} />}
      {matrix && matrix.flows.length === 0 && <Empty text={m.noFlows} />}
      {matrix && matrix.flows.length > 0 && (
        <>
          <h2 data-testid="flows-heading">{m.flowsHeading(matrix.rootName, m.levelName(matrix.level), matrix.from ?? '…', matrix.to ?? '…')}</h2>
          <div className="segmented" role="radiogroup" aria-label={m.flowsMeasure}>
            {MEASURES.map((option) => (
              <label key={option} className={option === measure ? 'segmented__item segmented__item--current' : 'segmented__item'}>
                <input type="radio" name="measure" value={option} checked={option === measure} onChange={() => setMeasure(option)} />
                {m.flowMeasures[option]}
              </label>
            ))}
          </div>
          {drawn === 0 ? (
            <Empty text={m.noFlowsOfMeasure} />
          ) : (
            <>
              <div className="sankey-legend muted">
                <span className="sankey-legend__from">{m.sankeyLeft}</span>
                <span className="sankey-legend__to">{m.sankeyRight}</span>
              </div>
              <SankeyChart flows={matrix.flows} measure={measure} order={matrix.orgs.map((org) => org.code)} nameOf={nameOf} unit={m.flowUnit} ariaLabel={m.sankeyLabel} />
            </>
          )}
          <FlowTable flows={matrix.flows} nameOf={nameOf} />
        </>
      )}
    </section>
  );
}
