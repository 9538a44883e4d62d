import { useLoad } from '../components/use-load.ts';
import { useMessages } from '../i18n/language.tsx';
import { useOrgDirectory } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';

/**
 * A choice among the kiosks within reach, each by its name and organisation (two branches may both have a
 * "1 号机"), with "all kiosks" first. A kiosk the list does not hold (a link to one outside reach) stays
 * chosen under the start of its key, so the page shows plainly that it has no alarms to show.
 */
export function KioskSelect({ value, onChange, testId }: { value: string; onChange(kid: string): void; testId?: string }) {
  const m = useMessages();
  const { api } = useSignedIn();
  const { byCode } = useOrgDirectory();
  const kiosks = useLoad(() => api.kiosks(), 'kiosks').data ?? [];
  return (
    <label className="field">
      <span className="field__label">{m.kiosk}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
        <option value="">{m.allKiosks}</option>
        {value !== '' && !kiosks.some((kiosk) => kiosk.kid === value) && <option value={value}>{value.slice(0, 8)}…</option>}
        {kiosks.map((kiosk) => (
          <option key={kiosk.kid} value={kiosk.kid}>
            {m.kioskChoice(kiosk.name, byCode.get(kiosk.org)?.name ?? kiosk.org)}
          </option>
        ))}
      </select>
    </label>
  );
}
