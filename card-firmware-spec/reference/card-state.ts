import { z } from 'zod';

/**
 * Everything the card keeps in its non-volatile memory, as JSON, so a virtual card keeps its key and
 * counter between runs. `privateKey` is PKCS#8 DER in base64: it exists only inside this file, the
 * way it exists only inside a real card's secure element.
 */
export const CardStateSchema = z
  .object({
    format: z.literal('mic-reference-card/1'),
    csn: z.string().regex(/^[0-9a-f]{16}$/),
    lifecycle: z.enum(['personalisation', 'active']),
    privateKey: z.string().min(1).optional(),
    publicKey: z.string().regex(/^04[0-9a-f]{128}$/).optional(),
    counter: z.number().int().min(0).max(0xffffffff),
    credential: z.string().regex(/^[A-Za-z0-9_.-]{0,2048}$/),
  })
  .refine((state) => (state.privateKey === undefined) === (state.publicKey === undefined), {
    message: 'the two halves of the card key are stored together or not at all',
  })
  .refine((state) => state.lifecycle === 'personalisation' || (state.publicKey !== undefined && state.credential.length > 0), {
    message: 'an active card has a key and a credential',
  });

export type CardState = z.infer<typeof CardStateSchema>;
