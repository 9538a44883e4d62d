import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportReportSchema, MemberListSchema } from '../../server/schemas/members.ts';
import { createMember, createTree, validIdNumber } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { issued } from './support/transfer-world.ts';

/** The three bytes of UTF-8's byte-order mark, which tell a spreadsheet on Windows the file is UTF-8. */
const BOM = [0xef, 0xbb, 0xbf];

/**
 * A spreadsheet on Windows opens a CSV file without a byte-order mark in the local code page, so Chinese names come
 * out garbled: every CSV the server sends begins with the mark, and the member import reads a file with or without it.
 */
describe('CSV files and the UTF-8 byte-order mark', () => {
  let t: TestServer;
  let member: string;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    member = (await createMember(t, 'A1', { name: '张伟', since: '2020-01-01' })).memberNumber;
    await issued(t, member, 'B1');
  });
  afterAll(() => t.close());

  /** The reply's bytes as sent: fetch's text() would drop a leading mark and hide whether it was there. */
  const bytesOf = async (path: string): Promise<{ type: string | null; bytes: Uint8Array }> => {
    const response = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${await t.adminToken()}` } });
    expect(response.status, path).toBe(200);
    return { type: response.headers.get('content-type'), bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  /** Every CSV the server sends; `:number` is the member's number. */
  const EXPORTS: [string, string][] = [
    ...['attendance', 'periods', 'mobile', 'transfers'].map((part): [string, string] => [`/api/v1/members/:number/history?format=csv&part=${part}`, 'member,']),
    ...['meetings', 'months', 'elsewhere', 'guests'].map((part): [string, string] => [`/api/v1/orgs/A1/history?format=csv&part=${part}`, 'org,']),
    ['/api/v1/flows?root=CTY&level=2&format=csv', 'from,'],
  ];

  it.each(EXPORTS)('%s begins with the byte-order mark, then the header in UTF-8', async (path, header) => {
    const { type, bytes } = await bytesOf(path.replace(':number', member));
    expect(type).toMatch(/^text\/csv; charset=utf-8/i);
    expect([...bytes.slice(0, 3)]).toEqual(BOM);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    expect(text.startsWith(`\uFEFF${header}`)).toBe(true);
    // Exactly one mark: the header's first column name follows it directly.
    expect(text.indexOf('\uFEFF', 1)).toBe(-1);
  });

  it('a member history file carries the Chinese names after the mark as UTF-8', async () => {
    const { bytes } = await bytesOf(`/api/v1/members/${member}/history?format=csv&part=periods`);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    expect(text).toContain('甲镇第一支部');
  });

  const imported = async (csv: string): Promise<string[]> => {
    const report = expectOk(await t.call('POST', '/api/v1/members/import', { token: await t.adminToken(), raw: csv, contentType: 'text/csv' }), 200, ImportReportSchema);
    expect(report.errors).toEqual([]);
    const listed = expectOk(await t.call('GET', '/api/v1/members?org=A2', { token: await t.adminToken() }), 200, MemberListSchema).members;
    return listed.map((entry) => `${entry.memberNumber} ${entry.name}`);
  };

  it('imports a member file saved with the byte-order mark (as spreadsheets save UTF-8 CSV) as one saved without it', async () => {
    const header = 'member_number,name,id_number,org,since';
    expect(await imported(`\uFEFF${header}\r\nBOM001,李秀英,${validIdNumber(70_001)},A2,2024-07-01\r\n`)).toContain('BOM001 李秀英');
    expect(await imported(`${header}\r\nPLAIN01,王芳,${validIdNumber(70_002)},A2,2024-07-01\r\n`)).toContain('PLAIN01 王芳');
    // The mark before a quoted first column name, as some spreadsheets write the header.
    expect(await imported(`\uFEFF"member_number","name","id_number","org","since"\r\nBOM002,赵敏,${validIdNumber(70_003)},A2,\r\n`)).toContain('BOM002 赵敏');
  });
});
