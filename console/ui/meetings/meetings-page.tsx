import { useState } from 'react';
import type { Meeting } from '../api/types.ts';
import { can } from '../auth/capabilities.ts';
import { Empty, LoadState } from '../components/loading.tsx';
import { OrgSelect } from '../components/org-select.tsx';
import { Pager } from '../components/pager.tsx';
import { useCursorPages } from '../components/use-cursor-pages.ts';
import { useLoad } from '../components/use-load.ts';
import { daysFromToday, endOfDay, formatDateTime, startOfDay } from '../i18n/format.ts';
import { useLanguage, useMessages } from '../i18n/language.tsx';
import { OrgName } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { AttendanceList } from './attendance-list.tsx';
import { meetingKindName } from './meeting-kind-name.ts';
import { shownStatus } from './meeting-status.ts';
import { ScheduleMeetingForm } from './schedule-meeting-form.tsx';
import { useMeetingKinds } from './use-meeting-kinds.ts';

const PAGE_SIZE = 50;

/** How the meeting stands, and how many members a kiosk showed green that the server refused and does not count. */
function MeetingState({ meeting }: { meeting: Meeting }) {
  const m = useMessages();
  const status = shownStatus(meeting, new Date());
  return (
    <>
      <span className={`status status--${status}`}>{m.meetingStatuses[status]}</span>
      {meeting.refused > 0 && (
        <span className="tag tag--refused" data-testid="refused-tag">
          {m.refusedTag(meeting.refused)}
        </span>
      )}
    </>
  );
}

/** Meetings within reach that start in a date window, a page at a time, each with its attendance on demand, and scheduling a new one. */
export function MeetingsPage() {
  const { messages: m, language } = useLanguage();
  const { api, user } = useSignedIn();
  const kinds = useMeetingKinds();
  const [org, setOrg] = useState('');
  const [from, setFrom] = useState(daysFromToday(-30));
  const [to, setTo] = useState(daysFromToday(30));
  const [shown, setShown] = useState<string>();
  const [scheduling, setScheduling] = useState(false);
  const pages = useCursorPages();
  const after = pages.cursor;
  const meetings = useLoad(
    () => api.meetings({ org: org || undefined, from: from ? startOfDay(from) : undefined, to: to ? endOfDay(to) : undefined, after, limit: PAGE_SIZE }),
    `${org}|${from}|${to}|${after ?? ''}`,
  );
  // Another organisation or other days start again at the first page.
  const withFirstPage = <T,>(set: (value: T) => void) => (value: T): void => {
    set(value);
    pages.reset();
  };

  return (
    <section>
      <div className="page__head">
        <h1>{m.meetingsTitle}</h1>
        {can(user, 'meeting.create') && !scheduling && (
          <button type="button" className="button button--primary" onClick={() => setScheduling(true)} data-testid="schedule-meeting">
            {m.scheduleMeeting}
          </button>
        )}
      </div>
      {scheduling && (
        <ScheduleMeetingForm
          kinds={kinds ?? []}
          onDone={() => {
            setScheduling(false);
            meetings.reload();
          }}
          onCancel={() => setScheduling(false)}
        />
      )}
      <div className="filters">
        <OrgSelect label={m.organisation} value={org} onChange={withFirstPage(setOrg)} allLabel={m.allWithinReach} />
        <label className="field">
          <span className="field__label">{m.dateFrom}</span>
          <input type="date" value={from} onChange={(event) => withFirstPage(setFrom)(event.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{m.dateTo}</span>
          <input type="date" value={to} onChange={(event) => withFirstPage(setTo)(event.target.value)} />
        </label>
      </div>
      <LoadState loaded={meetings}>
        {({ meetings: list, next }) =>
          list.length === 0 && after === undefined ? (
            <Empty text={m.noMeetings} />
          ) : (
            <>
              <table className="table" data-testid="meetings">
                <thead>
                  <tr>
                    <th>{m.startsAt}</th>
                    <th>{m.organisation}</th>
                    <th>{m.meetingKind}</th>
                    <th>{m.meetingTitle}</th>
                    <th>{m.place}</th>
                    <th>{m.status}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {list.map((meeting) => [
                    <tr key={meeting.id}>
                      <td className="nowrap">{formatDateTime(meeting.startsAt)}</td>
                      <td>
                        <OrgName code={meeting.org} />
                      </td>
                      <td>{meetingKindName(kinds, meeting.kind, language)}</td>
                      <td>
                        {meeting.title}
                        {meeting.origin === 'ad_hoc' && <span className="tag">{m.adHoc}</span>}
                      </td>
                      <td>{meeting.place ?? '—'}</td>
                      <td>
                        <MeetingState meeting={meeting} />
                      </td>
                      <td className="actions">
                        {can(user, 'attendance.read') && (
                          <button type="button" className="button button--quiet" onClick={() => setShown(shown === meeting.id ? undefined : meeting.id)} aria-expanded={shown === meeting.id}>
                            {shown === meeting.id ? m.hideAttendance : m.showAttendance}
                          </button>
                        )}
                      </td>
                    </tr>,
                    shown === meeting.id && (
                      <tr key={`${meeting.id}-attendance`} className="table__detail">
                        <td colSpan={7}>
                          <AttendanceList meeting={meeting.id} />
                        </td>
                      </tr>
                    ),
                  ])}
                </tbody>
              </table>
              <Pager page={pages.page} hasNext={next !== null} onPage={(wanted) => pages.go(wanted, next)} />
            </>
          )
        }
      </LoadState>
    </section>
  );
}
