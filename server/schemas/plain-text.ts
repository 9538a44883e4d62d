import { z } from 'zod';

/**
 * Names and free text are shown on kiosk screens, printed on letters and written to CSV exports, so they hold only
 * characters people can see and type. Refused everywhere: control characters (C0, DEL, C1, and the Unicode line and
 * paragraph separators), characters that change the writing direction (they can make a name read as another), and
 * half a UTF-16 surrogate pair (SQLite would store it as U+FFFD). A text of invisible characters alone (zero-width
 * spaces, fillers) is no text. Zero-width joiners inside a name stay allowed: some scripts need them.
 */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** A line feed is how a note of several lines breaks them; any other control character is still refused. */
const CONTROL_BUT_LINE_FEED = /(?!\n)[\p{Cc}\u2028\u2029]/u;
/** Arabic letter mark, left-to-right and right-to-left marks, embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069). */
const DIRECTION = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;
/** Braille blank (U+2800) draws nothing either, though Unicode counts it as a symbol. */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\u2800]/u;

export type TextLines = 'one line' | 'lines';

/** What is wrong with `text`, in words that say what to do; undefined when it is plain text. */
export function plainTextProblem(text: string, lines: TextLines): string | undefined {
  if (LONE_SURROGATE.test(text)) return 'this text holds a broken character (half of a UTF-16 surrogate pair): type or paste it again';
  if ((lines === 'one line' ? CONTROL : CONTROL_BUT_LINE_FEED).test(text)) {
    return lines === 'one line'
      ? 'names and one-line text may not contain control or invisible characters (line breaks, tabs, NUL and the like): write it on one line'
      : 'this text may not contain control or invisible characters other than line breaks (tabs, NUL and the like)';
  }
  if (DIRECTION.test(text)) return 'names and text may not contain characters that change the writing direction (right-to-left override, embedding, isolate or mark): type it again without them';
  if (text !== '' && !VISIBLE.test(text)) return 'names and text need at least one visible character, not only invisible ones (zero-width spaces, fillers)';
  return undefined;
}

/** The check as a refinement, for text schemas that word their own length limits. */
export const plainText =
  (lines: TextLines) =>
  (text: string, context: z.RefinementCtx): void => {
    const problem = plainTextProblem(text, lines);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  };

/** A name or a short text on one line: spaces around it dropped, then 1 to `max` characters of plain text. */
export const oneLineText = (max: number) => z.string().trim().min(1).max(max).superRefine(plainText('one line'));

/** A note of one or more lines: line breaks sent as CR LF are kept as LF; then as `oneLineText`, line feeds allowed. */
export const multiLineText = (max: number) =>
  z
    .string()
    .overwrite((text) => text.replace(/\r\n?/g, '\n'))
    .trim()
    .min(1)
    .max(max)
    .superRefine(plainText('lines'));
