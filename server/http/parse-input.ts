import type { z } from 'zod';
import { ApiError } from '../errors.ts';

/** Parses one part of the request with its schema; nothing unvalidated reaches a use case. */
export function parseInput(part: 'body' | 'query' | 'params', schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ApiError('ERR_VALIDATION', `the request ${part} is not valid`, {
    in: part,
    issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), code: issue.code, message: issue.message })),
  });
}
