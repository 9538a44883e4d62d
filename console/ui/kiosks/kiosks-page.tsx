import { useState } from 'react';
import type { Kiosk } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { can } from '../auth/capabilities.ts';
import { DoneNotice } from '../components/error-notice.tsx';
import { Empty, LoadState } from '../components/loading.tsx';
import { OrgSelect } from '../components/org-select.tsx';
import { Pager } from '../components/pager.tsx';
import { useCursorPages } from '../components/use-cursor-pages.ts';
import { useLoad } from '../components/use-load.ts';
import { useSettledText } from '../components/use-settled-text.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { DisableKioskDialog } from './disable-kiosk-dialog.tsx';
import { EnrolmentCodeDialog } from './enrolment-code-dialog.tsx';
import { KioskTable } from './kiosk-table.tsx';

const PAGE_SIZE = 50;

/**
 * 设备 / Kiosks: the check-in kiosks within reach and how each is doing as the server last heard it, by name, a
 * page at a time, narrowed by organisation or by part of a name or number; for those who may, a one-time
 * enrolment code for a new kiosk and disabling one. `focus` is the kiosk a reminder pointed to: the page shows it
 * alone, with the way to all of them.
 */
export function KiosksPage({ focus }: { focus?: string }) {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const [org, setOrg] = useState('');
  const [text, setText] = useState('');
  const settled = useSettledText(text);
  const search = focus ?? settled;
  const pages = useCursorPages();
  const after = pages.cursor;
  const [creating, setCreating] = useState(false);
  const [disabling, setDisabling] = useState<Kiosk>();
  // Kept as the kiosk rather than as text, so the notice follows a switch of language.
  const [disabled, setDisabled] = useState<Kiosk>();
  const kiosks = useLoad(
    () => api.kiosks({ org: focus === undefined ? org || undefined : undefined, search: search || undefined, after, limit: PAGE_SIZE }),
    `kiosks|${focus === undefined ? org : ''}|${search}|${after ?? ''}`,
  );
  // Another organisation or other words start again at the first page.
  const withFirstPage = (set: (value: string) => void) => (value: string): void => {
    set(value);
    pages.reset();
  };
  const narrowed = org !== '' || search !== '';
  const mayCreate = can(user, 'kiosk.token.create');
  const mayDisable = can(user, 'kiosk.disable');
  const mayReadAlarms = can(user, 'alarm.read');

  return (
    <section>
      <div className="page__head">
        <h1>{m.kiosksTitle}</h1>
        {mayCreate && (
          <button type="button" className="button button--primary" onClick={() => setCreating(true)} data-testid="create-enrolment">
            {m.createEnrolmentCode}
          </button>
        )}
        <p className="muted">{m.kiosksHint}</p>
      </div>
      {focus === undefined ? (
        <div className="filters">
          <OrgSelect label={m.organisation} value={org} onChange={withFirstPage(setOrg)} allLabel={m.allWithinReach} testId="kiosk-org" />
          <label className="field">
            <span className="field__label">{m.kioskSearch}</span>
            <input type="search" value={text} placeholder={m.kioskSearchPlaceholder} onChange={(event) => withFirstPage(setText)(event.target.value)} data-testid="kiosk-search" />
          </label>
        </div>
      ) : (
        <Link to={{ page: 'kiosks' }} testId="all-kiosks">
          {m.allKioskList}
        </Link>
      )}
      <DoneNotice text={disabled && m.disabledNotice(disabled.name)} />
      <LoadState loaded={kiosks}>
        {({ kiosks: list, next }) =>
          focus !== undefined && !list.some((kiosk) => kiosk.kid === focus) ? (
            <p className="notice notice--info" data-testid="kiosk-not-listed">
              {m.kioskNotListed}
            </p>
          ) : list.length === 0 && after === undefined ? (
            <Empty text={narrowed ? m.noKiosksFound : m.noKiosks} />
          ) : (
            <>
              <KioskTable kiosks={list} focus={focus} mayDisable={mayDisable} mayReadAlarms={mayReadAlarms} onDisable={setDisabling} />
              <Pager page={pages.page} hasNext={next !== null} onPage={(wanted) => pages.go(wanted, next)} />
            </>
          )
        }
      </LoadState>
      {creating && (
        <EnrolmentCodeDialog
          initialOrg={org || (user.org ?? '')}
          onClose={() => {
            setCreating(false);
            // the kiosk may have been set up while the code was on screen
            kiosks.reload();
          }}
        />
      )}
      {disabling && (
        <DisableKioskDialog
          kiosk={disabling}
          onClose={() => setDisabling(undefined)}
          onDisabled={() => {
            setDisabled(disabling);
            setDisabling(undefined);
            kiosks.reload();
          }}
        />
      )}
    </section>
  );
}
