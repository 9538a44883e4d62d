import { useState } from 'react';
import type { AlarmType } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { Empty, LoadState } from '../components/loading.tsx';
import { OrgSelect } from '../components/org-select.tsx';
import { Pager } from '../components/pager.tsx';
import { useCursorPages } from '../components/use-cursor-pages.ts';
import { useLoad } from '../components/use-load.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { AlarmCard } from './alarm-card.tsx';

const PAGE_SIZE = 50;

/**
 * 警报 / Alarms: what ingest raised within reach, newest first, each explained, filtered by organisation and
 * kind, page by page. Opened from a reminder (`focus`), the list starts at that alarm, with older ones below
 * and the way back to the newest.
 */
export function AlarmsPage({ focus }: { focus?: number }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [org, setOrg] = useState('');
  const [type, setType] = useState<AlarmType | ''>('');
  const pages = useCursorPages();
  // The server pages by id ("before"); one row more than a page says whether there is a next one.
  const before = pages.cursor !== undefined ? Number(pages.cursor) : focus === undefined ? undefined : focus + 1;
  const alarms = useLoad(
    () => api.alarms({ org: org || undefined, type: type || undefined, before, limit: PAGE_SIZE + 1 }),
    `alarms|${org}|${type}|${before ?? ''}`,
  );
  /** a different filter is a different list: it starts again from its first page */
  const refilter = <T,>(set: (value: T) => void) => (value: T): void => {
    set(value);
    pages.reset();
  };

  return (
    <section>
      <div className="page__head">
        <h1>{m.alarmsTitle}</h1>
        <p className="muted">{m.alarmsHint}</p>
      </div>
      {focus === undefined ? (
        <div className="filters" data-testid="alarm-filters">
          <OrgSelect label={m.organisation} value={org} onChange={refilter(setOrg)} allLabel={m.allWithinReach} testId="alarm-org" />
          <label className="field">
            <span className="field__label">{m.alarmTypeFilter}</span>
            <select value={type} onChange={(event) => refilter(setType)(event.target.value as AlarmType | '')} data-testid="alarm-type">
              <option value="">{m.allKinds}</option>
              {(Object.keys(m.alarmTypes) as AlarmType[]).map((key) => (
                <option key={key} value={key}>
                  {m.alarmTypes[key].name}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : (
        <Link to={{ page: 'alarms' }} testId="all-alarms">
          {m.allAlarms}
        </Link>
      )}
      <LoadState loaded={alarms}>
        {(list) => {
          const shown = list.slice(0, PAGE_SIZE);
          const next = list.length > PAGE_SIZE ? String(shown.at(-1)?.id) : null;
          const found = focus !== undefined && shown[0]?.id === focus;
          return (
            <>
              {focus !== undefined && pages.page === 1 && (
                <p className="notice notice--info" data-testid="alarm-focus">
                  {found ? m.alarmFromReminder(focus) : m.alarmNotFound(focus)}
                </p>
              )}
              {shown.length === 0 && pages.page === 1 ? (
                <Empty text={org !== '' || type !== '' || focus !== undefined ? m.noAlarmsFiltered : m.noAlarms} />
              ) : (
                <>
                  <div className="findings" data-testid="alarms">
                    {shown.map((alarm) => (
                      <AlarmCard key={alarm.id} alarm={alarm} focused={found && alarm.id === focus} />
                    ))}
                  </div>
                  <Pager page={pages.page} hasNext={next !== null} onPage={(wanted) => pages.go(wanted, next)} />
                </>
              )}
            </>
          );
        }}
      </LoadState>
    </section>
  );
}
