import type { Clock } from './clock.ts';
import type { OrgCalendar } from '../shared/org-calendar.ts';

/** The organisation's today: what "today" means to every use case, by the injected clock. */
export const today = (ctx: { clock: Clock; calendar: OrgCalendar }): string => ctx.calendar.dayOf(ctx.clock.now());
