import { z } from 'zod';
import { CsnSchema, KidSchema, MemberNumberSchema, TimestampSchema } from './common.ts';

export const CardStatusSchema = z.enum(['active', 'lost', 'revoked', 'replaced']);
export type CardStatus = z.infer<typeof CardStatusSchema>;

/** A card personalised offline is registered by uploading its credential (an ES256 JWT). */
export const RegisterCardBodySchema = z.strictObject({ credential: z.string().min(1).max(8192) });
export type RegisterCardBody = z.infer<typeof RegisterCardBodySchema>;

export const RevokeCardBodySchema = z.strictObject({ reason: z.enum(['lost', 'revoked']) });
export type RevokeCardBody = z.infer<typeof RevokeCardBodySchema>;

export const CardParamsSchema = z.strictObject({ csn: CsnSchema });

export const CardSchema = z.object({
  csn: CsnSchema,
  member: MemberNumberSchema,
  iss: z.string(),
  issuerKid: KidSchema,
  status: CardStatusSchema,
  issuedAt: TimestampSchema,
  expiresAt: TimestampSchema,
  statusChangedAt: TimestampSchema,
  replacedBy: CsnSchema.nullable(),
  highestCounter: z.number().int().nonnegative(),
}).meta({ id: 'Card' });
export type CardView = z.infer<typeof CardSchema>;

export const ReplaceCardResultSchema = z.object({ replaced: CardSchema, card: CardSchema });

export const RevocationsSchema = z.object({
  seq: z.number().int().nonnegative(),
  jws: z.string().describe('the revocation list as a compact JWS (EdDSA, typ mic-revocations+jws) signed by the server key'),
});
