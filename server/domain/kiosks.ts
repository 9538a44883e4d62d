import { authorize, listScope } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { Kiosk, ListedKiosk } from '../store/repositories/kiosks.ts';
import { requireOrg } from './lookups.ts';
import { touched } from './diagnostics/touched.ts';

export async function listKiosks(ctx: ReadContext, principal: Principal, org?: string): Promise<ListedKiosk[]> {
  const requested = org === undefined ? undefined : await requireOrg(ctx.read, org);
  return ctx.read.kiosks.list(listScope(principal, 'kiosk.read', requested));
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
