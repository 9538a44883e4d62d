import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gb11643CheckChar } from '../../server/crypto/gb11643.ts';
import { ImportReportSchema, MemberListSchema } from '../../server/schemas/members.ts';
import { createMember, createTree, userToken, validIdNumber, withWrongCheckChar } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const importCsv = (t: TestServer, token: string, csv: string) => t.call('POST', '/api/v1/members/import', { token, raw: csv, contentType: 'text/csv' });

describe('member CSV import', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
    await createMember(t, 'A1', { memberNumber: 'EXISTING', idNumber: validIdNumber(500) });
  });
  afterAll(() => t.close());

  it('imports the valid rows and reports every invalid one with its line, field and code', async () => {
    const csv = [
      'member_number,name,id_number,org,since',
      `G001,赵一,${validIdNumber(501)},A1,2019-03-01`,
      `G002,钱二,${withWrongCheckChar(validIdNumber(502))},A1,`,
      `G003,孙三,${validIdNumber(503)},NOPE,`,
      `EXISTING,李四,${validIdNumber(504)},A2,`,
      `G005,周五,${validIdNumber(500)},A2,`,
      `G006,,${validIdNumber(506)},A2,2019-13-01`,
      `G001,吴七,${validIdNumber(507)},B1,`,
      `G008,郑八,${validIdNumber(508)}`,
      '',
      `G009,"王, 九",${validIdNumber(509).toLowerCase()},B1,`,
    ].join('\n');
    const report = expectOk(await importCsv(t, admin, csv), 200, ImportReportSchema);
    expect(report.imported).toBe(2);
    expect(report.rejected).toBe(7);
    expect(report.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [3, 'id_number', 'ERR_ID_NUMBER_INVALID'],
      [4, 'org', 'ERR_ORG_NOT_FOUND'],
      [5, 'member_number', 'ERR_MEMBER_NUMBER_TAKEN'],
      [6, 'id_number', 'ERR_ID_NUMBER_TAKEN'],
      [7, 'name', 'ERR_VALIDATION'],
      [7, 'since', 'ERR_VALIDATION'],
      [8, 'member_number', 'ERR_MEMBER_NUMBER_REPEATED'],
      [9, '*', 'ERR_VALIDATION'],
      [9, 'org', 'ERR_VALIDATION'],
    ]);
    const listed = expectOk(await t.call('GET', '/api/v1/members?org=CTY', { token: admin }), 200, MemberListSchema).members;
    expect(listed.filter((m) => m.memberNumber.startsWith('G')).map((m) => [m.memberNumber, m.name, m.homeOrg])).toEqual([
      ['G001', '赵一', 'A1'],
      ['G009', '王, 九', 'B1'],
    ]);
  });

  it('reports each bad ID number and member number on its own row with what is wrong, and imports the good rows', async () => {
    // One valid number ending in X, so its second use can be written with a lower-case x.
    const withX = Array.from({ length: 200 }, (_, i) => validIdNumber(1000 + i)).find((id) => id.endsWith('X')) as string;
    const feb30 = `11010519500230001`;
    const csv = [
      'member_number,name,id_number,org',
      `P001,赵一,${withX},A1`,
      `P002,钱二,${withX.toLowerCase()},A2`,
      `P003,孙三,${validIdNumber(1301).slice(0, 17)},A1`,
      `P004,李四,${feb30}${gb11643CheckChar(feb30)},A1`,
      `P005,周五,,A1`,
      `P 006,吴六,${validIdNumber(1306)},A1`,
      `P007,郑七,${validIdNumber(1307)},A2`,
    ].join('\n');
    const report = expectOk(await importCsv(t, admin, csv), 200, ImportReportSchema);
    expect({ imported: report.imported, rejected: report.rejected }).toEqual({ imported: 2, rejected: 5 });
    expect(report.errors).toEqual([
      { row: 3, field: 'id_number', code: 'ERR_ID_NUMBER_REPEATED', message: 'the same ID number as row 2 of this file', sameAs: 2 },
      { row: 4, field: 'id_number', code: 'ERR_ID_NUMBER_INVALID', message: 'an ID number is 17 digits followed by a digit or X' },
      { row: 5, field: 'id_number', code: 'ERR_ID_NUMBER_INVALID', message: 'the birth date inside the ID number is not a real date' },
      { row: 6, field: 'id_number', code: 'ERR_ID_NUMBER_INVALID', message: 'an ID number is 17 digits followed by a digit or X' },
      { row: 7, field: 'member_number', code: 'ERR_VALIDATION', message: 'a member number is 1-32 letters, digits or -' },
    ]);
    const listed = expectOk(await t.call('GET', '/api/v1/members?org=CTY&limit=1000', { token: admin }), 200, MemberListSchema).members;
    expect(listed.filter((m) => m.memberNumber.startsWith('P')).map((m) => [m.memberNumber, m.homeOrg])).toEqual([
      ['P001', 'A1'],
      ['P007', 'A2'],
    ]);
  });

  it('tells a row repeating an earlier row of the file from a row registered before, when a file is imported twice', async () => {
    const csv = [
      'member_number,name,id_number,org',
      `R001,赵一,${validIdNumber(901)},A1`,
      `R002,钱二,${validIdNumber(901)},A1`,
      `R001,孙三,${validIdNumber(903)},A2`,
    ].join('\n');
    const first = expectOk(await importCsv(t, admin, csv), 200, ImportReportSchema);
    expect(first.imported).toBe(1);
    expect(first.errors).toEqual([
      { row: 3, field: 'id_number', code: 'ERR_ID_NUMBER_REPEATED', message: 'the same ID number as row 2 of this file', sameAs: 2 },
      { row: 4, field: 'member_number', code: 'ERR_MEMBER_NUMBER_REPEATED', message: 'the same member number as row 2 of this file', sameAs: 2 },
    ]);
    const again = expectOk(await importCsv(t, admin, csv), 200, ImportReportSchema);
    expect(again.imported).toBe(0);
    expect(again.errors.map((e) => [e.row, e.field, e.code, e.sameAs])).toEqual([
      [2, 'id_number', 'ERR_ID_NUMBER_TAKEN', undefined],
      [3, 'id_number', 'ERR_ID_NUMBER_REPEATED', 2],
      [4, 'member_number', 'ERR_MEMBER_NUMBER_REPEATED', 2],
    ]);
  });

  it('writes the audit trail for each imported member, in the same transaction', async () => {
    const csv = `member_number,name,id_number,org\nH001,甲,${validIdNumber(601)},A2\nH002,乙,${validIdNumber(602)},A2\n`;
    expect(expectOk(await importCsv(t, admin, csv), 200, ImportReportSchema).imported).toBe(2);
    const audited = t.server.store.handles.readable
      .prepare(`SELECT target_id FROM audit_log WHERE action = 'member.import' AND target_id LIKE 'H%' ORDER BY target_id`)
      .pluck()
      .all();
    expect(audited).toEqual(['H001', 'H002']);
  });

  it('reports rows outside an organiser’s subtree instead of importing them', async () => {
    const organiser = await userToken(t, 'organiser', 'A');
    const csv = `member_number,name,id_number,org\nK001,甲,${validIdNumber(701)},A2\nK002,乙,${validIdNumber(702)},B1\n`;
    const report = expectOk(await importCsv(t, organiser, csv), 200, ImportReportSchema);
    expect(report).toEqual({ imported: 1, rejected: 1, errors: [{ row: 3, field: 'org', code: 'ERR_OUT_OF_SCOPE', message: expect.any(String) }], errorCount: 1 });
  });

  it('refuses a file whose header is wrong, or that is not CSV, as a whole', async () => {
    expectError(await importCsv(t, admin, `number,name,id\nX,y,z\n`), 400, 'ERR_CSV_HEADER_INVALID');
    expectError(await importCsv(t, admin, ''), 400, 'ERR_CSV_HEADER_INVALID');
    expectError(await importCsv(t, admin, `member_number,name,id_number,org\n"unclosed,x,y,z\n`), 400, 'ERR_CSV_MALFORMED');
    expectError(await t.call('POST', '/api/v1/members/import', { token: admin, json: { csv: 'x' } }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('never echoes an ID number in the report', async () => {
    const bad = withWrongCheckChar(validIdNumber(801));
    const response = await importCsv(t, admin, `member_number,name,id_number,org\nL001,甲,${bad},A1\n`);
    expect(response.status).toBe(200);
    expect(response.text).not.toContain(bad);
  });
});
