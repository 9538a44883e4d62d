import type { Request } from 'express';
import type { Reply } from './route.ts';

export const CSV = 'text/csv';

export type CsvCell = string | number | boolean | null;

/**
 * `format=csv` in the query, or an Accept header that prefers text/csv over JSON, asks for CSV. The query
 * wins, so a link a person clicks can ask for CSV without headers.
 */
export function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format !== undefined) return format === 'csv';
  return req.accepts(['application/json', CSV]) === CSV;
}

// Spreadsheets run a cell that starts with one of these as a formula; a leading apostrophe keeps it text.
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly string[], rows: readonly CsvCell[][]): string {
  return [columns, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** One export: `name` is its file name without `.csv`. */
export interface CsvTable {
  name: string;
  columns: string[];
  rows: CsvCell[][];
}

/**
 * The byte-order mark a CSV file begins with: without it a spreadsheet on Windows reads the file in the local code
 * page and shows Chinese names garbled. Readers that know UTF-8 skip it (the member import does).
 */
export const UTF8_BOM = '\uFEFF';

/** A CSV reply, offered to browsers as a download named after the table. */
export const csvReply = (table: CsvTable): Reply => ({
  status: 200,
  media: CSV,
  headers: { 'Content-Disposition': `attachment; filename="${table.name}.csv"` },
  body: UTF8_BOM + toCsv(table.columns, table.rows),
});
