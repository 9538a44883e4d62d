import { kioskTokenIssuedAt } from '../auth/kiosk-token-issued-at.ts';
import { epochSeconds, isoTimestamp } from '../clock.ts';
import type { ServerContext } from '../context.ts';
import type { Kiosk } from '../store/repositories/kiosks.ts';
import { emptyScope } from './diagnostics/finding.ts';

/** More than any outbox will hold, and small enough for an INTEGER column and a JSON number. */
const MAX_REPORTED_PENDING = 1_000_000_000;

/**
 * The backlog a header reports: a non-negative decimal integer, nothing else. The header is optional
 * and advisory, so anything else (absent, repeated, signed, fractional, huge) counts as no report,
 * never as a reason to refuse the request.
 */
export function parseOutboxPending(value: string | string[] | undefined): number | null {
  if (typeof value !== 'string' || !/^\d{1,10}$/.test(value.trim())) return null;
  const pending = Number(value.trim());
  return pending <= MAX_REPORTED_PENDING ? pending : null;
}

/** Ten years: a reported clock offset beyond that is not a clock, it is a broken header. */
const MAX_CLOCK_OFFSET_SECONDS = 10 * 365 * 86_400;

/** The kiosk's own clock offset from a header: a decimal integer of seconds, else no report. */
export function parseClockOffset(value: string | string[] | undefined): number | null {
  if (typeof value !== 'string' || !/^-?\d{1,9}$/.test(value.trim())) return null;
  const offset = Number(value.trim());
  return Math.abs(offset) <= MAX_CLOCK_OFFSET_SECONDS ? offset : null;
}

/**
 * Every authenticated kiosk request is a sign of life: when, how far its clock is from ours, and
 * the backlog it reports. Recording it must not cost the kiosk its request, so a failure is logged, not
 * thrown. True when it was recorded: then the diagnostics owe the kiosk a look (`kioskHeardFrom`).
 */
export async function recordKioskContact(
  ctx: ServerContext,
  kiosk: Kiosk,
  request: { authorization: string | undefined; outboxPending: string | string[] | undefined; clockOffset: string | string[] | undefined },
): Promise<boolean> {
  const now = ctx.clock.now();
  try {
    await ctx.write.kioskHealth.recordContact({
      kid: kiosk.kid,
      at: isoTimestamp(now),
      // The kiosk's own measure of its clock, when it sends one; its token time is corrected, so it is the fallback.
      skewSeconds: parseClockOffset(request.clockOffset) ?? kioskTokenIssuedAt(request.authorization) - epochSeconds(now),
      outboxPending: parseOutboxPending(request.outboxPending),
    });
    return true;
  } catch (error) {
    ctx.logger.warn({ err: error, kiosk: kiosk.kid }, 'could not record kiosk contact');
    return false;
  }
}

/** The diagnostics look at the kiosk again (silent, backlog, skew) once its contact is recorded. */
export function kioskHeardFrom(ctx: ServerContext, kid: string): void {
  ctx.diagnostics.notify({ ...emptyScope(), kiosks: new Set([kid]) });
}
