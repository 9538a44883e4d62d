import { listScope } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { ReadContext } from '../context.ts';
import type { AlarmListQuery } from '../schemas/alarms.ts';
import type { Alarm } from '../store/repositories/alarms.ts';
import { requireOrg } from './lookups.ts';

/**
 * A page of the alarms raised by ingest within the principal's reach (or one organisation's subtree), newest
 * first, of one kiosk or type when asked; `next` is where the following page starts (null: this is the last).
 * A kiosk outside reach is not refused, it only has no alarms to show: the reach filters every row.
 */
export async function listAlarms(ctx: ReadContext, principal: Principal, query: AlarmListQuery): Promise<{ alarms: Alarm[]; next: number | null }> {
  const requested = query.org === undefined ? undefined : await requireOrg(ctx.read, query.org);
  // One row more than the page says whether another page follows.
  const rows = await ctx.read.alarms.list(listScope(principal, 'alarm.read', requested), {
    kiosk: query.kiosk,
    type: query.type,
    before: query.before,
    limit: query.limit + 1,
  });
  const alarms = rows.slice(0, query.limit);
  return { alarms, next: rows.length > query.limit ? (alarms.at(-1)?.id ?? null) : null };
}
