import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { OrgListSchema, OrgSchema } from '../../server/schemas/orgs.ts';
import { UserListSchema, UserSchema } from '../../server/schemas/users.ts';
import { createMember, createTree, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('organisations', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('creates an organisation under a parent and reports its place in the tree', async () => {
    const org = expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'A1-G', name: '甲一小组', kind: 'branch', parent: 'A1' } }), 201, OrgSchema);
    expect(org).toMatchObject({ code: 'A1-G', name: '甲一小组', kind: 'branch', parent: 'A1', depth: 3 });
    expect(expectOk(await t.call('GET', '/api/v1/orgs/A1-G', { token: admin }), 200, OrgSchema)).toEqual(org);
  });

  it('lists a subtree parents first', async () => {
    const list = expectOk(await t.call('GET', '/api/v1/orgs?root=A', { token: admin }), 200, OrgListSchema);
    expect(list.orgs.map((org) => org.code)).toEqual(['A', 'A1', 'A1-G', 'A2']);
  });

  it('refuses a taken code, an unknown parent, an unknown kind', async () => {
    expectError(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'A1', name: 'x', kind: 'branch', parent: 'A' } }), 409, 'ERR_ORG_CODE_TAKEN');
    expectError(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'Z9', name: 'x', kind: 'branch', parent: 'NOPE' } }), 404, 'ERR_ORG_NOT_FOUND');
    expectError(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'Z9', name: 'x', kind: 'club' } }), 400, 'ERR_VALIDATION');
    expectError(await t.call('GET', '/api/v1/orgs/NOPE', { token: admin }), 404, 'ERR_ORG_NOT_FOUND');
  });

  it('lets an organiser create below their organisation but not a new root', async () => {
    const organiser = await userToken(t, 'organiser', 'A');
    expectOk(await t.call('POST', '/api/v1/orgs', { token: organiser, json: { code: 'A3', name: '甲三', kind: 'branch', parent: 'A' } }), 201, OrgSchema);
    expectError(await t.call('POST', '/api/v1/orgs', { token: organiser, json: { code: 'ROOT2', name: 'x', kind: 'county' } }), 403, 'ERR_OUT_OF_SCOPE');
  });

  it('records who created what in the audit trail', async () => {
    const trail = expectOk(await t.call('GET', '/api/v1/audit?org=A', { token: admin }), 200, AuditListSchema);
    const created = trail.entries.find((entry) => entry.action === 'org.create' && entry.targetId === 'A3');
    expect(created).toMatchObject({ actor: expect.stringMatching(/^user:organiser-A-/), org: 'A3', summary: { after: { code: 'A3', parent: 'A' } } });
    expect(trail.entries.every((entry) => entry.org === null || ['A', 'A1', 'A1-G', 'A2', 'A3'].includes(entry.org))).toBe(true);
  });
});

