import { describe, expect, it } from 'vitest';
import { parseRoute, pathOf } from '../../../console/ui/app/routes.ts';
import { MAX_MEMBER_CSV_BYTES, MEMBER_CSV_HEADER, memberCsvExample, readMemberCsv } from '../../../console/ui/members/member-csv-file.ts';
import { parseMemberCsv } from '../../../server/domain/member-csv.ts';
import { idNumberProblem } from '../../../server/crypto/gb11643.ts';

const csvFile = (content: BlobPart, name = 'members.csv'): File => new File([content], name, { type: 'text/csv' });

describe('the member import page’s address', () => {
  it('when an organisation page links to its import, then the address opens the import of that organisation and reads back the same', () => {
    expect(pathOf({ page: 'member-import', org: 'A1' })).toBe('/console/orgs/A1/import');
    expect(parseRoute('/console/orgs/A1/import')).toEqual({ page: 'member-import', org: 'A1' });
    expect(parseRoute('/console/orgs/A1/export')).toEqual({ page: 'not-found', path: '/console/orgs/A1/export' });
    // A member may well have the number "import": their page stays theirs.
    expect(parseRoute('/console/members/import')).toEqual({ page: 'member', number: 'import' });
  });
});

describe('a member CSV file chosen in the console', () => {
  it('when it is UTF-8 CSV, then its text is sent as it is, without the byte-order mark Excel puts first', async () => {
    const text = 'member_number,name,id_number,org\r\n1,张伟,11010519491231002X,A1\r\n';
    expect(await readMemberCsv(csvFile(`\uFEFF${text}`))).toEqual({ ok: true, text });
    expect(await readMemberCsv(csvFile(text))).toEqual({ ok: true, text });
  });

  it('when it is not a .csv, empty, too large or not UTF-8 (UTF-16 neither), then it is not sent and the reason is named', async () => {
    expect(await readMemberCsv(csvFile('member_number\n', 'members.xlsx'))).toEqual({ ok: false, problem: 'not-csv' });
    expect(await readMemberCsv(csvFile(''))).toEqual({ ok: false, problem: 'empty' });
    expect(await readMemberCsv(csvFile('\uFEFF \r\n\r\n'))).toEqual({ ok: false, problem: 'empty' });
    expect(await readMemberCsv(csvFile(new Uint8Array(MAX_MEMBER_CSV_BYTES + 1).fill(0x61)))).toEqual({ ok: false, problem: 'too-big' });
    // 张伟 as Excel saves it on a Chinese system (GBK): not UTF-8.
    expect(await readMemberCsv(csvFile(new Uint8Array([0x31, 0x2c, 0xd5, 0xc5, 0xce, 0xb0, 0x0a])))).toEqual({ ok: false, problem: 'not-utf8' });
    // UTF-16, as Excel saves "Unicode text": with its byte-order mark, and without it (a NUL after every letter).
    expect(await readMemberCsv(csvFile(Buffer.from('\uFEFFmember_number,name\r\n', 'utf16le')))).toEqual({ ok: false, problem: 'not-utf8' });
    expect(await readMemberCsv(csvFile(Buffer.from('member_number,name\r\n', 'utf16le')))).toEqual({ ok: false, problem: 'not-utf8' });
  });

  it('when the page shows the example, then the server reads it as two members with valid ID numbers', async () => {
    const { columns, rows } = await parseMemberCsv(memberCsvExample('A1'));
    expect(columns).toBe(MEMBER_CSV_HEADER.length);
    expect(rows.map((row) => [row.values.org, row.fieldCount, idNumberProblem(row.values.id_number ?? '')])).toEqual([
      ['A1', undefined, undefined],
      ['A1', undefined, undefined],
    ]);
  });
});
