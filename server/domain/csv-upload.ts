import { csvText, type CsvEncodingProblem } from '../../shared/csv-text.ts';
import { ApiError } from '../errors.ts';

const SAVE_AS_UTF8 = 'in Excel choose 另存为 (Save as) → CSV UTF-8 (逗号分隔) (CSV UTF-8, comma delimited), and import the new file';

const ADVICE: Record<Exclude<CsvEncodingProblem, 'unknown-charset'>, (charset: string) => string> = {
  'utf-16': () => `the file is UTF-16 (Excel's "Unicode text"), not UTF-8: ${SAVE_AS_UTF8}`,
  'not-utf-8': () => `the file is not UTF-8 (Excel saves plain "CSV" as GBK on Chinese Windows, and the names would be garbled): ${SAVE_AS_UTF8}`,
  nul: () => `the file holds NUL characters, as a UTF-16 ("Unicode text") file does, so it is not UTF-8: ${SAVE_AS_UTF8}`,
  'not-in-charset': (charset) => `the file is not in the charset it names (${charset}): name the one it is in, or ${SAVE_AS_UTF8} and send it as UTF-8`,
};

/**
 * The text of a CSV file sent to the server (the member import, over HTTP or from the admin command), from its bytes
 * and the charset it names, if any. A file whose bytes are not in that encoding is refused whole (ERR_CSV_ENCODING),
 * saying how to save it right, before any row is read.
 */
export function csvUploadText(bytes: Uint8Array, charset?: string): string {
  const decoded = csvText(bytes, charset);
  if (decoded.ok) return decoded.text;
  if (decoded.problem === 'unknown-charset') {
    throw new ApiError('ERR_UNSUPPORTED_MEDIA_TYPE', `the charset ${charset ?? ''} is not one the server reads: send the file as UTF-8, or as gbk or gb18030`, { charset });
  }
  throw new ApiError('ERR_CSV_ENCODING', ADVICE[decoded.problem](charset ?? 'utf-8'), { found: decoded.problem, ...(charset === undefined ? {} : { charset }) });
}
