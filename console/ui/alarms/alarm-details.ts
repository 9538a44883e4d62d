import type { Alarm } from '../api/types.ts';
import type { Messages } from '../i18n/messages.ts';

/*
 * An alarm's details are free-form on the wire (each type stores its own facts), so each fact is read only
 * when it has the shape its type writes, and left out otherwise.
 */
const numberAt = (alarm: Alarm, key: string): number | undefined => {
  const value = alarm.details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

const textAt = (alarm: Alarm, key: string): string | undefined => {
  const value = alarm.details[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The member number the card's credential names, on a clone or replay alarm. */
export const alarmMember = (alarm: Alarm): string | undefined => (alarm.type === 'clone' || alarm.type === 'replay' ? textAt(alarm, 'member') : undefined);

/** What about the kiosk's records: the sequence number a fork or broken chain happened at. */
export function kioskFact(alarm: Alarm, m: Messages): string | undefined {
  const seq = alarm.type === 'fork' || alarm.type === 'chain' ? numberAt(alarm, 'seq') : undefined;
  return seq === undefined ? undefined : m.alarmSeq(seq);
}

/** What about the card: the counter signed twice (clone) or whose signature came back (replay). */
export function cardFact(alarm: Alarm, m: Messages): string | undefined {
  const counter = alarm.type === 'clone' || alarm.type === 'replay' ? numberAt(alarm, 'counter') : undefined;
  return counter === undefined ? undefined : m.alarmCounter(counter);
}

/** How far ahead a kiosk clock may run before its events raise a skew alarm. */
export function toleranceFact(alarm: Alarm, m: Messages): string | undefined {
  const ms = alarm.type === 'skew' ? numberAt(alarm, 'toleranceMs') : undefined;
  return ms === undefined ? undefined : m.alarmTolerance(Math.round(ms / 60_000));
}

/** What a kiosk said it found in the log, in plain words when the kind is known, and its own words. */
export function kioskReport(alarm: Alarm, m: Messages): { finding: string | undefined; words: string | undefined } | undefined {
  if (alarm.type !== 'kiosk-report') return undefined;
  const kind = textAt(alarm, 'alarm');
  const finding = kind !== undefined && Object.hasOwn(m.kioskAlarmKinds, kind) ? m.kioskAlarmKinds[kind as keyof Messages['kioskAlarmKinds']] : kind;
  return { finding, words: textAt(alarm, 'detail') };
}
