import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { OrgKind } from '../../../server/schemas/orgs.ts';
import type { MeetingKind, OrgThresholds, ThresholdChange } from '../api/types.ts';
import { Dialog, DialogButtons } from '../components/dialog.tsx';
import { ErrorNotice } from '../components/error-notice.tsx';
import { useAction } from '../components/use-action.ts';
import { useLanguage } from '../i18n/language.tsx';
import type { ThresholdNumber } from '../i18n/messages.ts';
import { meetingKindName } from '../meetings/meeting-kind-name.ts';
import { useSignedIn } from '../session/session.tsx';
import { checkFields, fieldsOf, KEEP, NOT_REQUIRED, type CheckedFields, type ThresholdFields } from './threshold-fields.ts';
import { THRESHOLD_LIMITS } from './threshold-limits.ts';
import { meetingKindsOf, numbersOf, resolve, sourceText, type Setting, type ThresholdFamily } from './threshold-sources.ts';

/** The cadences a branch is commonly held to; a period set some other way is offered too, as it is. */
const CADENCES = ['P1W', 'P2W', 'P1M', 'P2M', 'P3M', 'P6M', 'P12M'] as const;

/** '' in the scope select: every kind of organisation. */
type Scope = OrgKind | '';

/**
 * Sets one family's numbers at an organisation, for its whole subtree or for one kind of organisation in it.
 * Only what is filled in is stored; an empty field keeps what the organisations above set. The fields are
 * checked here, with what to enter, before anything is sent.
 */
export function ThresholdForm({
  view,
  family,
  scope: initialScope,
  kinds,
  meetingKinds,
  onClose,
  onSaved,
}: {
  view: OrgThresholds;
  family: ThresholdFamily;
  scope: OrgKind | null;
  /** the kinds of organisation the subtree holds, to offer as a scope */
  kinds: readonly OrgKind[];
  /** the meeting kinds in use, each of which can be given a cadence */
  meetingKinds: readonly MeetingKind[] | undefined;
  onClose(): void;
  onSaved(): void;
}) {
  const { messages: m, language } = useLanguage();
  const { api } = useSignedIn();
  const [scope, setScope] = useState<Scope>(initialScope ?? '');
  const ownRow = (of: Scope) => view.ownRows.find((row) => row.family === family && row.orgKind === (of === '' ? null : of));
  const [fields, setFields] = useState<ThresholdFields>(() => fieldsOf(view, family, ownRow(scope), meetingKinds));
  const [checked, setChecked] = useState<CheckedFields>();
  const action = useAction();
  const form = useRef<HTMLFormElement>(null);
  const appliesHere = scope === '' || scope === view.org.kind;
  const replaced = ownRow(scope);
  // The first field to correct gets the focus once it is marked, so a keyboard or screen-reader user lands on it.
  useEffect(() => {
    if (checked && Object.keys(checked.problems).length > 0) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [checked]);

  // What was wrong is shown until the next change, then checked again at the next save.
  const edit = (next: ThresholdFields): void => {
    setFields(next);
    setChecked(undefined);
  };
  const chooseScope = (next: Scope): void => {
    setScope(next);
    edit(fieldsOf(view, family, ownRow(next), meetingKinds));
  };
  /** what an empty field keeps, where that is known: at this organisation, without the row being replaced */
  const keeps = (setting: Setting, shown: (value: unknown) => string): string => {
    if (!appliesHere) return m.keepsAboveElsewhere;
    const { value, from } = resolve(view, setting, replaced);
    return m.keepsAbove(shown(value), sourceText(m, from, view.org.code));
  };
  const amount = (number: ThresholdNumber) => (value: unknown) => (typeof value === 'number' ? m.thresholdAmount(value, THRESHOLD_LIMITS[number].unit) : '—');

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const result = checkFields(m, view, family, fields, appliesHere, replaced);
    setChecked(result);
    if (result.problem !== undefined || Object.keys(result.problems).length > 0) return;
    void action.run(async () => {
      // The family is chosen at run time, so the compiler cannot pair it with its settings; the server checks them.
      await api.setThresholds({ org: view.org.code, orgKind: scope === '' ? null : scope, family, settings: result.settings } as ThresholdChange);
      onSaved();
      return undefined;
    });
  };

  const cadences = family === 'meeting-cadence' ? meetingKindsOf(view, meetingKinds) : [];
  return (
    <Dialog title={m.changeThresholdsOf(m.thresholdFamilies[family])} onClose={onClose} testId="threshold-dialog" wide>
      <form ref={form} onSubmit={submit} noValidate>
        <p className="muted">{m.thresholdsFormHint}</p>
        <label className="field">
          <span className="field__label">{m.appliesTo}</span>
          <select value={scope} onChange={(event) => chooseScope(event.target.value as Scope)} data-testid="threshold-scope">
            <option value="">{m.scopeAll(view.org.name)}</option>
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {m.scopeKind(view.org.name, m.orgKinds[kind])}
              </option>
            ))}
          </select>
        </label>
        <div className="threshold-form">
          {cadences.map((meetingKind) => {
            const choice = fields.cadences[meetingKind] ?? KEEP;
            const offered = choice === KEEP || choice === NOT_REQUIRED || (CADENCES as readonly string[]).includes(choice) ? CADENCES : [...CADENCES, choice];
            return (
              <label key={meetingKind} className="field">
                <span className="field__label">{meetingKindName(meetingKinds, meetingKind, language)}</span>
                <select
                  value={choice}
                  onChange={(event) => edit({ ...fields, cadences: { ...fields.cadences, [meetingKind]: event.target.value } })}
                  data-testid={`cadence-input-${meetingKind}`}
                >
                  <option value={KEEP}>{m.cadenceKeep}</option>
                  <option value={NOT_REQUIRED}>{m.cadence(null)}</option>
                  {offered.map((every) => (
                    <option key={every} value={every}>
                      {m.cadence(every)}
                    </option>
                  ))}
                </select>
                <span className="field__hint">{keeps({ family: 'meeting-cadence', meetingKind }, (value) => m.cadence(typeof value === 'string' ? value : null))}</span>
              </label>
            );
          })}
          {numbersOf(view, family).map((number) => {
            const problem = checked?.problems[number];
            const hintId = `threshold-hint-${number}`;
            return (
              <label key={number} className="field">
                <span className="field__label">{m.thresholdLabels[number]}</span>
                <span className="threshold-form__input">
                  <input
                    inputMode="numeric"
                    value={fields.numbers[number] ?? ''}
                    onChange={(event) => edit({ ...fields, numbers: { ...fields.numbers, [number]: event.target.value } })}
                    aria-invalid={problem !== undefined}
                    aria-describedby={hintId}
                    data-testid={`threshold-input-${number}`}
                  />
                  {m.thresholdUnits[THRESHOLD_LIMITS[number].unit]}
                </span>
                <span id={hintId} className={problem ? 'field__problem' : 'field__hint'} data-testid={problem ? `threshold-problem-${number}` : undefined}>
                  {problem ?? keeps({ family, number }, amount(number))}
                </span>
              </label>
            );
          })}
        </div>
        {checked?.problem && (
          <p className="notice notice--error" role="alert" data-testid="threshold-form-problem">
            {checked.problem}
          </p>
        )}
        <ErrorNotice failure={action.error} />
        <DialogButtons label={action.busy ? m.working : m.save} disabled={action.busy} testId="save-thresholds" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
