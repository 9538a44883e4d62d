import { z } from 'zod';

/** Parameters of the transparency-log endpoints: decimal integers, nothing else. */
const count = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,15})$/, 'a decimal integer without leading zeros')
  .transform(Number)
  .refine(Number.isSafeInteger, 'too large');

export const InclusionQuerySchema = z.strictObject({ index: count, size: count });
export const ConsistencyQuerySchema = z.strictObject({ from: count, to: count });
export const CheckpointParamsSchema = z.strictObject({ size: count });
export const LeafParamsSchema = z.strictObject({ index: count });

const base64Hash = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);

export const InclusionProofSchema = z.object({
  index: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  hashes: z.array(base64Hash).describe('RFC 9162 inclusion proof, standard base64, leaf side first'),
}).meta({ id: 'InclusionProof' });

export const ConsistencyProofSchema = z.object({
  from: z.number().int().nonnegative(),
  to: z.number().int().nonnegative(),
  hashes: z.array(base64Hash).describe('RFC 9162 consistency proof, standard base64'),
}).meta({ id: 'ConsistencyProof' });

export const LeafSchema = z.object({
  index: z.number().int().nonnegative(),
  jws: z.string().describe("the leaf's data: the accepted event's JWS text (leaf hash = SHA-256(0x00 ‖ UTF-8 bytes))"),
}).meta({ id: 'LogLeaf' });

export const NoteTextSchema = z.string().describe('C2SP signed note, text/plain');
