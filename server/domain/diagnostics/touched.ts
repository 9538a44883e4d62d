import type { Scope } from './finding.ts';

/** The Scope of one change a use case made, from the subjects it knows it touched. */
export const touched = (subjects: { members?: readonly number[]; orgs?: readonly number[]; kiosks?: readonly string[]; transfers?: readonly string[]; cards?: readonly string[] }): Scope => ({
  kind: 'some',
  members: new Set(subjects.members),
  orgs: new Set(subjects.orgs),
  kiosks: new Set(subjects.kiosks),
  transfers: new Set(subjects.transfers),
  alarms: new Set(),
  cards: new Set(subjects.cards),
});
