import { Link } from '../app/router.tsx';
import { Empty, LoadState } from '../components/loading.tsx';
import { useLoad } from '../components/use-load.ts';
import { formatDateTime } from '../i18n/format.ts';
import { useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { RefusedCheckins } from './refused-checkins.tsx';

/**
 * Who checked in to one meeting, and as what: a member of the branch, a registered mobile member, or a visitor;
 * above them, anyone the kiosk showed green whose check-in the server refused, since a list of those counted
 * cannot show who is missing from it.
 */
export function AttendanceList({ meeting }: { meeting: string }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const loaded = useLoad(async () => {
    const [attendance, refused] = await Promise.all([api.attendance(meeting), api.refusedCheckins(meeting)]);
    return { attendance, refused };
  }, meeting);
  return (
    <LoadState loaded={loaded}>
      {({ attendance: rows, refused }) => (
        <>
          <RefusedCheckins refused={refused} />
          {rows.length === 0 ? (
            <Empty text={m.noAttendance} />
          ) : (
            <>
              <p className="muted" data-testid="attendance-summary">
                {m.attendanceSummary(rows.length, rows.filter((row) => row.attendedAs !== 'home').length)}
              </p>
              <table className="table table--inner" data-testid="attendance">
                <thead>
                  <tr>
                    <th>{m.member}</th>
                    <th>{m.homeOrg}</th>
                    <th>{m.attendedAs}</th>
                    <th>{m.checkedInAt}</th>
                    <th>{m.evidence}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.eventId}>
                      <td>
                        <Link to={{ page: 'member', number: row.member }}>{row.name}</Link> <span className="code">{row.member}</span>
                      </td>
                      <td>
                        <OrgName code={row.homeOrg} />
                      </td>
                      <td>{m.attendedAsKinds[row.attendedAs]}</td>
                      <td className="nowrap">{formatDateTime(row.at)}</td>
                      <td>
                        <code className="evidence" title={row.eventId}>
                          …{row.eventId.slice(-8)}
                        </code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </LoadState>
  );
}
