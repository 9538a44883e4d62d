import type { MembershipPeriod } from '../api/types.ts';
import { Empty } from '../components/loading.tsx';
import { formatDate, lastDayOf } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';

/**
 * Where the member belonged and when: home periods (one at a time) and mobile periods (beside a home one).
 * The last day is shown, not the server's exclusive end: a transfer on 1 March shows the old home until 28 February.
 */
export function MemberPeriods({ periods }: { periods: readonly MembershipPeriod[] }) {
  const m = useMessages();
  const ordered = [...periods].sort((a, b) => b.from.localeCompare(a.from));
  return (
    <div className="panel">
      <h2 className="panel__title">{m.membershipPeriods}</h2>
      {ordered.length === 0 ? (
        <Empty text={m.noPeriods} />
      ) : (
        <table className="table table--compact" data-testid="periods">
          <thead>
            <tr>
              <th>{m.organisation}</th>
              <th>{m.periodKind}</th>
              <th>{m.firstDay}</th>
              <th>{m.lastDay}</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((period) => (
              <tr key={`${period.kind}|${period.org}|${period.from}`}>
                <td>
                  <OrgName code={period.org} />
                </td>
                <td>{m.periodKinds[period.kind]}</td>
                <td className="nowrap">{formatDate(period.from)}</td>
                <td className="nowrap">{period.to === null ? m.ongoing : lastDayOf(period.to)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
