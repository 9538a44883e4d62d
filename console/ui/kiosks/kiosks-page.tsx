import { useState } from 'react';
import type { Kiosk } from '../api/types.ts';
import { can } from '../auth/capabilities.ts';
import { DoneNotice } from '../components/error-notice.tsx';
import { Empty, LoadState } from '../components/loading.tsx';
import { OrgSelect } from '../components/org-select.tsx';
import { useLoad } from '../components/use-load.ts';
import { useMessages } from '../i18n/language.tsx';
import { useSignedIn } from '../session/session.tsx';
import { DisableKioskDialog } from './disable-kiosk-dialog.tsx';
import { EnrolmentCodeDialog } from './enrolment-code-dialog.tsx';
import { KioskTable } from './kiosk-table.tsx';

/**
 * 设备 / Kiosks: the check-in kiosks within reach and how each is doing as the server last heard it; for
 * those who may, a one-time enrolment code for a new kiosk and disabling one. `focus` is the kiosk a
 * reminder pointed to.
 */
export function KiosksPage({ focus }: { focus?: string }) {
  const m = useMessages();
  const { api, user } = useSignedIn();
  const [org, setOrg] = useState('');
  const [creating, setCreating] = useState(false);
  const [disabling, setDisabling] = useState<Kiosk>();
  // Kept as the kiosk rather than as text, so the notice follows a switch of language.
  const [disabled, setDisabled] = useState<Kiosk>();
  const kiosks = useLoad(() => api.kiosks(org || undefined), `kiosks|${org}`);
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
      <div className="filters">
        <OrgSelect label={m.organisation} value={org} onChange={setOrg} allLabel={m.allWithinReach} testId="kiosk-org" />
      </div>
      <DoneNotice text={disabled && m.disabledNotice(disabled.name)} />
      <LoadState loaded={kiosks}>
        {(list) => (
          <>
            {focus !== undefined && !list.some((kiosk) => kiosk.kid === focus) && (
              <p className="notice notice--info" data-testid="kiosk-not-listed">
                {m.kioskNotListed}
              </p>
            )}
            {list.length === 0 ? <Empty text={m.noKiosks} /> : <KioskTable kiosks={list} focus={focus} mayDisable={mayDisable} mayReadAlarms={mayReadAlarms} onDisable={setDisabling} />}
          </>
        )}
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
