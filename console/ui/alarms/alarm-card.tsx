import type { Alarm } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';
import { alarmMember, cardFact, kioskFact, kioskReport, toleranceFact } from './alarm-details.ts';

/** Alarms a person must act on at once; skew and denials are worth a look, not an emergency. */
const URGENT = new Set<Alarm['type']>(['fork', 'chain', 'clone', 'replay', 'kiosk-report']);

/**
 * One alarm as an organiser reads it: what kind, what it means and what to do (in plain words), then the
 * kiosk, the card and the records involved, all kept as evidence.
 */
export function AlarmCard({ alarm, focused }: { alarm: Alarm; focused: boolean }) {
  const m = useMessages();
  const text = m.alarmTypes[alarm.type];
  const member = alarmMember(alarm);
  const report = kioskReport(alarm, m);
  const onKiosk = kioskFact(alarm, m);
  const onCard = cardFact(alarm, m);
  const tolerance = toleranceFact(alarm, m);
  const look = URGENT.has(alarm.type) ? 'critical' : 'warning';
  return (
    <article
      className={`finding finding--${look}${focused ? ' finding--focus' : ''}`}
      aria-label={text.name}
      aria-current={focused ? 'true' : undefined}
      data-testid={`alarm-${alarm.id}`}
      data-type={alarm.type}
    >
      <header className="finding__head">
        <h2 className="finding__title" data-testid="alarm-name">
          {text.name}
        </h2>
        <span className="code">{m.alarmNumber(alarm.id)}</span>
        <span className="muted nowrap">
          {m.alarmRaisedAt(formatDateTime(alarm.at))}
          {tolerance && ` · ${tolerance}`}
        </span>
      </header>
      <dl className="finding__body">
        <dt>{m.whatItMeans}</dt>
        <dd data-testid="alarm-meaning">{text.meaning}</dd>
        <dt>{m.whatToDo}</dt>
        <dd data-testid="alarm-action">{text.action}</dd>
        {report && (
          <>
            <dt>{m.kioskReported}</dt>
            <dd data-testid="alarm-report">
              {report.finding}
              {report.words && <div className="muted">“{report.words}”</div>}
            </dd>
          </>
        )}
        <dt>{m.kiosk}</dt>
        <dd>
          <Link to={{ page: 'kiosks', kiosk: alarm.kiosk }} testId="alarm-kiosk">
            {alarm.kioskName}
          </Link>{' '}
          <span className="code" title={alarm.kiosk}>
            {alarm.kiosk.slice(0, 8)}…
          </span>
          {onKiosk && <span className="muted"> · {onKiosk}</span>}
        </dd>
        <dt>{m.organisation}</dt>
        <dd>
          <OrgName code={alarm.org} />
        </dd>
        {alarm.csn && (
          <>
            <dt>{m.cardSerial}</dt>
            <dd data-testid="alarm-card">
              <span className="code">{alarm.csn}</span>
              {onCard && <span className="muted"> · {onCard}</span>}
              {member && (
                <>
                  {' · '}
                  {m.memberNumber}{' '}
                  <Link to={{ page: 'member', number: member }} testId="alarm-member">
                    {member}
                  </Link>
                </>
              )}
            </dd>
          </>
        )}
        <dt>{m.alarmEvents}</dt>
        <dd>
          <ul className="alarm-events" data-testid="alarm-events">
            {alarm.events.map((event) => (
              <li key={event} className="code">
                {event}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
    </article>
  );
}
