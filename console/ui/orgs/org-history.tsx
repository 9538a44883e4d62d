import { useState, type FormEvent, type ReactNode } from 'react';
import type { MeetingKind, OrgHistory, OrgHistoryPart } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { Empty, LoadState } from '../components/loading.tsx';
import { saveDownload } from '../components/save-download.ts';
import { useAction } from '../components/use-action.ts';
import { useLoad } from '../components/use-load.ts';
import { daysFromToday, formatDateTime, percent } from '../i18n/format.ts';
import { useLanguage } from '../i18n/language.tsx';
import { meetingKindName } from '../meetings/meeting-kind-name.ts';
import { useMeetingKinds } from '../meetings/use-meeting-kinds.ts';
import { useSignedIn } from '../session/session.tsx';
import { OrgName } from './org-directory.tsx';

interface Span {
  from: string;
  to: string;
}

/** Meetings held per month and kind, as a grid: months down, kinds across, so a missed month stands out. */
function MonthGrid({ history, kinds }: { history: OrgHistory; kinds: MeetingKind[] | undefined }) {
  const { messages: m, language } = useLanguage();
  const months = [...new Set(history.byKindAndMonth.map((row) => row.month))].sort();
  const kindCodes = [...new Set(history.byKindAndMonth.map((row) => row.kind))];
  const count = (month: string, kind: string): number => history.byKindAndMonth.find((row) => row.month === month && row.kind === kind)?.meetings ?? 0;
  if (months.length === 0) return <Empty text={m.noMeetingsInWindow} />;
  return (
    <table className="table table--numbers table--compact" data-testid="org-months">
      <thead>
        <tr>
          <th>{m.month}</th>
          {kindCodes.map((kind) => (
            <th key={kind} className="number">
              {meetingKindName(kinds, kind, language)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {months.map((month) => (
          <tr key={month}>
            <td>{month}</td>
            {kindCodes.map((kind) => (
              <td key={kind} className={count(month, kind) === 0 ? 'number muted' : 'number'}>
                {count(month, kind)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th>{m.totalRow}</th>
          {kindCodes.map((kind) => (
            <td key={kind} className="number">
              {months.reduce((sum, month) => sum + count(month, kind), 0)}
            </td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}

/** One table of the overview with its own CSV download (the same rows, for a spreadsheet). */
function Part({ code, span, part, children }: { code: string; span: Span; part: OrgHistoryPart; children: ReactNode }) {
  const m = useLanguage().messages;
  const { api } = useSignedIn();
  const download = useAction();
  const csv = (): void => {
    void download.run(async () => {
      saveDownload(await api.orgHistoryCsv(code, part, span), `org-${code}-${part}-${span.from}-${span.to}.csv`);
      return undefined;
    });
  };
  return (
    <div className="panel" data-testid={`org-part-${part}`}>
      <div className="panel__head">
        <h2 className="panel__title">{m.orgParts[part]}</h2>
        <button type="button" className="button button--link" disabled={download.busy} onClick={csv}>
          CSV
        </button>
      </div>
      <ErrorNotice failure={download.error} />
      {children}
    </div>
  );
}

/**
 * The organisation over a window: meetings by kind and month, attendance rate per meeting, members who
 * attended elsewhere and guests it received (the cross-organisation participation the card makes possible).
 */
export function OrgHistoryView({ code }: { code: string }) {
  const { messages: m, language } = useLanguage();
  const { api } = useSignedIn();
  const kinds = useMeetingKinds();
  const [span, setSpan] = useState<Span>({ from: daysFromToday(-365), to: daysFromToday(0) });
  const [draft, setDraft] = useState(span);
  const history = useLoad(() => api.orgHistory(code, span), `${code}|${span.from}|${span.to}`);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setSpan(draft);
  };
  return (
    <div>
      <form className="filters" onSubmit={submit} data-testid="org-history-filters">
        <label className="field">
          <span className="field__label">{m.dateFrom}</span>
          <input type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} required />
        </label>
        <label className="field">
          <span className="field__label">{m.dateTo}</span>
          <input type="date" value={draft.to} min={draft.from} onChange={(event) => setDraft({ ...draft, to: event.target.value })} required />
        </label>
        <div className="filters__buttons">
          <button type="submit" className="button button--primary">
            {m.show}
          </button>
        </div>
      </form>
      <LoadState loaded={history}>
        {(data) => (
          <div className="columns">
            <Part code={code} span={span} part="months">
              <MonthGrid history={data} kinds={kinds} />
            </Part>
            <Part code={code} span={span} part="meetings">
              {data.meetings.length === 0 ? (
                <Empty text={m.noMeetingsInWindow} />
              ) : (
                <table className="table table--compact" data-testid="org-rates">
                  <thead>
                    <tr>
                      <th>{m.date}</th>
                      <th>{m.meetingKind}</th>
                      <th>{m.meetingTitle}</th>
                      <th className="number">{m.attendedCount}</th>
                      <th className="number">{m.rate}</th>
                      <th className="number">{m.guestCount}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.meetings.map((meeting) => (
                      <tr key={meeting.meeting}>
                        <td className="nowrap">{formatDateTime(meeting.startsAt)}</td>
                        <td>{meetingKindName(kinds, meeting.kind, language)}</td>
                        <td>{meeting.title}</td>
                        <td className="number">
                          {meeting.attended} / {meeting.expected}
                        </td>
                        <td className="number">{percent(meeting.rate)}</td>
                        <td className="number">{meeting.guests}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Part>
            <Part code={code} span={span} part="guests">
              {data.guests.length === 0 ? (
                <Empty text={m.noGuests} />
              ) : (
                <table className="table table--compact" data-testid="org-guests">
                  <thead>
                    <tr>
                      <th>{m.member}</th>
                      <th>{m.homeOrg}</th>
                      <th className="number">{m.times}</th>
                      <th className="number">{m.asMobileCount}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.guests.map((guest) => (
                      <tr key={guest.member}>
                        <td>
                          <Link to={{ page: 'member', number: guest.member }}>{guest.name}</Link>
                        </td>
                        <td>
                          <OrgName code={guest.homeOrg} name={guest.homeOrgName} />
                        </td>
                        <td className="number">{guest.count}</td>
                        <td className="number">{guest.asMobile}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Part>
            <Part code={code} span={span} part="elsewhere">
              {data.elsewhere.length === 0 ? (
                <Empty text={m.noElsewhere} />
              ) : (
                <table className="table table--compact" data-testid="org-elsewhere">
                  <thead>
                    <tr>
                      <th>{m.member}</th>
                      <th>{m.hostOrg}</th>
                      <th className="number">{m.times}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.elsewhere.map((row) => (
                      <tr key={`${row.member}|${row.hostOrg}`}>
                        <td>
                          <Link to={{ page: 'member', number: row.member }}>{row.name}</Link>
                        </td>
                        <td>
                          <OrgName code={row.hostOrg} name={row.hostOrgName} />
                        </td>
                        <td className="number">{row.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Part>
          </div>
        )}
      </LoadState>
    </div>
  );
}
