import { createHash } from 'node:crypto';
import { epochSeconds } from '../../clock.ts';
import type { WriteContext } from '../../context.ts';
import { ApiError } from '../../errors.ts';
import { MAX_EVENTS_PER_BATCH, type Receipt } from '../../schemas/events.ts';
import { hashKey } from '../../store/repositories/ingest.ts';
import type { Kiosk } from '../../store/repositories/kiosks.ts';
import type { EventVerifier } from '../../verify/event-verifier.ts';
import type { EventVerdict } from '../../verify/verdicts.ts';
import { applyBatch } from './apply-batch.ts';
import type { DiagnosticsEngine } from '../diagnostics/engine.ts';
import { batchScope } from '../diagnostics/ingest-scope.ts';

export interface IngestContext extends WriteContext {
  verifier: EventVerifier;
  diagnostics: Pick<DiagnosticsEngine, 'notify'>;
}

/**
 * SHA-256 of the JWS text: the event's identity for resends, and (base64url) the next event's `prev`.
 * The hash reads the string as UTF-8 itself, so no encoded copy of the text is made first.
 */
export function jwsHash(jws: string): Uint8Array {
  const digest = createHash('sha256').update(jws, 'utf8').digest();
  // A plain Uint8Array view, as nodeSha256 returns, so byte comparisons never meet Buffer's prototype.
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/**
 * POST /api/v1/events for one kiosk's batch. All the async work comes first and outside the
 * transaction: events the kiosk sent before are recognised by hash and not verified again; every
 * other distinct event is verified (signatures, schema, card evidence) in parallel on the verifier
 * pool. Then one write transaction applies the sequence rules and effects and appends the log,
 * so a crash leaves either the whole batch or none of it, and a resend finds exactly what was stored.
 */
export async function ingestEvents(ctx: IngestContext, kiosk: Kiosk, events: string[], tokenIssuedAt: number): Promise<Receipt[]> {
  if (events.length > MAX_EVENTS_PER_BATCH) {
    throw new ApiError('ERR_BATCH_TOO_LARGE', `send at most ${MAX_EVENTS_PER_BATCH} events per request, not ${events.length}`, { max: MAX_EVENTS_PER_BATCH, sent: events.length });
  }
  const receivedAt = ctx.clock.now();
  const hashes = events.map(jwsHash);
  const keys = hashes.map(hashKey);
  const known = await ctx.read.ingest.knownHashes(kiosk.kid, hashes);

  const unverified = new Map<string, string>();
  keys.forEach((key, i) => {
    if (!known.has(key) && !unverified.has(key)) unverified.set(key, events[i]!);
  });
  const verdicts = new Map<string, EventVerdict>();
  if (unverified.size > 0) {
    const issuers = await ctx.read.issuers.all();
    const results = await ctx.verifier.verify({
      kiosk: { kid: kiosk.kid, jwk: kiosk.jwk },
      issuers: { version: issuers.map((issuer) => issuer.kid).join(','), keys: issuers },
      events: [...unverified.values()],
    });
    [...unverified.keys()].forEach((key, i) => verdicts.set(key, results[i]!));
  }

  const items = events.map((jws, i) => ({ jws, hash: hashes[i]!, verdict: verdicts.get(keys[i]!) }));
  // The diagnostic rules look at what the batch touched once it is committed, off this request's path; the
  // scope names the kiosk, so the request's contact is looked at in the same run.
  const touched = batchScope(kiosk.kid);
  const receipts = await ctx.write.ingest.transaction(
    touched.wrap(async (tx) => {
      // The token was checked before verification; a disable that took its turn since holds, as for the next request.
      if (!(await tx.isKioskEnabled(kiosk.kid))) throw new ApiError('ERR_KIOSK_DISABLED', 'this kiosk has been disabled');
      return applyBatch(tx, { kiosk, receivedAt, calendar: ctx.calendar, tokenSkewSeconds: tokenIssuedAt - epochSeconds(receivedAt), items });
    }),
  );
  ctx.diagnostics.notify(touched.scope);
  return receipts;
}
