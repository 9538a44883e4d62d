import { useState } from 'react';
import type { OrgKind } from '../../../server/schemas/orgs.ts';
import type { MeetingKind, Org, OrgThresholds, ThresholdRow } from '../api/types.ts';
import { can } from '../auth/capabilities.ts';
import { DoneNotice } from '../components/error-notice.tsx';
import { LoadState } from '../components/loading.tsx';
import { useLoad } from '../components/use-load.ts';
import { useLanguage } from '../i18n/language.tsx';
import type { Language, Messages } from '../i18n/messages.ts';
import { meetingKindName } from '../meetings/meeting-kind-name.ts';
import { useMeetingKinds } from '../meetings/use-meeting-kinds.ts';
import { useOrgDirectory } from '../orgs/org-directory.tsx';
import { useSignedIn } from '../session/session.tsx';
import { RemoveThresholdsDialog } from './remove-thresholds-dialog.tsx';
import { ThresholdForm } from './threshold-form.tsx';
import { meetingKindsOf, numbersOf, resolve, scopeText, sourceText, valueIn, type Cadence, type ThresholdFamily } from './threshold-sources.ts';

const FAMILIES: readonly ThresholdFamily[] = ['meeting-cadence', 'six-month', 'transfers', 'mobile', 'kiosks', 'security'];

/**
 * The kinds a row at `org` may be for: those of the organisations in its subtree (the directory lists
 * parents first) and those it has rows for already, in `order`. A directory that does not hold the whole reach
 * (a province) cannot tell which kinds the subtree has: then its own kind and every kind that sits below it.
 */
function kindsWithin(orgs: readonly Org[], complete: boolean, org: { code: string; kind: OrgKind }, own: readonly ThresholdRow[], order: readonly OrgKind[]): OrgKind[] {
  if (!complete) return order.slice(order.indexOf(org.kind));
  const code = org.code;
  const inside = new Set([code]);
  const kinds = new Set(own.flatMap((row) => (row.orgKind === null ? [] : [row.orgKind])));
  for (const org of orgs) {
    if (org.code === code || (org.parent !== null && inside.has(org.parent))) {
      inside.add(org.code);
      kinds.add(org.kind);
    }
  }
  return order.filter((kind) => kinds.has(kind));
}

/** A row's numbers as the sentences the panel shows for the numbers in force. */
function rowSentences(m: Messages, row: ThresholdRow, meetingKinds: readonly MeetingKind[] | undefined, language: Language, view: OrgThresholds): string[] {
  const cadences = meetingKindsOf(view, meetingKinds).flatMap((meetingKind) => {
    const every = valueIn(row.settings, { family: 'meeting-cadence', meetingKind });
    return every === undefined ? [] : [m.cadenceOf(meetingKindName(meetingKinds, meetingKind, language), m.cadence(every as Cadence))];
  });
  const numbers = numbersOf(view, row.family).flatMap((number) => {
    const value = row.settings[number];
    return typeof value === 'number' ? [m.thresholdNumbers[number](value)] : [];
  });
  return [...cadences, ...numbers];
}

type Notice = { change: 'saved' | 'removed'; family: ThresholdFamily };

/**
 * What decides this organisation's reminders: each number in force and where it comes from (the default,
 * every organisation, an organisation above, or this one), and the rows set here. Those who may change the
 * numbers set them for this organisation's subtree, or for one kind of organisation in it, and remove them.
 */
