import type { ReadContext } from '../../context.ts';
import type { OrgCalendar } from '../../../shared/org-calendar.ts';
import type { ReadStore } from '../../store/store.ts';

/**
 * Names an explanation uses for what a finding's facts keep only as a code, as they stand when the finding
 * is read: a meeting kind renamed or added after the finding was raised reads with its own name.
 */
export interface ExplanationNames {
  meetingKinds: ReadonlyMap<string, { zh: string; en: string }>;
}

/** Every kind, retired ones too: a finding of a kind retired since is shown until the next run resolves it. */
export async function explanationNames(read: ReadStore): Promise<ExplanationNames> {
  const kinds = await read.meetings.kinds();
  return { meetingKinds: new Map(kinds.map((kind) => [kind.code, { zh: kind.nameZh, en: kind.nameEn }])) };
}

/** What an explanation reads beside a finding's facts, as things stand when the finding is read. */
export interface ExplanationReading {
  names: ExplanationNames;
  /** the organisation's calendar: the days and times quoted are its own, the times with their offset */
  calendar: OrgCalendar;
}

export const explanationReading = async (ctx: ReadContext): Promise<ExplanationReading> => ({ names: await explanationNames(ctx.read), calendar: ctx.calendar });
