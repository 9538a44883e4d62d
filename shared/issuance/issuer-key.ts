import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';
import { IssuerJwkSchema, type IssuerJwk } from '../verify/jwk.ts';

/** An organisation department's signing key, as kept in the issuer's key file (never on the server). */
export const IssuerKeyFileSchema = z.object({
  iss: z.string().min(1),
  kid: z.string().min(1),
  privateJwk: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), d: z.string() }),
  publicJwk: IssuerJwkSchema,
});

export type IssuerKeyFile = z.infer<typeof IssuerKeyFileSchema>;

export async function generateIssuerKey(iss: string): Promise<IssuerKeyFile> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicPart = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicPart);
  const privateJwk = await exportJWK(privateKey);
  return IssuerKeyFileSchema.parse({
    iss,
    kid,
    privateJwk: { kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x, y: privateJwk.y, d: privateJwk.d },
    publicJwk: issuerPublicJwk(iss, kid, publicPart),
  });
}

export const issuerPublicJwk = (iss: string, kid: string, jwk: JWK): IssuerJwk =>
  IssuerJwkSchema.parse({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid, iss, alg: 'ES256', use: 'sig' });
