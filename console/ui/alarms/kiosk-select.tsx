import { useState } from 'react';
import type { Kiosk } from '../api/types.ts';
import { useLoad } from '../components/use-load.ts';
import { useSettledText } from '../components/use-settled-text.ts';
import { useMessages } from '../i18n/language.tsx';
import { useKnownOrg } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';

/** How many matches the picker offers: a screenful; whoever needs another types more of the name. */
const MATCHES = 10;

/** A kiosk by its name and its organisation's, asked for (with others, in a small batch) when not known yet. */
function KioskChoice({ kiosk }: { kiosk: Kiosk }) {
  const m = useMessages();
  const org = useKnownOrg(kiosk.org);
  return <>{m.kioskChoice(kiosk.name, org?.name ?? kiosk.org)}</>;
}

/**
 * One kiosk within reach, found by part of its name or number (a province has thousands, too many to offer in a
 * list), each match by its name and organisation (two branches may both have a "1 号机"); none chosen is every
 * kiosk. With an organisation chosen on the page (`org`), only its subtree's kiosks are offered: another's would
 * show no alarms beside it. A kiosk chosen by a link is looked up by its kid for its name; one the list does not hold (outside reach)
 * stays chosen under the start of its key, so the page shows plainly that it has no alarms to show.
 */
export function KioskSelect({ org, value, onChange, testId }: { org: string; value: string; onChange(kid: string): void; testId: string }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const [text, setText] = useState('');
  const search = useSettledText(text);
  // Kept as the kiosk rather than its kid, so its name needs no second request.
  const [picked, setPicked] = useState<Kiosk>();
  const matches = useLoad(
    () => (search === '' ? Promise.resolve(undefined) : api.kiosks({ search, org: org || undefined, limit: MATCHES })),
    `kiosk-search|${org}|${search}`,
  );
  const linked = useLoad(() => (value === '' || picked?.kid === value ? Promise.resolve(undefined) : api.kiosks({ search: value, limit: 1 })), `kiosk|${value}`);
  const orgShown = useKnownOrg(org);
  const chosen = picked?.kid === value ? picked : linked.data?.kiosks.find((kiosk) => kiosk.kid === value);

  if (value !== '') {
    return (
      <div className="field">
        <span className="field__label">{m.kiosk}</span>
        <div className="kiosk-picker__chosen">
          <strong data-testid={`${testId}-chosen`}>{chosen ? <KioskChoice kiosk={chosen} /> : linked.loading ? m.loading : `${value.slice(0, 8)}…`}</strong>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setPicked(undefined);
              setText('');
              onChange('');
            }}
            data-testid={`${testId}-clear`}
          >
            {m.showAllKiosks}
          </button>
        </div>
      </div>
    );
  }
  const found = text.trim() === '' ? undefined : matches.data;
  return (
    <div className="field kiosk-picker">
      <label className="field__label" htmlFor={testId}>
        {m.kiosk}
      </label>
      <input id={testId} type="search" autoComplete="off" value={text} placeholder={m.kioskPickerPlaceholder} onChange={(event) => setText(event.target.value)} data-testid={testId} />
      {found && (
        <div className="kiosk-picker__matches" data-testid={`${testId}-matches`}>
          {found.kiosks.length === 0 ? (
            <p className="muted">{org === '' ? m.kioskPickerNoMatch(search) : m.kioskPickerNoMatchInOrg(search, orgShown?.name ?? org)}</p>
          ) : (
            <ul>
              {found.kiosks.map((kiosk) => (
                <li key={kiosk.kid}>
                  <button
                    type="button"
                    onClick={() => {
                      setPicked(kiosk);
                      onChange(kiosk.kid);
                    }}
                    data-testid={`${testId}-match`}
                  >
                    <KioskChoice kiosk={kiosk} /> <span className="code muted">{kiosk.kid.slice(0, 8)}…</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {found.next !== null && <p className="muted small">{m.kioskPickerMore}</p>}
        </div>
      )}
    </div>
  );
}
