import type { MeetingKind, OrgThresholds, ThresholdRow } from '../api/types.ts';
import type { Messages, ThresholdNumber } from '../i18n/messages.ts';

export type ThresholdFamily = keyof OrgThresholds['effective'];
export type Cadence = string | null;

/** One number of a family, or how often one kind of meeting is due. */
export type Setting = { family: ThresholdFamily; number: ThresholdNumber } | { family: 'meeting-cadence'; meetingKind: string };

/** The cadences a row sets, by meeting kind. */
const cadencesIn = (settings: Record<string, unknown>): Record<string, unknown> => {
  const every = settings.every;
  return typeof every === 'object' && every !== null ? (every as Record<string, unknown>) : {};
};

/** What a row says about a setting; undefined where it leaves the setting to the rows above it. */
export function valueIn(settings: Record<string, unknown>, setting: Setting): unknown {
  return 'number' in setting ? settings[setting.number] : cadencesIn(settings)[setting.meetingKind];
}

/** A meeting kind the defaults do not list (one added since) is not required by default, as on the server. */
const defaultOf = (view: OrgThresholds, setting: Setting): unknown =>
  'number' in setting ? valueIn(view.defaults[setting.family], setting) : (view.defaults['meeting-cadence'].every[setting.meetingKind] ?? null);

/** The same configuration row: one per organisation, kind and family. */
export const sameRow = (a: ThresholdRow, b: ThresholdRow): boolean => a.org === b.org && a.orgKind === b.orgKind && a.family === b.family;

/**
 * The value a setting has at the organisation and the row it comes from (undefined: the default), leaving
 * out `without` if given: what a field left empty would keep. Rows come root first, so the last row that
 * sets it wins, as on the server.
 */
export function resolve(view: OrgThresholds, setting: Setting, without?: ThresholdRow): { value: unknown; from: ThresholdRow | undefined } {
  const from = view.rows.findLast((row) => row.family === setting.family && valueIn(row.settings, setting) !== undefined && !(without && sameRow(row, without)));
  return from ? { value: valueIn(from.settings, setting), from } : { value: defaultOf(view, setting), from: undefined };
}

/** Where a number comes from, in plain words: the default, every organisation, an organisation above (named), or this one. */
export function sourceText(m: Messages, row: ThresholdRow | undefined, here: string): string {
  if (row === undefined) return m.sourceDefault;
  const kind = row.orgKind === null ? null : m.orgKinds[row.orgKind];
  if (row.org === null) return m.sourceWholeTree(kind);
  if (row.org === here) return m.sourceHere(kind);
  return m.sourceInherited(row.orgName ?? row.org, kind);
}

/** The numbers of a family (not the cadences), in the order the schema declares them. */
export function numbersOf(view: OrgThresholds, family: ThresholdFamily): ThresholdNumber[] {
  return Object.keys(view.effective[family]).filter((key): key is ThresholdNumber => key !== 'every');
}

/**
 * The meeting kinds a cadence is shown and set for: the kinds in use (`kinds`, from GET /meeting-kinds, in its
 * order), so a kind added since can be given one; then any other kind a row here or above still sets, so a
 * retired kind's cadence is shown where it was set and can be taken out.
 */
export function meetingKindsOf(view: OrgThresholds, kinds: readonly MeetingKind[] | undefined): string[] {
  const set = [...view.rows, ...view.ownRows].flatMap((row) => (row.family === 'meeting-cadence' ? Object.keys(cadencesIn(row.settings)) : []));
  return [...new Set([...(kinds ?? []).map((kind) => kind.code), ...set])];
}

/** Whom a row at this organisation applies to: the whole subtree, or one kind of organisation in it. */
export const scopeText = (m: Messages, orgName: string, kind: ThresholdRow['orgKind']): string =>
  kind === null ? m.scopeAll(orgName) : m.scopeKind(orgName, m.orgKinds[kind]);
