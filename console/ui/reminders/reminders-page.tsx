import { useState } from 'react';
import type { Finding, FindingQuery, FindingRule, FindingSummary, Severity } from '../api/types.ts';
import { useRouter } from '../app/router.tsx';
import { can } from '../auth/capabilities.ts';
import { OrgSelect } from '../components/org-select.tsx';
import { DoneNotice } from '../components/error-notice.tsx';
import { Empty, LoadState } from '../components/loading.tsx';
import { Pager } from '../components/pager.tsx';
import { useCursorPages } from '../components/use-cursor-pages.ts';
import { useLoad } from '../components/use-load.ts';
import { useLanguage, useMessages } from '../i18n/language.tsx';
import { useKnownOrg } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { explanationOf } from './explanation.ts';
import { FindingActionDialog } from './finding-action-dialog.tsx';
import { FindingCard } from './finding-card.tsx';
import { SEVERITY_ORDER, SeverityBadge } from './severity-badge.tsx';
import { ThresholdsPanel } from './thresholds-panel.tsx';

/** A branch rarely has more than a page; a county's pages follow, and the counts above always cover them all. */
const PAGE_SIZE = 200;

type StatusFilter = NonNullable<FindingQuery['status']>;
const STATUS_FILTERS: readonly StatusFilter[] = ['live', 'open', 'acknowledged', 'resolved'];

/** Most severe first, then the newest (within the page: the server pages newest first). */
const bySeverityThenNewest = (a: Finding, b: Finding): number => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.id - a.id;

