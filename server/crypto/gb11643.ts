/**
 * Resident ID numbers (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence and a
 * check character computed with ISO 7064 MOD 11-2 (value 10 is written X).
 */
export type IdNumberProblem = 'format' | 'birth-date' | 'check-digit';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits. */
export function gb11643CheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new TypeError('the first 17 characters must be digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/** Upper-cases the X and strips surrounding spaces, the form stored, hashed and compared. */
export const normaliseIdNumber = (text: string): string => text.trim().toUpperCase();

/** Why an ID number is not valid, or undefined when it is. */
export function idNumberProblem(text: string): IdNumberProblem | undefined {
  const id = normaliseIdNumber(text);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const plausible = year >= 1880 && birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!plausible) return 'birth-date';
  if (gb11643CheckChar(id.slice(0, 17)) !== id[17]) return 'check-digit';
  return undefined;
}

export const isValidIdNumber = (text: string): boolean => idNumberProblem(text) === undefined;

/** The birth date written in a valid ID number, as YYYY-MM-DD. */
export const birthDateOf = (idNumber: string): string => `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
