import type { OrgThresholds } from '../api/types.ts';
import { LoadState } from '../components/loading.tsx';
import { useLoad } from '../components/use-load.ts';
import { useLanguage } from '../i18n/language.tsx';
import type { ThresholdNumber } from '../i18n/messages.ts';
import { meetingKindName } from '../meetings/meeting-kind-name.ts';
import { useMeetingKinds } from '../meetings/use-meeting-kinds.ts';
import { useSignedIn } from '../session/session.tsx';

type Family = keyof OrgThresholds['effective'];
const FAMILIES: readonly Family[] = ['meeting-cadence', 'six-month', 'transfers', 'mobile', 'kiosks', 'security'];

/** The numbers of one family as sentences, in the order the schema declares them. */
function numbersOf(effective: OrgThresholds['effective'], family: Family): [ThresholdNumber, number][] {
  return Object.entries(effective[family]).filter((entry): entry is [ThresholdNumber, number] => entry[0] !== 'every' && typeof entry[1] === 'number');
}

/**
 * What decides this organisation's reminders: the numbers in force (defaults, then the rows of the
 * organisations above it), read-only. Where each differing number was set is listed below them.
 */
export function ThresholdsPanel({ org }: { org: string }) {
  const { messages: m, language } = useLanguage();
  const { api } = useSignedIn();
  const kinds = useMeetingKinds();
  const loaded = useLoad(() => api.thresholds(org), `thresholds|${org}`);
  return (
    <section className="panel" data-testid="thresholds">
      <h2 className="panel__title">{m.thresholdsTitle}</h2>
      <LoadState loaded={loaded}>
        {(view) => {
          const cadences = Object.entries(view.effective['meeting-cadence'].every).filter(([, every]) => every !== null);
          return (
            <>
              <p className="muted">{m.thresholdsHint(view.org.name)}</p>
              <dl className="thresholds">
                {FAMILIES.map((family) => (
                  <div key={family} className="thresholds__family" data-testid={`thresholds-${family}`}>
                    <dt>{m.thresholdFamilies[family]}</dt>
                    <dd>
                      <ul className="plain-list">
                        {family === 'meeting-cadence' &&
                          cadences.map(([kind, every]) => (
                            <li key={kind}>
                              {m.cadenceOf(meetingKindName(kinds, kind, language), m.cadence(every))}
                            </li>
                          ))}
                        {numbersOf(view.effective, family).map(([key, value]) => (
                          <li key={key}>{m.thresholdNumbers[key](value)}</li>
                        ))}
                      </ul>
                    </dd>
                  </div>
                ))}
              </dl>
              {view.rows.length > 0 && (
                <ul className="plain-list muted thresholds__rows">
                  {view.rows.map((row) => (
                    <li key={`${row.org ?? ''}|${row.orgKind ?? ''}|${row.family}`}>
                      {m.thresholdFamilies[row.family]} · {m.configuredAt(row.org ?? m.wholeTree, row.orgKind ? m.orgKinds[row.orgKind] : m.everyKind)}
                    </li>
                  ))}
                </ul>
              )}
            </>
          );
        }}
      </LoadState>
    </section>
  );
}
