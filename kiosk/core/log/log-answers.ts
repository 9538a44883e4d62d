import { z } from 'zod';

/*
 * The answers of the log's public endpoints (DESIGN appendix; server/http/routes/log-routes.ts), as the
 * kiosk reads them. Hashes are checked for canonical base64 of 32 bytes when they are decoded.
 */

const count = z.number().int().nonnegative();

export const InclusionAnswerSchema = z.object({ index: count, size: count, hashes: z.array(z.string()).max(64) });
export const ConsistencyAnswerSchema = z.object({ from: count, to: count, hashes: z.array(z.string()).max(128) });
export const LeafAnswerSchema = z.object({ index: count, jws: z.string() });
