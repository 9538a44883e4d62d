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
import { KioskSelect } from './kiosk-select.tsx';

const PAGE_SIZE = 50;

/**
 * 警报 / Alarms: what ingest raised within reach, newest first, each explained, filtered by organisation,
 * kiosk and kind, page by page. Opened from a reminder (`focus`), the list starts at that alarm, with older
 * ones below and the way back to the newest; opened from a kiosk (`kiosk`), it shows that kiosk's alarms.
 */
export function AlarmsPage({ focus, kiosk: fromKiosk }: { focus?: number; kiosk?: string }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [org, setOrg] = useState('');
  const [kiosk, setKiosk] = useState(fromKiosk ?? '');
  const [type, setType] = useState<AlarmType | ''>('');
  const pages = useCursorPages();
  // The server pages by id: its `next` is the next page's "before"; a reminder's alarm starts the first page.
  const before = pages.cursor !== undefined ? Number(pages.cursor) : focus === undefined ? undefined : focus + 1;
  const alarms = useLoad(
    () => api.alarms({ org: org || undefined, kiosk: kiosk || undefined, type: type || undefined, before, limit: PAGE_SIZE }),
    `alarms|${org}|${kiosk}|${type}|${before ?? ''}`,
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
          <KioskSelect org={org} value={kiosk} onChange={refilter(setKiosk)} testId="alarm-kiosk-filter" />
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
        {(page) => {
          const shown = page.alarms;
          const next = page.next === null ? null : String(page.next);
          const found = focus !== undefined && shown[0]?.id === focus;
          return (
            <>
              {focus !== undefined && pages.page === 1 && (
                <p className="notice notice--info" data-testid="alarm-focus">
                  {found ? m.alarmFromReminder(focus) : m.alarmNotFound(focus)}
                </p>
              )}
              {shown.length === 0 && pages.page === 1 ? (
                <Empty text={org !== '' || kiosk !== '' || type !== '' || focus !== undefined ? m.noAlarmsFiltered : m.noAlarms} />
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
