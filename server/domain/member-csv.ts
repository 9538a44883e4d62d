import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { ApiError } from '../errors.ts';
import { EventLoopTurns } from '../event-loop-turns.ts';
import { MEMBER_CSV_COLUMNS } from '../schemas/members.ts';

type Column = (typeof MEMBER_CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['member_number', 'name', 'id_number', 'org'];
/** bytes handed to the parser at a time: a few milliseconds of parsing, so the event loop gets its turns */
const SLICE_BYTES = 4 * 1024;

export interface CsvRow {
  /** line of the file the record ends on (the header is line 1) */
  line: number;
  values: Partial<Record<Column, string>>;
  /** set when the record has a different number of fields from the header */
  fieldCount?: number;
}

/** With `info: true` each record comes as { record, info }; csv-parse's typings do not narrow on it. */
interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

const emptyFile = (): ApiError => new ApiError('ERR_CSV_HEADER_INVALID', `the file is empty; the first line must be the header ${MEMBER_CSV_COLUMNS.join(',')}`);

/** The columns the header names, or the file refused as a whole. */
function headerColumns(header: ParsedRecord): Column[] {
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
  return names as Column[];
}

function rowOf(columns: Column[], { record, info }: ParsedRecord): CsvRow {
  const values: Partial<Record<Column, string>> = {};
  columns.forEach((column, index) => {
    const value = record[index];
    if (value !== undefined && value !== '') values[column] = value;
  });
  return { line: info.lines, values, ...(record.length === columns.length ? {} : { fieldCount: record.length }) };
}

/** The text's bytes a slice at a time: the parser parses a slice at once, so a slice is what one turn may hold up. */
function* slicesOf(text: string): Generator<Buffer> {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length; offset += SLICE_BYTES) yield bytes.subarray(offset, offset + SLICE_BYTES);
}

/**
 * Splits the member CSV into rows keyed by the header. A file that is not CSV, or whose header is
 * wrong, is refused as a whole; everything else is left to per-row validation. The text is parsed a
 * slice at a time, so a file of a million rows does not hold up the server's other requests.
 */
export async function parseMemberCsv(text: string): Promise<{ columns: number; rows: CsvRow[] }> {
  let columns: Column[] | undefined;
  const rows: CsvRow[] = [];
  // The turns are taken as the records are read: reading is what draws the slices through the parser, so a pause there pauses it all.
  const turns = new EventLoopTurns();
  try {
    await pipeline(Readable.from(slicesOf(text)), parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }), async (records: AsyncIterable<ParsedRecord>) => {
      for await (const parsed of records) {
        await turns.next();
        if (columns) rows.push(rowOf(columns, parsed));
        else columns = headerColumns(parsed);
      }
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines;
    throw new ApiError('ERR_CSV_MALFORMED', `the file is not valid CSV: ${error.message}`, { line });
  }
  if (!columns) throw emptyFile();
  return { columns: columns.length, rows };
}
