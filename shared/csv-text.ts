/**
 * Why the bytes of a CSV file are not taken as its text:
 * - `utf-16`: read as UTF-8, but it begins with UTF-16's byte-order mark (Excel's "Unicode text");
 * - `not-utf-8`: read as UTF-8, but it is not (Excel's plain "CSV" is in the computer's code page: GBK in China);
 * - `not-in-charset`: not in the charset it names;
 * - `nul`: it holds NUL characters, as UTF-16 without its mark does when read as UTF-8;
 * - `unknown-charset`: it names a charset no decoder knows.
 */
export type CsvEncodingProblem = 'utf-16' | 'not-utf-8' | 'not-in-charset' | 'nul' | 'unknown-charset';

const UTF16_MARKS = [
  [0xff, 0xfe],
  [0xfe, 0xff],
];

/**
 * The text of a CSV file from its bytes: UTF-8 unless it names another charset (gbk and gb18030 are what a
 * spreadsheet on Chinese Windows writes), without the byte-order mark. Read leniently, a file in another encoding
 * would go on as garbled names and be reported imported, so the whole file is refused instead, with the reason.
 * Runs the same in Node and in a browser.
 */
export function csvText(bytes: Uint8Array, charset = 'utf-8'): { ok: true; text: string } | { ok: false; problem: CsvEncodingProblem } {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    return { ok: false, problem: 'unknown-charset' };
  }
  const utf8 = decoder.encoding === 'utf-8';
  if (utf8 && UTF16_MARKS.some(([first, second]) => bytes[0] === first && bytes[1] === second)) return { ok: false, problem: 'utf-16' };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, problem: utf8 ? 'not-utf-8' : 'not-in-charset' };
  }
  return text.includes('\0') ? { ok: false, problem: 'nul' } : { ok: true, text };
}
