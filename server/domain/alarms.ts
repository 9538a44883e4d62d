import { listScope } from '../auth/policy.ts';
import type { Principal } from '../auth/principal.ts';
import type { ReadContext } from '../context.ts';
import type { AlarmListQuery } from '../schemas/alarms.ts';
import type { Alarm } from '../store/repositories/alarms.ts';
import { requireOrg } from './lookups.ts';

/** Alarms raised by ingest within the principal's reach (or one organisation's subtree), newest first. */
export async function listAlarms(ctx: ReadContext, principal: Principal, query: AlarmListQuery): Promise<Alarm[]> {
  const requested = query.org === undefined ? undefined : await requireOrg(ctx.read, query.org);
  return ctx.read.alarms.list(listScope(principal, 'alarm.read', requested), { type: query.type, before: query.before, limit: query.limit });
}
