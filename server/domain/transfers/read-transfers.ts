import { authorizeAny, listScope } from '../../auth/policy.ts';
import type { Principal } from '../../auth/principal.ts';
import { isoTimestamp } from '../../clock.ts';
import type { ReadContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import type { TransferListQuery } from '../../schemas/transfers.ts';
import type { Transfer, TransferRules } from '../../store/repositories/transfers.ts';
import { requireMember, requireOrg } from '../lookups.ts';
import { asOf } from './transfer-status.ts';

export async function requireTransfer(ctx: ReadContext, id: string): Promise<Transfer> {
  const transfer = await ctx.read.transfers.byId(id);
  if (!transfer) throw new ApiError('ERR_TRANSFER_NOT_FOUND', `no transfer letter has id ${id}`, { transfer: id });
  return transfer;
}

/** A letter concerns both ends: whoever may read the sending or the receiving organisation sees it. */
export async function getTransfer(ctx: ReadContext, principal: Principal, id: string): Promise<Transfer> {
  const transfer = await requireTransfer(ctx, id);
  authorizeAny(principal, 'transfer.read', [{ path: transfer.fromOrgPath }, { path: transfer.toOrgPath }]);
  return asOf(transfer, isoTimestamp(ctx.clock.now()));
}

/** A letter in a list, with how many kiosk acceptances of it the server refused while it is not accepted. */
export type ListedTransfer = Transfer & { refusedAcceptances: number };

/** The inbox (incoming), the outbox (outgoing) or both, of `org` or of everything within reach; newest first. */
export async function listTransfers(ctx: ReadContext, principal: Principal, query: TransferListQuery): Promise<{ transfers: ListedTransfer[]; next: string | null }> {
  const requested = query.org === undefined ? undefined : await requireOrg(ctx.read, query.org);
  const scope = listScope(principal, 'transfer.read', requested);
  const member = query.member === undefined ? undefined : await requireMember(ctx.read, query.member);
  const now = isoTimestamp(ctx.clock.now());
  const page = await ctx.read.transfers.list({
    scope,
    direction: query.direction,
    status: query.status,
    memberId: member?.id,
    before: query.before,
    limit: query.limit + 1,
    now,
  });
  const transfers = page.slice(0, query.limit).map((transfer) => asOf(transfer, now));
  const refused = await ctx.read.transfers.refusedAcceptanceCounts(transfers.map((transfer) => transfer.id));
  return {
    transfers: transfers.map((transfer) => ({ ...transfer, refusedAcceptances: refused.get(transfer.id)! })),
    next: page.length > query.limit ? (transfers.at(-1)?.id ?? null) : null,
  };
}

export const transferRules = (ctx: ReadContext): Promise<TransferRules> => ctx.read.transfers.rules();
