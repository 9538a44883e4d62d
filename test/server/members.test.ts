import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { residentIdHash } from '../../shared/issuance/id-hash.ts';
import { dataFiles } from '../../server/bootstrap.ts';
import { MemberListSchema, MemberSchema, MembershipPeriodSchema } from '../../server/schemas/members.ts';
import { createMember, createTree, validIdNumber, withWrongCheckChar } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('members', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('registers a member with a home period and the keyed hash the card will carry', async () => {
    const idNumber = '11010519491231002X';
    const member = expectOk(
      await t.call('POST', '/api/v1/members', { token: admin, json: { memberNumber: 'M0001', name: '张伟', idNumber, homeOrg: 'A1', since: '2020-07-01' } }),
      201,
      MemberSchema,
    );
    expect(member).toMatchObject({ memberNumber: 'M0001', name: '张伟', status: 'active', homeOrg: 'A1', cards: [] });
    expect(member.periods).toEqual([{ org: 'A1', kind: 'home', from: '2020-07-01', to: null }]);
    expect(member.idh).toBe(await residentIdHash(idNumber, t.server.context.idHashKey));
    expect(JSON.stringify(member)).not.toContain(idNumber);
  });

  it('refuses an ID number whose check digit is wrong, and says why without echoing it', async () => {
    const bad = withWrongCheckChar(validIdNumber(11));
    const response = await t.call('POST', '/api/v1/members', { token: admin, json: { memberNumber: 'M0002', name: '李娜', idNumber: bad, homeOrg: 'A1' } });
    expectError(response, 422, 'ERR_ID_NUMBER_INVALID');
    expect(response.body).toMatchObject({ error: { details: { reason: 'check-digit' } } });
    expect(response.text).not.toContain(bad);
  });

  it('refuses a taken member number and a second member with the same ID number', async () => {
    const idNumber = validIdNumber(12);
    await createMember(t, 'A1', { memberNumber: 'M0003', idNumber });
    expectError(await t.call('POST', '/api/v1/members', { token: admin, json: { memberNumber: 'M0003', name: 'x', idNumber: validIdNumber(13), homeOrg: 'A1' } }), 409, 'ERR_MEMBER_NUMBER_TAKEN');
    expectError(await t.call('POST', '/api/v1/members', { token: admin, json: { memberNumber: 'M0004', name: 'x', idNumber, homeOrg: 'A2' } }), 409, 'ERR_ID_NUMBER_TAKEN');
    expectError(await t.call('POST', '/api/v1/members', { token: admin, json: { memberNumber: 'M0005', name: 'x', idNumber: validIdNumber(14), homeOrg: 'NOPE' } }), 404, 'ERR_ORG_NOT_FOUND');
  });

  it('finds a member by ID number through its hash', async () => {
    const member = await createMember(t, 'B1', { idNumber: validIdNumber(15) });
    const found = expectOk(await t.call('POST', '/api/v1/members/lookup', { token: admin, json: { idNumber: member.idNumber.toLowerCase() } }), 200, MemberSchema);
    expect(found.memberNumber).toBe(member.memberNumber);
    expectError(await t.call('POST', '/api/v1/members/lookup', { token: admin, json: { idNumber: validIdNumber(16) } }), 404, 'ERR_MEMBER_NOT_FOUND');
  });

  it('lists members by home organisation subtree, page by page', async () => {
    for (let i = 0; i < 3; i++) await createMember(t, 'A2', { memberNumber: `P00${i}` });
    const first = expectOk(await t.call('GET', '/api/v1/members?org=A2&limit=2', { token: admin }), 200, MemberListSchema);
    expect(first.members.map((m) => m.memberNumber)).toEqual(['P000', 'P001']);
    expect(first.next).toBe('P001');
    const second = expectOk(await t.call('GET', `/api/v1/members?org=A2&limit=2&after=${first.next}`, { token: admin }), 200, MemberListSchema);
    expect(second.members.map((m) => m.memberNumber)).toEqual(['P002']);
    expect(second.next).toBeNull();
    const subtree = expectOk(await t.call('GET', '/api/v1/members?org=A', { token: admin }), 200, MemberListSchema);
    expect(new Set(subtree.members.map((m) => m.homeOrg))).toEqual(new Set(['A1', 'A2']));
  });

  it('registers a mobile period at an inflow organisation, and refuses overlaps and the home organisation', async () => {
    const member = await createMember(t, 'A1', { since: '2024-01-01' });
    const path = `/api/v1/members/${member.memberNumber}/mobile-periods`;
    expect(expectOk(await t.call('POST', path, { token: admin, json: { org: 'B1', from: '2025-01-01', to: '2025-07-01' } }), 201, MembershipPeriodSchema)).toEqual({
      org: 'B1',
      kind: 'mobile',
      from: '2025-01-01',
      to: '2025-07-01',
    });
    expectError(await t.call('POST', path, { token: admin, json: { org: 'A2', from: '2025-03-01' } }), 409, 'ERR_PERIOD_OVERLAPS');
    expectError(await t.call('POST', path, { token: admin, json: { org: 'B1', from: '2026-03-01', to: '2026-01-01' } }), 422, 'ERR_PERIOD_INVALID');
    expectError(await t.call('POST', path, { token: admin, json: { org: 'A1', from: '2025-08-01' } }), 422, 'ERR_PERIOD_INVALID');
    expectError(await t.call('POST', '/api/v1/members/NOBODY/mobile-periods', { token: admin, json: { org: 'B1', from: '2030-01-01' } }), 404, 'ERR_MEMBER_NOT_FOUND');
    const fetched = expectOk(await t.call('GET', `/api/v1/members/${member.memberNumber}`, { token: admin }), 200, MemberSchema);
    expect(fetched.periods.map((p) => `${p.kind}@${p.org}`).sort()).toEqual(['home@A1', 'mobile@B1']);
  });

  it('never writes a resident ID number in clear to the database files', async () => {
    const own = await startTestServer();
    onTestFinished(() => own.close());
    await createTree(own);
    const idNumbers = [validIdNumber(101), validIdNumber(102), '11010519491231002X'];
    await createMember(own, 'A1', { memberNumber: 'C001', name: '王芳', idNumber: idNumbers[0] });
    const csv = `member_number,name,id_number,org\nC002,刘洋,${idNumbers[1]},A2\nC003,陈静,${idNumbers[2]},B1\n`;
    expect((await own.call('POST', '/api/v1/members/import', { token: await own.adminToken(), raw: csv, contentType: 'text/csv' })).status).toBe(200);
    await own.call('POST', '/api/v1/members/lookup', { token: await own.adminToken(), json: { idNumber: idNumbers[0] } });

    const files = dataFiles(own.dataDir);
    const scan = (): Buffer => Buffer.concat([files.database, `${files.database}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file)));
    const check = (bytes: Buffer): void => {
      // The names are there, so these are the real bytes of the member rows…
      for (const name of ['王芳', '刘洋', '陈静']) expect(bytes.includes(Buffer.from(name, 'utf8')), name).toBe(true);
      // …and the ID numbers are not, in any common encoding.
      for (const id of idNumbers) {
        expect(bytes.includes(Buffer.from(id, 'utf8')), id).toBe(false);
        expect(bytes.includes(Buffer.from(id, 'utf16le')), id).toBe(false);
        expect(bytes.includes(Buffer.from(id.slice(0, 17), 'utf8')), id).toBe(false);
      }
    };
    check(scan());
    await own.close({ keepData: true });
    check(readFileSync(files.database));
    expect(existsSync(join(own.dataDir, 'member-data.key'))).toBe(true);
  });
});
