import { z } from 'zod';
import { oneLineText } from './plain-text.ts';

/** Field formats used across the API. Every request body and query is parsed with these at the edge. */
export const OrgCodeSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'an organisation code is 1-64 letters, digits, . _ -');
export const MemberNumberSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/, 'a member number is 1-32 letters, digits or -');
export const PersonNameSchema = oneLineText(64);
export const IsoDateSchema = z.iso.date();
export const TimestampSchema = z.iso.datetime({ offset: true });
export const CsnSchema = z.string().regex(/^[0-9a-f]{16}$/, 'a card serial is 16 lower-case hex digits');
export const KidSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a key id is an RFC 7638 thumbprint (43 base64url characters)');

/**
 * Numbers in a query string or a path are written in decimal digits. Number() alone would also read '' and ' ' as 0,
 * and '0x10', '1e2' or ' 5' as numbers the caller did not write; those are refused instead.
 */
const decimalDigitsOnly = (value: unknown): unknown => (typeof value === 'string' && !/^[0-9]{1,16}$/.test(value) ? Number.NaN : value);

/** A whole number from `min` to `max` in a query string or a path, in decimal digits. */
export const wholeNumberText = (min: number, max: number, error = `a whole number from ${min} to ${max}, in decimal digits`) =>
  z.preprocess(decimalDigitsOnly, z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }));

/** `limit` of a paged list: how many entries a page holds. */
export const PageLimitSchema = (max: number) => wholeNumberText(1, max).default(100);

/** Said by every way a page marker can be wrong, so the answer tells the caller what to send instead. */
const PAGE_MARKER_HINT = 'before must be the `next` of the previous page (a whole number above 0); leave it out for the first page';
/** `before` of the lists paged newest first (alarms, findings, the audit trail): the previous page's `next`. */
export const PageMarkerSchema = wholeNumberText(1, Number.MAX_SAFE_INTEGER, PAGE_MARKER_HINT).optional().describe('the `next` of the previous page');
export const RoleSchema = z.enum(['admin', 'organiser', 'secretary', 'auditor']);
export type Role = z.infer<typeof RoleSchema>;

/** A date window, both ends inclusive (the organisation's days, in its time zone); either may be left out. */
export const WindowQuery = {
  from: IsoDateSchema.optional().describe('first day (inclusive, YYYY-MM-DD, the organisation’s day: it begins at midnight in MIC_TIME_ZONE)'),
  to: IsoDateSchema.optional().describe('last day (inclusive, YYYY-MM-DD, the organisation’s day)'),
};

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
}).meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
