import { calculateJwkThumbprint, importJWK } from 'jose';
import { authorize } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { WriteContext } from '../context.ts';
import { newSecretToken, secretTokenHash } from '../crypto/secret-token.ts';
import { ApiError, type ApiErrorCode } from '../errors.ts';
import type { CreateEnrolmentTokenBody, EnrollBody } from '../schemas/kiosks.ts';
import type { EnrolmentOutcome, Kiosk } from '../store/repositories/kiosks.ts';
import { requireOrg } from './lookups.ts';

/** A one-time token that binds the next kiosk presenting it to `org`. Shown once; only its hash is kept. */
export async function createEnrolmentToken(
  ctx: WriteContext,
  principal: Principal,
  body: CreateEnrolmentTokenBody,
): Promise<{ token: string; orgCode: string; expiresAt: string }> {
  const org = await requireOrg(ctx.read, body.org);
  authorize(principal, 'kiosk.token.create', org);
  const now = ctx.clock.now();
  const token = newSecretToken();
  const expiresAt = isoTimestamp(new Date(now.getTime() + body.ttlMinutes * 60_000));
  await ctx.write.kiosks.createEnrolmentToken({ tokenHash: secretTokenHash(token), orgId: org.id, expiresAt }, isoTimestamp(now), auditActorOf(principal));
  return { token, orgCode: org.code, expiresAt };
}

const REFUSALS: Record<Exclude<EnrolmentOutcome, { ok: true }>['reason'], [ApiErrorCode, string]> = {
  'unknown-token': ['ERR_ENROLMENT_TOKEN_UNKNOWN', 'this enrolment token is not known; ask the organisation department for a new one'],
  'used-token': ['ERR_ENROLMENT_TOKEN_USED', 'this enrolment token has already enrolled a kiosk; each token works once'],
  'expired-token': ['ERR_ENROLMENT_TOKEN_EXPIRED', 'this enrolment token has expired; ask for a new one'],
  'kid-taken': ['ERR_KIOSK_ALREADY_ENROLLED', 'a kiosk with this key is already enrolled; generate a new key to enrol again'],
};

/**
 * Enrols a kiosk key: its id is the key's RFC 7638 thumbprint. A refused enrolment changes nothing. The
 * diagnostics are not told: a new kiosk's silence counts from its enrolment, at least an hour before it is
 * a reminder, and the schedule's run finds it then.
 */
export async function enrollKiosk(ctx: WriteContext, body: EnrollBody): Promise<Kiosk> {
  const publicPart = { kty: body.jwk.kty, crv: body.jwk.crv, x: body.jwk.x };
  try {
    await importJWK(publicPart, 'EdDSA');
  } catch (cause) {
    throw new ApiError('ERR_KIOSK_KEY_INVALID', 'jwk is not an Ed25519 public key', undefined, { cause });
  }
  const kid = await calculateJwkThumbprint(publicPart);
  if (body.jwk.kid !== undefined && body.jwk.kid !== kid) {
    throw new ApiError('ERR_KIOSK_KEY_INVALID', `the jwk's kid must be its RFC 7638 thumbprint ${kid}, or be left out`, { expected: kid });
  }
  const outcome = await ctx.write.kiosks.enroll(
    { tokenHash: secretTokenHash(body.token), kid, name: body.name, jwk: publicPart },
    isoTimestamp(ctx.clock.now()),
  );
  if (!outcome.ok) {
    const [code, message] = REFUSALS[outcome.reason];
    throw new ApiError(code, message);
  }
  return outcome.kiosk;
}
