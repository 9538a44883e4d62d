import { useEffect, useRef } from 'react';
import type { Kiosk } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';

/** What the kiosk last reported about its outbox, and when; nothing yet is said as such. */
function Backlog({ kiosk }: { kiosk: Kiosk }) {
  const m = useMessages();
  if (kiosk.outboxPending === null) return <span className="muted">{m.notReported}</span>;
  return (
    <>
      <span data-testid="kiosk-backlog-count">{m.backlogText(kiosk.outboxPending)}</span>
      {kiosk.outboxReportedAt && <div className="muted small">{m.reportedAt(formatDateTime(kiosk.outboxReportedAt))}</div>}
    </>
  );
}

/**
 * The kiosks with what each last told the server: when, how far off its clock was, and its backlog, and for
 * those who may read alarms the way to each kiosk's own. The row a reminder pointed to is marked and scrolled
 * into view once the list has arrived.
 */
export function KioskTable({
  kiosks,
  focus,
  mayDisable,
  mayReadAlarms,
  onDisable,
}: {
  kiosks: Kiosk[];
  focus?: string;
  mayDisable: boolean;
  mayReadAlarms: boolean;
  onDisable(kiosk: Kiosk): void;
}) {
  const m = useMessages();
  const focused = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    focused.current?.scrollIntoView({ block: 'center' });
  }, [focus]);
  return (
    <table className="table" data-testid="kiosks">
      <thead>
        <tr>
          <th>{m.kioskName}</th>
          <th>{m.organisation}</th>
          <th>{m.status}</th>
          <th>{m.enrolledAt}</th>
          <th>{m.lastSeen}</th>
          <th>{m.clockOffset}</th>
          <th>{m.backlog}</th>
          {mayDisable && <th />}
        </tr>
      </thead>
      <tbody>
        {kiosks.map((kiosk) => {
          const isFocus = kiosk.kid === focus;
          const status = kiosk.disabledAt === null ? 'active' : 'disabled';
          return (
            <tr
              key={kiosk.kid}
              ref={isFocus ? focused : undefined}
              className={isFocus ? 'table__row--focus' : undefined}
              aria-current={isFocus ? 'true' : undefined}
              data-testid={`kiosk-${kiosk.kid}`}
              data-status={status}
            >
              <td>
                <strong>{kiosk.name}</strong>
                {isFocus && <span className="tag">{m.pointedOut}</span>}
                <div className="code" title={kiosk.kid}>
                  {kiosk.kid.slice(0, 8)}…
                </div>
                {mayReadAlarms && (
                  <Link to={{ page: 'alarms', kiosk: kiosk.kid }} className="small" testId="kiosk-alarms">
                    {m.kioskAlarms}
                  </Link>
                )}
              </td>
              <td>
                <OrgName code={kiosk.org} />
              </td>
              <td>
                <span className={`status status--kiosk-${status}`} data-testid="kiosk-status">
                  {m.kioskStatuses[status]}
                </span>
                {kiosk.disabledAt && <div className="muted small">{m.disabledOn(formatDateTime(kiosk.disabledAt))}</div>}
              </td>
              <td className="nowrap">{formatDateTime(kiosk.enrolledAt)}</td>
              <td className="nowrap" data-testid="kiosk-last-seen">
                {kiosk.lastSeenAt ? formatDateTime(kiosk.lastSeenAt) : <span className="muted">{m.neverSeen}</span>}
              </td>
              <td className="nowrap" data-testid="kiosk-clock">
                {kiosk.clockOffsetSeconds === null ? <span className="muted">—</span> : m.clockOffsetText(kiosk.clockOffsetSeconds)}
              </td>
              <td data-testid="kiosk-backlog">
                <Backlog kiosk={kiosk} />
              </td>
              {mayDisable && (
                <td className="actions">
                  {kiosk.disabledAt === null && (
                    <button type="button" className="button button--quiet" onClick={() => onDisable(kiosk)} data-testid="disable-kiosk">
                      {m.disableKiosk}
                    </button>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
