import { z } from 'zod';

/** JSON by default; `csv` asks for the same data as text/csv (so does Accept: text/csv). */
export const FormatQuerySchema = z.enum(['json', 'csv']).optional().describe('csv: the same data as text/csv (also chosen by Accept: text/csv)');

/** The text/csv response body every export declares (RFC 4180, UTF-8 with a byte-order mark, header row first). */
export const CsvTextSchema = z
  .string()
  .describe('RFC 4180 CSV, UTF-8 beginning with a byte-order mark (so spreadsheets read Chinese text right), with a header row; times in RFC 3339 on the organisation’s clock (MIC_TIME_ZONE) with its offset, days and months the organisation’s');
