import { csvText } from '../../../shared/csv-text.ts';
import type { MEMBER_CSV_COLUMNS } from '../../../server/schemas/members.ts';
import type { CsvFileProblem } from '../i18n/messages.ts';

/** The server's columns, in its order; typed with its list, so a column added there fails to compile here. */
export const MEMBER_CSV_HEADER: typeof MEMBER_CSV_COLUMNS = ['member_number', 'name', 'id_number', 'org', 'since'];

/**
 * The import route reads at most 20,000,000 characters. A UTF-8 file has at least as many bytes as
 * characters, so a file within this many bytes is never refused for its size.
 */
export const MAX_MEMBER_CSV_BYTES = 20_000_000;

/**
 * The template to fill in: the header line only. The byte-order mark makes Excel open it as UTF-8, so
 * Chinese names typed into it stay readable; the server skips the mark.
 */
export const memberCsvTemplate = (): Blob => new Blob([`\uFEFF${MEMBER_CSV_HEADER.join(',')}\r\n`], { type: 'text/csv;charset=utf-8' });

/** A few example lines with this organisation's code, as the page shows them. */
export const memberCsvExample = (org: string): string =>
  [MEMBER_CSV_HEADER.join(','), `3301020001,张伟,11010519491231002X,${org},2024-07-01`, `3301020002,李秀英,110105195107150021,${org},`].join('\n');

/**
 * The chosen file's text, or why it is not sent: not a .csv, empty, too large, or not UTF-8 (UTF-16 neither).
 * The last is the usual way a list saved from Excel goes wrong here (it saves CSV in the local code page), and
 * the server would refuse it, so it is caught before sending, by the server's own rule (csv-text.ts).
 */
export async function readMemberCsv(file: File): Promise<{ ok: true; text: string } | { ok: false; problem: CsvFileProblem }> {
  if (!file.name.toLowerCase().endsWith('.csv')) return { ok: false, problem: 'not-csv' };
  if (file.size > MAX_MEMBER_CSV_BYTES) return { ok: false, problem: 'too-big' };
  const decoded = csvText(new Uint8Array(await file.arrayBuffer()));
  if (!decoded.ok) return { ok: false, problem: 'not-utf8' };
  if (decoded.text.trim() === '') return { ok: false, problem: 'empty' };
  return { ok: true, text: decoded.text };
}
