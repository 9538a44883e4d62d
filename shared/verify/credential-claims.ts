import { z } from 'zod';
import { P256PublicJwkSchema } from './jwk.ts';

export const CREDENTIAL_TYP = 'mic-card+jwt';

/** The claims of a member-card credential (card-firmware-spec/SPEC.md, DESIGN §3). */
export const CredentialClaimsSchema = z.object({
  iss: z.string().min(1),
  sub: z.string().min(1),
  csn: z.string().regex(/^[0-9a-f]{16}$/),
  cnf: z.object({ jwk: P256PublicJwkSchema }),
  name: z.string().min(1),
  idh: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(1),
});

export type CredentialClaims = z.infer<typeof CredentialClaimsSchema>;
