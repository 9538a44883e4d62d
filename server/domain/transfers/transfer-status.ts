import type { Transfer } from '../../store/repositories/transfers.ts';

/**
 * The letter as it stands at `now`. Expiry is a matter of the clock, not of the sweep: an open letter
 * whose validity has run out reads `expired` (closed at its expiry) before the sweep writes it so.
 */
export function asOf(transfer: Transfer, now: string): Transfer {
  if (transfer.status !== 'issued' || transfer.expiresAt > now) return transfer;
  return { ...transfer, status: 'expired', closedAt: transfer.expiresAt };
}
