import { authorize } from '../../auth/policy.ts';
import { auditActorOf, type Principal } from '../../auth/principal.ts';
import { isoTimestamp } from '../../clock.ts';
import type { WriteContext } from '../../context.ts';
import type { Transfer } from '../../store/repositories/transfers.ts';
import { requireTransfer } from './read-transfers.ts';
import { touched } from '../diagnostics/touched.ts';

/** A settled letter ends its reminders, and an acceptance moves the member's home: the rules look again. */
function settled(ctx: WriteContext, transfer: Transfer): Transfer {
  ctx.diagnostics?.notify(touched({ members: [transfer.memberId], transfers: [transfer.id] }));
  return transfer;
}

/**
 * The receiving organisation accepts in the console: the letter closes and the member's home moves to the
 * receiver from today, in one transaction. A racing acceptance (console or kiosk) that commits first
 * leaves this one ERR_TRANSFER_NOT_OPEN; a lapsed letter is ERR_TRANSFER_EXPIRED.
 */
export async function acceptTransfer(ctx: WriteContext, principal: Principal, id: string): Promise<Transfer> {
  const transfer = await requireTransfer(ctx, id);
  authorize(principal, 'transfer.accept', { path: transfer.toOrgPath });
  const now = ctx.clock.now();
  return settled(ctx, await ctx.write.transfers.accept(id, { via: 'console', actor: auditActorOf(principal) }, isoTimestamp(now), ctx.calendar.dayOf(now)));
}

/** The receiving organisation sends the letter back, saying why; the member stays with the sender. */
export async function returnTransfer(ctx: WriteContext, principal: Principal, id: string, reason: string): Promise<Transfer> {
  const transfer = await requireTransfer(ctx, id);
  authorize(principal, 'transfer.return', { path: transfer.toOrgPath });
  return settled(ctx, await ctx.write.transfers.close(id, 'returned', reason, isoTimestamp(ctx.clock.now()), auditActorOf(principal)));
}

/** The sending organisation withdraws its letter before the member reports. */
export async function cancelTransfer(ctx: WriteContext, principal: Principal, id: string, reason: string | undefined): Promise<Transfer> {
  const transfer = await requireTransfer(ctx, id);
  authorize(principal, 'transfer.cancel', { path: transfer.fromOrgPath });
  return settled(ctx, await ctx.write.transfers.close(id, 'cancelled', reason ?? null, isoTimestamp(ctx.clock.now()), auditActorOf(principal)));
}
