import { authorize, listScope } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { kioskMarker, type KioskListQuery } from '../schemas/kiosks.ts';
import type { Kiosk, ListedKiosk } from '../store/repositories/kiosks.ts';
import { requireOrg } from './lookups.ts';
import { touched } from './diagnostics/touched.ts';

/** A page of the kiosks within reach (or of `org`), by name then kid, those matching `search` alone when it is given. */
export async function listKiosks(ctx: ReadContext, principal: Principal, query: KioskListQuery): Promise<{ kiosks: ListedKiosk[]; next: string | null }> {
  const requested = query.org === undefined ? undefined : await requireOrg(ctx.read, query.org);
  const page = await ctx.read.kiosks.page(listScope(principal, 'kiosk.read', requested), { search: query.search, after: query.after, limit: query.limit + 1 });
  const kiosks = page.slice(0, query.limit);
  return { kiosks, next: page.length > query.limit ? kioskMarker(kiosks.at(-1)!) : null };
}

/**
 * A disabled kiosk's tokens are refused from the next request on; its key stays on record as evidence. Nobody
 * waits to hear from it any more, so its silent, backlog and skew reminders end at once.
 */
export async function disableKiosk(ctx: WriteContext, principal: Principal, kid: string): Promise<Kiosk> {
  const kiosk = await ctx.read.kiosks.byKid(kid);
  if (!kiosk) throw new ApiError('ERR_KIOSK_NOT_FOUND', `no kiosk has id ${kid}`);
  authorize(principal, 'kiosk.disable', { path: kiosk.orgPath });
  const disabled = await ctx.write.kiosks.disable(kid, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
  ctx.diagnostics?.notify(touched({ kiosks: [kid] }));
  return disabled;
}
