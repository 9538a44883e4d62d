import type { CardCheck } from './check-card.ts';
import type { CardRefusal } from './refusal-reason.ts';
import type { SessionContext } from './session-context.ts';

const MAX_CREDENTIAL = 4096;

/**
 * Records a refused card as `card.denied` with what could be read of it, so the organisation sees
 * revoked or forged cards being tried. Resolves with the event's seq once it is durable.
 */
export async function denyCard(
  context: SessionContext,
  refusal: CardRefusal,
  seen: Pick<Extract<CardCheck, { ok: false }>, 'serial' | 'credential'>,
  at: string,
  meeting?: string,
): Promise<number> {
  const { seq } = await context.outbox.append({
    type: 'card.denied',
    at,
    reason: refusal.denial,
    ...(seen.serial !== undefined && { csn: seen.serial }),
    // A credential too long for the event schema is evidence of nothing but a strange card; the serial stays.
    ...(seen.credential !== undefined && seen.credential.length <= MAX_CREDENTIAL && { credential: seen.credential }),
    ...(meeting !== undefined && { meeting }),
  });
  return seq;
}
