import { z } from 'zod';

const b64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

/** A P-256 public key as a JWK: the card key in `cnf.jwk`, and issuer keys. Private members are refused. */
export const P256PublicJwkSchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: b64url.length(43),
  y: b64url.length(43),
});

export type P256PublicJwk = z.infer<typeof P256PublicJwkSchema>;

/**
 * An issuer's key in the trust list. `iss` ties the key to one issuer (an organisation department), so a
 * key of one issuer cannot vouch for credentials that claim another. `kid` is the RFC 7638 thumbprint.
 */
export const IssuerJwkSchema = P256PublicJwkSchema.extend({
  kid: b64url,
  iss: z.string().min(1),
  alg: z.literal('ES256').optional(),
  use: z.literal('sig').optional(),
});

export type IssuerJwk = z.infer<typeof IssuerJwkSchema>;

export const IssuerJwksSchema = z.object({ keys: z.array(IssuerJwkSchema) });
export type IssuerJwks = z.infer<typeof IssuerJwksSchema>;