describe('users', () => {
  let t: TestServer;
  let admin: string;
  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('creates a user who can then sign in', async () => {
    const user = expectOk(
      await t.call('POST', '/api/v1/users', { token: admin, json: { username: 'sec-a1', password: 'secretary-pass', role: 'secretary', org: 'A1' } }),
      201,
      UserSchema,
    );
    expect(user).toMatchObject({ username: 'sec-a1', role: 'secretary', org: 'A1', disabled: false });
    expect(await t.login('sec-a1', 'secretary-pass')).toMatch(/^ey/);
  });

  it('refuses a taken username, a short password, a role without organisation, an admin with one', async () => {
    expectError(await t.call('POST', '/api/v1/users', { token: admin, json: { username: 'sec-a1', password: 'secretary-pass', role: 'secretary', org: 'A1' } }), 409, 'ERR_USERNAME_TAKEN');
    expectError(await t.call('POST', '/api/v1/users', { token: admin, json: { username: 'shorty', password: 'short', role: 'auditor', org: 'A' } }), 422, 'ERR_PASSWORD_TOO_WEAK');
    expectError(await t.call('POST', '/api/v1/users', { token: admin, json: { username: 'no-org', password: 'long-enough-pass', role: 'auditor' } }), 400, 'ERR_VALIDATION');
    expectError(await t.call('POST', '/api/v1/users', { token: admin, json: { username: 'admin-org', password: 'long-enough-pass', role: 'admin', org: 'A' } }), 400, 'ERR_VALIDATION');
  });

  it('lets an organiser create non-admin users inside their subtree only', async () => {
    const organiser = await userToken(t, 'organiser', 'A');
    expectOk(await t.call('POST', '/api/v1/users', { token: organiser, json: { username: 'aud-a2', password: 'auditor-passw', role: 'auditor', org: 'A2' } }), 201, UserSchema);
    expectError(await t.call('POST', '/api/v1/users', { token: organiser, json: { username: 'sec-b1', password: 'secretary-pass', role: 'secretary', org: 'B1' } }), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await t.call('POST', '/api/v1/users', { token: organiser, json: { username: 'admin2', password: 'long-enough-pass', role: 'admin' } }), 403, 'ERR_ROLE_NOT_GRANTABLE');
    const listed = expectOk(await t.call('GET', '/api/v1/users', { token: organiser }), 200, UserListSchema).users.map((user) => user.org);
    expect(listed.every((org) => org !== null && org.startsWith('A'))).toBe(true);
  });

  it('links a user to the member they are and unlinks with null, each audited; an unknown user or member is refused and changes nothing', async () => {
    const member = await createMember(t, 'A1');
    const user = expectOk(
      await t.call('POST', '/api/v1/users', { token: admin, json: { username: 'sec-link', password: 'secretary-pass', role: 'secretary', org: 'A1' } }),
      201,
      UserSchema,
    );
    const link = (id: number | string, memberNumber: string | null) => t.call('POST', `/api/v1/users/${id}/member`, { token: admin, json: { member: memberNumber } });
    const linkedMember = async () => expectOk(await t.call('GET', '/api/v1/users?org=A1', { token: admin }), 200, UserListSchema).users.find((u) => u.id === user.id)?.member;
    const trail = async () =>
      expectOk(await t.call('GET', '/api/v1/audit?org=A1', { token: admin }), 200, AuditListSchema).entries.filter((e) => e.action === 'user.link-member' && e.targetId === 'sec-link');

    expectError(await link(999_999, member.memberNumber), 404, 'ERR_USER_NOT_FOUND');
    expectError(await link(user.id, 'NOBODY'), 404, 'ERR_MEMBER_NOT_FOUND');
    expectError(await link('0', member.memberNumber), 400, 'ERR_VALIDATION');
    expect(await linkedMember()).toBeNull();
    expect(await trail()).toEqual([]);

    expect(expectOk(await link(user.id, member.memberNumber), 200, UserSchema).member).toBe(member.memberNumber);
    expectError(await link(user.id, 'NOBODY'), 404, 'ERR_MEMBER_NOT_FOUND');
    expect(await linkedMember()).toBe(member.memberNumber);

    expect(expectOk(await link(user.id, null), 200, UserSchema).member).toBeNull();
    expect(await linkedMember()).toBeNull();
    expect((await trail()).map((entry) => [entry.actor, entry.summary])).toEqual([
      ['user:admin', { before: { member: member.memberNumber }, after: { member: null } }],
      ['user:admin', { before: { member: null }, after: { member: member.memberNumber } }],
    ]);
  });
  it('when a linked user is linked to another member, then the link moves, audited from the old member to the new; an organiser cannot link a member outside their subtree', async () => {
    const first = await createMember(t, 'A1');
    const second = await createMember(t, 'A2');
    const outside = await createMember(t, 'B1');
    const organiser = await userToken(t, 'organiser', 'A');
    const user = expectOk(
      await t.call('POST', '/api/v1/users', { token: admin, json: { username: 'sec-relink', password: 'secretary-pass', role: 'secretary', org: 'A1', member: first.memberNumber } }),
      201,
      UserSchema,
    );
    const link = (memberNumber: string | null) => t.call('POST', `/api/v1/users/${user.id}/member`, { token: organiser, json: { member: memberNumber } });
    const trail = async () =>
      expectOk(await t.call('GET', '/api/v1/audit?org=A1', { token: admin }), 200, AuditListSchema).entries.filter((e) => e.action === 'user.link-member' && e.targetId === 'sec-relink');

    expect(expectOk(await link(second.memberNumber), 200, UserSchema).member).toBe(second.memberNumber);
    expectError(await link(outside.memberNumber), 403, 'ERR_OUT_OF_SCOPE');
    expect(expectOk(await t.call('GET', '/api/v1/users?org=A1', { token: admin }), 200, UserListSchema).users.find((u) => u.id === user.id)?.member).toBe(second.memberNumber);
    expect((await trail()).map((entry) => entry.summary)).toEqual([{ before: { member: first.memberNumber }, after: { member: second.memberNumber } }]);
  });
});