function SeverityCounts({ summary }: { summary: FindingSummary }) {
  const m = useMessages();
  return (
    <div className="severity-counts" data-testid="severity-counts">
      <p className="severity-counts__total" data-testid="live-total">
        {m.liveTotal(summary.live)}
        {summary.byStatus.acknowledged > 0 && <span className="muted"> · {m.acknowledgedTotal(summary.byStatus.acknowledged)}</span>}
      </p>
      <ul className="severity-counts__list">
        {SEVERITY_ORDER.map((severity) => (
          <li key={severity} className={`severity-count severity-count--${severity}`} data-testid={`count-${severity}`} data-count={summary.bySeverity[severity]}>
            <SeverityBadge severity={severity} />
            <span className="severity-count__number">{summary.bySeverity[severity]}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Reminders ("提醒") for one organisation and, unless narrowed, everything below it: how many at each
 * severity, then each live finding explained, most severe and newest first, with the buttons to act on it
 * for those who may; and the thresholds in force for the organisation.
 */
export function RemindersPage({ org }: { org?: string }) {
  const { messages: m, language } = useLanguage();
  const { api, user } = useSignedIn();
  const { navigate } = useRouter();
  const shown = org ?? user.org ?? undefined;
  const [rule, setRule] = useState<FindingRule | ''>('');
  const [minSeverity, setMinSeverity] = useState<Severity | ''>('');
  const [status, setStatus] = useState<StatusFilter>('live');
  const [subtree, setSubtree] = useState(true);
  const [acting, setActing] = useState<{ finding: Finding; action: 'acknowledge' | 'resolve' }>();
  // Kept as what happened rather than as text, so it follows a switch of language.
  const [notice, setNotice] = useState<{ action: 'acknowledge' | 'resolve'; finding: Finding }>();
  const pages = useCursorPages();
  const scope = { org: shown, subtree: shown === undefined || subtree ? undefined : ('false' as const) };
  const filterKey = `${shown ?? ''}|${subtree}|${rule}|${minSeverity}|${status}|${pages.cursor ?? ''}`;
  const summary = useLoad(() => api.findingSummary(scope), `summary|${shown ?? ''}|${subtree}`);
  const findings = useLoad(
    () =>
      api.findings({
        ...scope,
        rule: rule || undefined,
        minSeverity: minSeverity || undefined,
        status,
        before: pages.cursor === undefined ? undefined : Number(pages.cursor),
        limit: PAGE_SIZE,
      }),
    `findings|${filterKey}`,
  );
  /** a different filter is a different list: it starts again from its first page */
  const refilter = <T,>(set: (value: T) => void) => (value: T): void => {
    set(value);
    pages.reset();
  };
  const mayAct = can(user, 'finding.act');
  const filtered = rule !== '' || minSeverity !== '' || status !== 'live';
  const shownOrg = useKnownOrg(shown);
  const orgName = shown === undefined ? undefined : (shownOrg?.name ?? shown);

  return (
    <section>
      <div className="page__head">
        <h1 data-testid="reminders-title">{orgName === undefined ? m.remindersTitle : m.remindersOf(orgName)}</h1>
        <p className="muted">{m.remindersHint}</p>
      </div>
      <LoadState loaded={summary}>{(counts) => <SeverityCounts summary={counts} />}</LoadState>
      <div className="filters" data-testid="finding-filters">
        <OrgSelect
          value={shown ?? ''}
          onChange={(code) => navigate(code === '' ? { page: 'reminders' } : { page: 'reminders', org: code })}
          allLabel={user.role === 'secretary' ? undefined : m.allWithinReach}
          label={m.organisation}
          testId="finding-org"
        />
        <label className="field">
          <span className="field__label">{m.ruleFilter}</span>
          <select value={rule} onChange={(event) => refilter(setRule)(event.target.value as FindingRule | '')} data-testid="finding-rule">
            <option value="">{m.allRules}</option>
            {(Object.keys(m.findingRules) as FindingRule[]).map((key) => (
              <option key={key} value={key}>
                {m.findingRules[key]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{m.severityFilter}</span>
          <select value={minSeverity} onChange={(event) => refilter(setMinSeverity)(event.target.value as Severity | '')} data-testid="finding-severity">
            <option value="">{m.anySeverity}</option>
            {SEVERITY_ORDER.map((severity) => (
              <option key={severity} value={severity}>
                {m.atLeast(m.severities[severity])}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{m.status}</span>
          <select value={status} onChange={(event) => refilter(setStatus)(event.target.value as StatusFilter)} data-testid="finding-status-filter">
            {STATUS_FILTERS.map((value) => (
              <option key={value} value={value}>
                {value === 'live' ? m.liveStatus : m.findingStatuses[value]}
              </option>
            ))}
          </select>
        </label>
        {shown !== undefined && user.role !== 'secretary' && (
          <label className="check">
            <input type="checkbox" checked={subtree} onChange={(event) => refilter(setSubtree)(event.target.checked)} data-testid="finding-subtree" /> {m.includeSubtree}
          </label>
        )}
      </div>
      <DoneNotice text={notice && (notice.action === 'acknowledge' ? m.acknowledgedNotice : m.resolvedNotice)(explanationOf(notice.finding, language).title)} />
      <LoadState loaded={findings}>
        {(page) =>
          page.findings.length === 0 && pages.page === 1 ? (
            <Empty text={filtered ? m.noFindingsFiltered : m.noFindings} />
          ) : (
            <>
              <div className="findings" data-testid="findings">
                {[...page.findings].sort(bySeverityThenNewest).map((finding) => (
                  <FindingCard key={finding.id} finding={finding} mayAct={mayAct} onAct={(action) => setActing({ finding, action })} />
                ))}
              </div>
              <Pager page={pages.page} hasNext={page.next !== null} onPage={(wanted) => pages.go(wanted, page.next === null ? null : String(page.next))} />
            </>
          )
        }
      </LoadState>
      {shown !== undefined && can(user, 'threshold.read') && (
        <ThresholdsPanel
          org={shown}
          onChanged={() => {
            summary.reload();
            findings.reload();
          }}
        />
      )}
      {acting && (
        <FindingActionDialog
          finding={acting.finding}
          action={acting.action}
          onClose={() => setActing(undefined)}
          onDone={() => {
            setNotice(acting);
            setActing(undefined);
            summary.reload();
            findings.reload();
          }}
        />
      )}
    </section>
  );
}
