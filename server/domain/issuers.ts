import { calculateJwkThumbprint, importJWK } from 'jose';
import type { IssuerJwk, IssuerJwks } from '../../shared/verify/jwk.ts';
import { authorize } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { ApiError } from '../errors.ts';

/**
 * Registers an organisation department's public key as a trust anchor for every kiosk, so only admins
 * may. The kid must be the key's RFC 7638 thumbprint: kiosks look keys up by it.
 */
export async function registerIssuer(ctx: WriteContext, principal: Principal, jwk: IssuerJwk): Promise<IssuerJwk> {
  authorize(principal, 'issuer.register', null);
  const publicPart = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  try {
    await importJWK(publicPart, 'ES256');
  } catch (cause) {
    throw new ApiError('ERR_ISSUER_KEY_INVALID', 'the key is not a point on P-256', undefined, { cause });
  }
  const thumbprint = await calculateJwkThumbprint(publicPart);
  if (thumbprint !== jwk.kid) throw new ApiError('ERR_ISSUER_KID_MISMATCH', `kid must be the key's RFC 7638 thumbprint ${thumbprint}`, { expected: thumbprint });
  const registered: IssuerJwk = { ...publicPart, kid: jwk.kid, iss: jwk.iss, alg: 'ES256', use: 'sig' };
  await ctx.write.issuers.register(registered, isoTimestamp(ctx.clock.now()), auditActorOf(principal));
  return registered;
}

export async function issuerJwks(ctx: ReadContext): Promise<IssuerJwks> {
  return { keys: await ctx.read.issuers.all() };
}
