import { CsvError, parse } from 'csv-parse/sync';
import { ApiError } from '../errors.ts';
import { MEMBER_CSV_COLUMNS } from '../schemas/members.ts';

type Column = (typeof MEMBER_CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['member_number', 'name', 'id_number', 'org'];

export interface CsvRow {
  /** line of the file the record ends on (the header is line 1) */
  line: number;
  values: Partial<Record<Column, string>>;
  /** set when the record has a different number of fields from the header */
  fieldCount?: number;
}

/**
 * Splits the member CSV into rows keyed by the header. A file that is not CSV, or whose header is
 * wrong, is refused as a whole; everything else is left to per-row validation.
 */
export function parseMemberCsv(text: string): { columns: number; rows: CsvRow[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` each record comes as { record, info }; csv-parse's typings do not narrow on it.
    records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    const line = error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    throw new ApiError('ERR_CSV_MALFORMED', `the file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`, { line });
  }
  const [header, ...body] = records;
  if (!header) throw new ApiError('ERR_CSV_HEADER_INVALID', `the file is empty; the first line must be the header ${MEMBER_CSV_COLUMNS.join(',')}`);
  const names = header.record.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(MEMBER_CSV_COLUMNS as readonly string[]).includes(name));
  const missing = REQUIRED.filter((name) => !names.includes(name));
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    throw new ApiError('ERR_CSV_HEADER_INVALID', `the header must name the columns ${MEMBER_CSV_COLUMNS.join(',')} (since is optional)`, {
      unknown,
      missing,
      repeated,
    });
  }
  const columns = names as Column[];
  return {
    columns: columns.length,
    rows: body.map(({ record, info }) => {
      const values: Partial<Record<Column, string>> = {};
      columns.forEach((column, index) => {
        const value = record[index];
        if (value !== undefined && value !== '') values[column] = value;
      });
      return { line: info.lines, values, ...(record.length === columns.length ? {} : { fieldCount: record.length }) };
    }),
  };
}
