import { z } from 'zod';

/**
 * Everything the card keeps in its non-volatile memory, as JSON, so a virtual card keeps its key and
 * counter between runs. `privateKey` is PKCS#8 DER in base64: it exists only inside this file, the
 * way it exists only inside a real card's secure element.
 */
export const CardStateSchema = z.object({
  format: z.literal('mic-reference-card/1'),
  csn: z.string().regex(/^[0-9a-f]{16}$/),
  lifecycle: z.enum(['personalisation', 'active']),
  privateKey: z.string().min(1).optional(),
  publicKey: z.string().regex(/^04[0-9a-f]{128}$/).optional(),
  counter: z.number().int().min(0).max(0xffffffff),
  credential: z.string(),
});

export type CardState = z.infer<typeof CardStateSchema>;
