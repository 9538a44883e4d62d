import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportReportSchema, MemberListSchema } from '../../server/schemas/members.ts';
import { createTree, validIdNumber } from './support/fixtures.ts';
import { errorCode, expectError, expectOk, type ApiResponse } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/**
 * Excel on Chinese Windows saves "CSV" as GBK, and "Unicode text" as UTF-16. Read as UTF-8, a GBK file's names come out
 * garbled and a UTF-16 file's header full of NULs: such a file is refused whole, saying how to save it as CSV UTF-8.
 * A file that names its charset (gbk, gb18030) is read in it.
 */

const HEADER = 'member_number,name,id_number,org';
/** Names as GBK writes them (GB18030 writes them alike): 李秀英, 张伟. */
const GBK = { 李秀英: [0xc0, 0xee, 0xd0, 0xe3, 0xd3, 0xa2], 张伟: [0xd5, 0xc5, 0xce, 0xb0] };
/** U+20000, a rare character of names: outside GBK, four bytes in GB18030. */
const GB18030_RARE = [0x95, 0x32, 0x82, 0x36];

/** A file whose rows are each `number,<name bytes>,id,A2`, in the bytes given for the names. */
const fileOf = (rows: [string, number[], number][]): Uint8Array<ArrayBuffer> =>
  Buffer.concat([Buffer.from(`${HEADER}\r\n`), ...rows.map(([number, name, id]) => Buffer.concat([Buffer.from(`${number},`), Buffer.from(name), Buffer.from(`,${validIdNumber(id)},A2\r\n`)]))]);

describe('member CSV files in the encodings spreadsheets save', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
  });
  afterAll(() => t.close());

  const send = async (bytes: Uint8Array<ArrayBuffer>, contentType = 'text/csv'): Promise<ApiResponse> =>
    t.call('POST', '/api/v1/members/import', { token: admin, raw: bytes, contentType });
  const storedCount = (): number => t.server.store.handles.readable.prepare('SELECT count(*) FROM members').pluck().get() as number;
  const listed = async (): Promise<string[]> =>
    expectOk(await t.call('GET', '/api/v1/members?org=A2', { token: admin }), 200, MemberListSchema).members.map((member) => `${member.memberNumber} ${member.name}`);

  /** The refusal every wrongly encoded file gets: the code, what was found, and how to save the file right. */
  const expectEncodingRefusal = (response: ApiResponse, found: string): void => {
    expectError(response, 400, 'ERR_CSV_ENCODING');
    const { message, details } = (response.body as { error: { message: string; details: { found: string } } }).error;
    expect(details.found).toBe(found);
    expect(message).toContain('另存为');
    expect(message).toContain('CSV UTF-8 (逗号分隔)');
  };

  it('when a file saved as GBK is sent as UTF-8, then the whole file is refused with ERR_CSV_ENCODING and no row is stored, not even an ASCII one', async () => {
    const before = storedCount();
    const gbk = fileOf([
      ['GBK-ASCII', [...Buffer.from('Li Xiuying')], 80_001],
      ['GBK-001', GBK.李秀英, 80_002],
      ['GBK-002', GBK.张伟, 80_003],
    ]);
    expectEncodingRefusal(await send(gbk), 'not-utf-8');
    expectEncodingRefusal(await send(gbk, 'text/csv; charset=utf-8'), 'not-utf-8');
    expect(storedCount()).toBe(before);
  });

  it('when a file saved as UTF-16 is sent, with its byte-order mark or without, then it is refused with ERR_CSV_ENCODING and nothing is stored', async () => {
    const before = storedCount();
    const text = `${HEADER}\r\nU16-001,李秀英,${validIdNumber(80_011)},A2\r\n`;
    expectEncodingRefusal(await send(Buffer.from(`\uFEFF${text}`, 'utf16le')), 'utf-16');
    expectEncodingRefusal(await send(Buffer.from(`\uFEFF${text}`, 'utf16le').swap16()), 'utf-16');
    // Without the mark, UTF-16 of ASCII text is UTF-8 with a NUL after every letter.
    expectEncodingRefusal(await send(Buffer.from(`${HEADER}\r\nU16-002,Li,${validIdNumber(80_012)},A2\r\n`, 'utf16le')), 'nul');
    expect(storedCount()).toBe(before);
  });

  it('when a file names its charset gb18030 or gbk, then it is read in it and the names are stored right, a rare character of GB18030 too', async () => {
    const gb18030 = fileOf([
      ['G18-001', GBK.李秀英, 80_021],
      ['G18-002', [...GBK.张伟.slice(0, 2), ...GB18030_RARE], 80_022],
    ]);
    const report = expectOk(await send(gb18030, 'text/csv; charset=gb18030'), 200, ImportReportSchema);
    expect(report).toEqual({ imported: 2, rejected: 0, errors: [], errorCount: 0 });
    const gbk = expectOk(await send(fileOf([['GBK-101', GBK.张伟, 80_023]]), 'text/csv; charset="GBK"'), 200, ImportReportSchema);
    expect(gbk.imported).toBe(1);
    expect(await listed()).toEqual(expect.arrayContaining(['G18-001 李秀英', 'G18-002 张\u{20000}', 'GBK-101 张伟']));
  });

  it('when a file is not in the charset it names, or names one the server does not know, then it is refused and nothing is stored', async () => {
    const before = storedCount();
    // A lead byte of GBK followed by a space: no character of GBK.
    const notGbk = fileOf([['BAD-001', [0xd5, 0x20, 0xce, 0xb0], 80_031]]);
    expectError(await send(notGbk, 'text/csv; charset=gbk'), 400, 'ERR_CSV_ENCODING');
    const unknown = await send(fileOf([['BAD-002', [...Buffer.from('Wang')], 80_032]]), 'text/csv; charset=no-such-charset');
    expect({ status: unknown.status, code: errorCode(unknown) }).toEqual({ status: 415, code: 'ERR_UNSUPPORTED_MEDIA_TYPE' });
    expect(storedCount()).toBe(before);
  });
});
