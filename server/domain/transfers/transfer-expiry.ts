import type { Logger } from 'pino';
import { isoTimestamp } from '../../clock.ts';
import type { WriteContext } from '../../context.ts';
import type { Transfer } from '../../store/repositories/transfers.ts';

/** How often lapsed letters are marked expired, by default. Reads never wait for it: see transfer-status.ts. */
export const TRANSFER_SWEEP_INTERVAL_MS = 60_000;

/**
 * Marks every open letter whose validity ran out by the clock's now as expired (audited as system:expiry).
 * The rules already count an open letter past its expiry as lapsed, so this moves no reminder and the
 * diagnostics are not told.
 */
export const expireLapsedTransfers = (ctx: WriteContext): Promise<Transfer[]> => ctx.write.transfers.expireLapsed(isoTimestamp(ctx.clock.now()));

/** The periodic sweep, so the stored state catches up with the clock even when nobody reads. */
export class TransferExpirySweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: WriteContext,
    private readonly logger: Logger,
  ) {}

  start(intervalMs = TRANSFER_SWEEP_INTERVAL_MS): void {
    this.timer = setInterval(() => {
      this.running = expireLapsedTransfers(this.ctx).catch((error: unknown) => this.logger.error({ err: error }, 'could not expire lapsed transfer letters'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sweep in progress, so the database can close. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
