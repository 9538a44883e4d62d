import { useState } from 'react';
import type { MemberHistoryQuery } from '../api/types.ts';
import { Empty, LoadState } from '../components/loading.tsx';
import { Pager } from '../components/pager.tsx';
import { useCursorPages } from '../components/use-cursor-pages.ts';
import { useLoad } from '../components/use-load.ts';
import { formatDate, formatDateTime } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language.tsx';
import { meetingKindName } from '../meetings/meeting-kind-name.ts';
import { useMeetingKinds } from '../meetings/use-meeting-kinds.ts';
import { OrgName } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { HistoryFilters, type HistoryFilter } from './history-filters.tsx';
import { MobileSpan } from '../mobile/mobile-span.tsx';

const PAGE_SIZE = 20;

/**
 * The member's participation: meetings attended (at home or as a guest, each with the event that proves it),
 * transfers and mobile periods, filtered by date and meeting kind, a page at a time.
 */
export function MemberHistoryView({ number }: { number: string }) {
  const { messages: m, language } = useLanguage();
  const { api } = useSignedIn();
  const kinds = useMeetingKinds();
  const [filter, setFilter] = useState<HistoryFilter>({ from: '', to: '', kind: '' });
  const pages = useCursorPages();
  const query: MemberHistoryQuery = { from: filter.from || undefined, to: filter.to || undefined, kind: filter.kind || undefined, cursor: pages.cursor, limit: PAGE_SIZE };
  const history = useLoad(() => api.memberHistory(number, query), JSON.stringify([number, query]));

  const applyFilter = (next: HistoryFilter): void => {
    setFilter(next);
    pages.reset();
  };

  return (
    <div className="panel" data-testid="history">
      <h2 className="panel__title">{m.participationHistory}</h2>
      <HistoryFilters value={filter} kinds={kinds ?? []} onApply={applyFilter} />
      <LoadState loaded={history}>
        {(data) => (
          <>
            {data.attendance.length === 0 ? (
              <Empty text={m.noAttendanceHistory} />
            ) : (
              <table className="table" data-testid="history-attendance">
                <thead>
                  <tr>
                    <th>{m.date}</th>
                    <th>{m.meetingKind}</th>
                    <th>{m.meetingTitle}</th>
                    <th>{m.hostOrg}</th>
                    <th>{m.attendedAs}</th>
                    <th>{m.evidence}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.attendance.map((row) => (
                    <tr key={row.evidence.eventId} data-testid="history-row">
                      <td className="nowrap">{formatDateTime(row.at)}</td>
                      <td>{meetingKindName(kinds, row.kind, language)}</td>
                      <td>{row.title}</td>
                      <td>
                        <OrgName code={row.hostOrg} name={row.hostOrgName} />
                      </td>
                      <td>
                        <span className={row.guest ? 'tag tag--guest' : 'tag'}>{m.attendedAsKinds[row.attendedAs]}</span>
                        {!row.votingRights && <span className="tag">{m.noVote}</span>}
                      </td>
                      <td>
                        <code className="evidence" title={m.evidenceTitle(row.evidence.eventId, row.evidence.kiosk)}>
                          {row.evidence.logIndex === null ? `…${row.evidence.eventId.slice(-8)}` : m.logEntry(row.evidence.logIndex)}
                        </code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <Pager page={pages.page} hasNext={data.next !== null} total={data.total} onPage={(wanted) => pages.go(wanted, data.next)} />
            <h3>{m.transfersOfMember}</h3>
            {data.transfers.length === 0 ? (
              <Empty text={m.noTransfersOfMember} />
            ) : (
              <table className="table table--compact" data-testid="history-transfers">
                <thead>
                  <tr>
                    <th>{m.issuedOn}</th>
                    <th>{m.sendingOrg}</th>
                    <th>{m.receivingOrg}</th>
                    <th>{m.reason}</th>
                    <th>{m.status}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.transfers.map((transfer) => (
                    <tr key={transfer.id}>
                      <td className="nowrap">{formatDate(transfer.issuedAt)}</td>
                      <td>
                        <OrgName code={transfer.fromOrg} name={transfer.fromOrgName} />
                      </td>
                      <td>
                        <OrgName code={transfer.toOrg} name={transfer.toOrgName} />
                      </td>
                      <td>{transfer.reason}</td>
                      <td>
                        <span className={`status status--${transfer.status}`}>{m.transferStatuses[transfer.status]}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <h3>{m.mobilePeriodsOfMember}</h3>
            {data.mobile.length === 0 ? (
              <Empty text={m.noMobileOfMember} />
            ) : (
              <table className="table table--compact" data-testid="history-mobile">
                <thead>
                  <tr>
                    <th>{m.inflowOrg}</th>
                    <th>{m.period}</th>
                    <th>{m.reason}</th>
                    <th>{m.status}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.mobile.map((registration) => (
                    <tr key={registration.id}>
                      <td>
                        <OrgName code={registration.org} name={registration.orgName} />
                      </td>
                      <td className="nowrap">
                        <MobileSpan period={registration} />
                      </td>
                      <td>{registration.reason ?? '—'}</td>
                      <td>{m.mobileStatuses[registration.status]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </LoadState>
    </div>
  );
}