export function ThresholdsPanel({ org, onChanged }: { org: string; onChanged(): void }) {
  const { messages: m, language } = useLanguage();
  const { api, user } = useSignedIn();
  const { orgs, complete } = useOrgDirectory();
  const meetingKinds = useMeetingKinds();
  const loaded = useLoad(() => api.thresholds(org), `thresholds|${org}`);
  const mayChange = can(user, 'threshold.update');
  const [editing, setEditing] = useState<{ family: ThresholdFamily; scope: OrgKind | null }>();
  const [removing, setRemoving] = useState<ThresholdRow>();
  // Kept as what happened rather than as text, so it follows a switch of language.
  const [notice, setNotice] = useState<Notice>();
  const changed = (next: Notice): void => {
    setEditing(undefined);
    setRemoving(undefined);
    setNotice(next);
    loaded.reload();
    onChanged();
  };

  return (
    <section className="panel" data-testid="thresholds">
      <h2 className="panel__title">{m.thresholdsTitle}</h2>
      {notice && (
        <div className="thresholds__notice">
          <DoneNotice text={`${(notice.change === 'saved' ? m.thresholdsSaved : m.thresholdsRemoved)(m.thresholdFamilies[notice.family])} ${m.findingsRecheck}`} />
          <button type="button" className="button button--quiet" onClick={onChanged} data-testid="refresh-findings">
            {m.refreshFindings}
          </button>
        </div>
      )}
      <LoadState loaded={loaded}>
        {(view) => {
          const here = view.org.code;
          return (
            <>
              <p className="muted">{m.thresholdsHint(view.org.name)}</p>
              <dl className="thresholds">
                {FAMILIES.map((family) => {
                  const own = view.ownRows.filter((row) => row.family === family);
                  const cadences = family === 'meeting-cadence' ? meetingKindsOf(view, meetingKinds).map((meetingKind) => ({ meetingKind, ...resolve(view, { family, meetingKind }) })) : [];
                  return (
                    <div key={family} className="thresholds__family" data-testid={`thresholds-${family}`}>
                      <dt>{m.thresholdFamilies[family]}</dt>
                      <dd>
                        <ul className="plain-list">
                          {cadences
                            .filter(({ value, from }) => value !== null || from !== undefined)
                            .map(({ meetingKind, value, from }) => (
                              <li key={meetingKind} data-testid={`threshold-cadence-${meetingKind}`}>
                                {m.cadenceOf(meetingKindName(meetingKinds, meetingKind, language), m.cadence(value as Cadence))}
                                <span className="tag" data-testid="threshold-source">{sourceText(m, from, here)}</span>
                              </li>
                            ))}
                          {numbersOf(view, family).map((number) => {
                            const { value, from } = resolve(view, { family, number });
                            return (
                              <li key={number} data-testid={`threshold-${number}`}>
                                {typeof value === 'number' ? m.thresholdNumbers[number](value) : '—'}
                                <span className="tag" data-testid="threshold-source">{sourceText(m, from, here)}</span>
                              </li>
                            );
                          })}
                        </ul>
                        {own.length > 0 && (
                          <div className="thresholds__own">
                            <p className="thresholds__own-title">{m.ownThresholds}</p>
                            <ul className="plain-list">
                              {own.map((row) => (
                                <li key={row.orgKind ?? ''} data-testid={`own-${family}-${row.orgKind ?? 'all'}`}>
                                  <span className="muted">{m.appliesToScope(scopeText(m, view.org.name, row.orgKind))}</span>
                                  <ul className="plain-list thresholds__own-numbers">
                                    {rowSentences(m, row, meetingKinds, language, view).map((sentence) => (
                                      <li key={sentence}>{sentence}</li>
                                    ))}
                                  </ul>
                                  {mayChange && (
                                    <span className="buttons">
                                      {/* the family's own button below changes the row for every kind */}
                                      {row.orgKind !== null && (
                                        <button type="button" className="button button--quiet" onClick={() => setEditing({ family, scope: row.orgKind })} data-testid="edit-own">
                                          {m.changeThresholds}
                                        </button>
                                      )}
                                      <button type="button" className="button button--quiet" onClick={() => setRemoving(row)} data-testid="remove-own">
                                        {m.removeThresholds}
                                      </button>
                                    </span>
                                  )}
                                </li>
                              ))}
                            </ul>
                          </div>
                        )}
                        {mayChange && (
                          <button
                            type="button"
                            className="button button--quiet"
                            onClick={() => setEditing({ family, scope: null })}
                            aria-label={m.changeThresholdsOf(m.thresholdFamilies[family])}
                            data-testid={`edit-${family}`}
                          >
                            {m.changeThresholds}
                          </button>
                        )}
                      </dd>
                    </div>
                  );
                })}
              </dl>
              {!mayChange && <p className="muted" data-testid="thresholds-read-only">{m.thresholdsAskAbove}</p>}
              {editing && (
                <ThresholdForm
                  view={view}
                  family={editing.family}
                  scope={editing.scope}
                  kinds={kindsWithin(orgs, complete === true, view.org, view.ownRows, Object.keys(m.orgKinds) as OrgKind[])}
                  meetingKinds={meetingKinds}
                  onClose={() => setEditing(undefined)}
                  onSaved={() => changed({ change: 'saved', family: editing.family })}
                />
              )}
              {removing && (
                <RemoveThresholdsDialog view={view} row={removing} onClose={() => setRemoving(undefined)} onRemoved={() => changed({ change: 'removed', family: removing.family })} />
              )}
            </>
          );
        }}
      </LoadState>
    </section>
  );
}
