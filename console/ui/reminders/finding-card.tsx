import { useState } from 'react';
import type { Finding, User } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import type { Route } from '../app/routes.ts';
import { can } from '../auth/capabilities.ts';
import { LoadState } from '../components/loading.tsx';
import { useLoad } from '../components/use-load.ts';
import { formatDate, formatDateTime } from '../i18n/format.ts';
import { useLanguage, useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { explanationOf } from './explanation.ts';
import { SeverityBadge } from './severity-badge.tsx';

type Evidence = Finding['evidence'][number];

/**
 * The console page that shows a piece of evidence, for a user who may open it. Events and cards have no page
 * of their own and show their id: the alarm shows its events, and the member concerned their cards.
 */
function evidenceRoute(evidence: Evidence, user: Pick<User, 'role'>): Route | undefined {
  switch (evidence.kind) {
    case 'member':
      return { page: 'member', number: evidence.id };
    case 'org':
      return { page: 'org', code: evidence.id };
    case 'transfer':
      return { page: 'transfers' };
    case 'mobile-period':
      return { page: 'mobile' };
    case 'meeting':
      return { page: 'meetings' };
    case 'kiosk':
      return can(user, 'kiosk.read') ? { page: 'kiosks', kiosk: evidence.id } : undefined;
    case 'alarm': {
      const id = Number(evidence.id);
      return can(user, 'alarm.read') && Number.isSafeInteger(id) && id > 0 ? { page: 'alarms', alarm: id } : undefined;
    }
    default:
      return undefined;
  }
}

function EvidenceLink({ evidence }: { evidence: Evidence }) {
  const m = useMessages();
  const { user } = useSignedIn();
  const route = evidenceRoute(evidence, user);
  const label = (
    <>
      {m.evidenceKinds[evidence.kind]} <span className="code">{evidence.id.length > 16 ? `${evidence.id.slice(0, 8)}…` : evidence.id}</span>
    </>
  );
  return route ? (
    <Link to={route} testId={`evidence-${evidence.kind}`}>
      {label}
    </Link>
  ) : (
    <span title={evidence.id}>{label}</span>
  );
}

/** `version` changes whenever the finding does, so an open history follows an acknowledgement at once. */
function FindingHistory({ id, version }: { id: number; version: string }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const detail = useLoad(() => api.finding(id), `finding|${id}|${version}`);
  return (
    <LoadState loaded={detail}>
      {({ history }) => (
        <ol className="finding-history" data-testid="finding-history">
          {history.map((entry, index) => (
            <li key={`${entry.at}|${index}`}>
              <span className="nowrap">{formatDateTime(entry.at)}</span> <strong>{m.historyActions[entry.action]}</strong> <SeverityBadge severity={entry.severity} /> · {entry.by ?? m.byTheRules}
              {entry.note && <p className="finding-history__note">{entry.note}</p>}
            </li>
          ))}
        </ol>
      )}
    </LoadState>
  );
}

/**
 * One reminder as a secretary reads it: how severe, what it is, why and what to do (in the language being
 * read), who it concerns and where the evidence is; the buttons to acknowledge or resolve it, and its history.
 */
export function FindingCard({ finding, mayAct, onAct }: { finding: Finding; mayAct: boolean; onAct(action: 'acknowledge' | 'resolve'): void }) {
  const { messages: m, language } = useLanguage();
  const [showHistory, setShowHistory] = useState(false);
  const text = explanationOf(finding, language);
  const live = finding.status !== 'resolved';
  return (
    <article className={`finding finding--${finding.severity}`} data-testid={`finding-${finding.id}`} data-rule={finding.rule} aria-label={text.title}>
      <header className="finding__head">
        <SeverityBadge severity={finding.severity} />
        <h2 className="finding__title">{text.title}</h2>
        <span className={`status status--finding-${finding.status}`} data-testid="finding-status">
          {m.findingStatuses[finding.status]}
        </span>
      </header>
      <dl className="finding__body">
        <dt>{m.why}</dt>
        <dd data-testid="finding-why">{text.why}</dd>
        <dt>{m.whatToDo}</dt>
        <dd data-testid="finding-action">{text.action}</dd>
        {finding.people.length > 0 && (
          <>
            <dt>{m.peopleConcerned}</dt>
            <dd>
              {finding.people.map((person, index) => (
                <span key={person.memberNumber}>
                  {index > 0 && '、'}
                  <Link to={{ page: 'member', number: person.memberNumber }} testId="finding-person">
                    {person.name}
                  </Link>{' '}
                  <span className="code">{person.memberNumber}</span>
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>{m.responsibleOrg}</dt>
        <dd>
          <OrgName code={finding.org.code} name={finding.org.name} />
        </dd>
        {finding.evidence.length > 0 && (
          <>
            <dt>{m.evidence}</dt>
            <dd className="finding__evidence">
              {finding.evidence.map((evidence) => (
                <EvidenceLink key={`${evidence.kind}|${evidence.id}`} evidence={evidence} />
              ))}
            </dd>
          </>
        )}
      </dl>
      <footer className="finding__foot">
        <span className="muted">
          {m.openedOn(formatDate(finding.openedAt))}
          {finding.updatedAt !== finding.openedAt && ` · ${m.updatedOn(formatDate(finding.updatedAt))}`}
          {finding.resolvedAt && ` · ${m.resolvedOn(formatDate(finding.resolvedAt), finding.resolvedBy)}`}
        </span>
        <span className="buttons">
          <button type="button" className="button button--link" onClick={() => setShowHistory((shown) => !shown)} aria-expanded={showHistory} data-testid="toggle-history">
            {showHistory ? m.hideHistory : m.showHistory}
          </button>
          {mayAct && finding.status === 'open' && (
            <button type="button" className="button button--quiet" onClick={() => onAct('acknowledge')} data-testid="acknowledge">
              {m.acknowledge}
            </button>
          )}
          {mayAct && live && (
            <button type="button" className="button button--primary" onClick={() => onAct('resolve')} data-testid="resolve">
              {m.resolve}
            </button>
          )}
        </span>
      </footer>
      {showHistory && <FindingHistory id={finding.id} version={`${finding.status}|${finding.updatedAt}`} />}
    </article>
  );
}
