import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { LoginResultSchema, UserListSchema, UserSchema } from '../../server/schemas/users.ts';
import { createTree, USER_PASSWORD } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const PASSWORD = 'display-name-pass-1';

describe('a user’s display name', () => {
  let t: TestServer;
  let admin: string;
  const create = (json: Record<string, unknown>) => t.call('POST', '/api/v1/users', { token: admin, json: { password: PASSWORD, role: 'secretary', org: 'A1', ...json } });

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('when a user is created with a display name, then the user, the list, sign-in and the audit row carry it (trimmed)', async () => {
    const created = expectOk(await create({ username: 'wang.fang', displayName: '  王芳 ' }), 201, UserSchema);
    expect(created.displayName).toBe('王芳');

    const { users } = expectOk(await t.call('GET', '/api/v1/users?org=A1', { token: admin }), 200, UserListSchema);
    expect(users.find((user) => user.id === created.id)?.displayName).toBe('王芳');

    const signedIn = expectOk(await t.call('POST', '/api/v1/auth/login', { json: { username: 'wang.fang', password: PASSWORD } }), 200, LoginResultSchema);
    expect(signedIn.user.displayName).toBe('王芳');

    const { entries } = expectOk(await t.call('GET', '/api/v1/audit', { token: admin }), 200, AuditListSchema);
    const row = entries.find((entry) => entry.action === 'user.create' && entry.targetId === 'wang.fang');
    expect(row?.summary).toMatchObject({ after: { username: 'wang.fang', displayName: '王芳' } });
  });

  it('when a user is created without one, then it is null, and the first admin has none either', async () => {
    const created = expectOk(await create({ username: 'no.name' }), 201, UserSchema);
    expect(created.displayName).toBeNull();
    const me = expectOk(await t.call('GET', '/api/v1/auth/me', { token: admin }), 200, UserSchema);
    expect(me.displayName).toBeNull();
  });

  it('when the display name is blank or longer than 64 characters, then the request is refused and no user is made', async () => {
    expectError(await create({ username: 'blank.name', displayName: '   ' }), 400, 'ERR_VALIDATION');
    expectError(await create({ username: 'long.name', displayName: '名'.repeat(65) }), 400, 'ERR_VALIDATION');
    const { users } = expectOk(await t.call('GET', '/api/v1/users', { token: admin }), 200, UserListSchema);
    expect(users.filter((user) => user.username === 'blank.name' || user.username === 'long.name')).toEqual([]);
  });

  it('the OpenAPI document describes it on the user and as optional when creating one', async () => {
    const doc = z
      .object({
        paths: z.record(z.string(), z.record(z.string(), z.object({ requestBody: z.object({ content: z.record(z.string(), z.object({ schema: z.record(z.string(), z.unknown()) })) }).optional() }))),
        components: z.object({ schemas: z.record(z.string(), z.object({ properties: z.record(z.string(), z.unknown()).optional(), required: z.array(z.string()).optional() })) }),
      })
      .parse((await t.call('GET', '/api/v1/openapi.json')).body);
    const user = doc.components.schemas.User;
    expect(user?.properties).toHaveProperty('displayName');
    expect(user?.required).toContain('displayName');
    const createBody = doc.paths['/api/v1/users']?.post?.requestBody?.content['application/json']?.schema;
    expect(createBody).toMatchObject({ properties: { displayName: expect.anything() } });
    expect(createBody?.required).not.toContain('displayName');
  });
});

describe('changing a user’s display name', () => {
  let t: TestServer;
  let admin: string;
  /** the organiser of A (甲镇党委), whose subtree is A, A1 and A2 */
  let organiser: string;
  let organiserId: number;
  const makeUser = async (username: string, org: string | undefined, role = 'secretary', displayName?: string) =>
    expectOk(await t.call('POST', '/api/v1/users', { token: admin, json: { username, password: USER_PASSWORD, role, ...(org && { org }), ...(displayName && { displayName }) } }), 201, UserSchema);
  const rename = (token: string, id: number | string, displayName: unknown) => t.call('POST', `/api/v1/users/${id}/display-name`, { token, json: { displayName } });
  const nameOf = async (id: number) => expectOk(await t.call('GET', '/api/v1/users', { token: admin }), 200, UserListSchema).users.find((user) => user.id === id)?.displayName;
  const renames = async (username: string) =>
    expectOk(await t.call('GET', '/api/v1/audit?limit=1000', { token: admin }), 200, AuditListSchema)
      .entries.filter((entry) => entry.action === 'user.display-name' && entry.targetId === username)
      .map((entry) => ({ actor: entry.actor, summary: entry.summary }));

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    admin = await t.adminToken();
    organiserId = (await makeUser('org.a', 'A', 'organiser')).id;
    organiser = await t.login('org.a', USER_PASSWORD);
  });
  afterAll(() => t.close());

  it('when an organiser corrects a misspelt name inside their subtree, then the user carries it (trimmed), and the audit row holds before and after', async () => {
    const user = await makeUser('li.na', 'A1', 'secretary', '李那');
    const renamed = expectOk(await rename(organiser, user.id, '  李娜 '), 200, UserSchema);
    expect(renamed).toMatchObject({ id: user.id, username: 'li.na', displayName: '李娜', role: 'secretary', org: 'A1' });
    expect(await nameOf(user.id)).toBe('李娜');
    expect(await renames('li.na')).toEqual([{ actor: 'user:org.a', summary: { before: { displayName: '李那' }, after: { displayName: '李娜' } } }]);
  });

  it('when the name is set to null, then the user has none; the same name again changes nothing and leaves no second row', async () => {
    const user = await makeUser('zhao.lei', 'A2', 'auditor', '赵磊');
    expect(expectOk(await rename(admin, user.id, null), 200, UserSchema).displayName).toBeNull();
    expect(expectOk(await rename(admin, user.id, null), 200, UserSchema).displayName).toBeNull();
    expect(await nameOf(user.id)).toBeNull();
    expect(await renames('zhao.lei')).toEqual([{ actor: 'user:admin', summary: { before: { displayName: '赵磊' }, after: { displayName: null } } }]);
  });

  it('when an organiser renames someone outside their subtree or an admin, then it is refused as out of reach and nothing changes', async () => {
    const outside = await makeUser('sun.li', 'B1', 'secretary', '孙丽');
    const otherAdmin = await makeUser('admin.two', undefined, 'admin', '周强');
    expectError(await rename(organiser, outside.id, '孙力'), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await rename(organiser, otherAdmin.id, '周蔷'), 403, 'ERR_OUT_OF_SCOPE');
    expect(await nameOf(outside.id)).toBe('孙丽');
    expect(await nameOf(otherAdmin.id)).toBe('周强');
    expect([...(await renames('sun.li')), ...(await renames('admin.two'))]).toEqual([]);
  });

  it('when a secretary or an auditor renames themselves, then it is done and their session goes on; anyone else’s name is out of their reach', async () => {
    const secretary = await makeUser('qian.hong', 'A1', 'secretary', '钱红');
    const colleague = await makeUser('wu.gang', 'A1', 'secretary', '吴刚');
    const token = await t.login('qian.hong', USER_PASSWORD);
    expect(expectOk(await rename(token, secretary.id, '钱虹'), 200, UserSchema).displayName).toBe('钱虹');
    expect(expectOk(await t.call('GET', '/api/v1/auth/me', { token }), 200, UserSchema).displayName).toBe('钱虹');
    expectError(await rename(token, colleague.id, '吴钢'), 403, 'ERR_OUT_OF_SCOPE');
    expect(await nameOf(colleague.id)).toBe('吴刚');
    expect(await renames('qian.hong')).toEqual([{ actor: 'user:qian.hong', summary: { before: { displayName: '钱红' }, after: { displayName: '钱虹' } } }]);

    const auditor = await makeUser('zheng.yu', 'A', 'auditor');
    const auditorToken = await t.login('zheng.yu', USER_PASSWORD);
    expect(expectOk(await rename(auditorToken, auditor.id, '郑宇'), 200, UserSchema).displayName).toBe('郑宇');
    expect(expectOk(await rename(organiser, organiserId, '组织部 王'), 200, UserSchema).displayName).toBe('组织部 王');
  });

  it('when the name is blank, too long, missing or not text, then 400 says which field and what to send, and nothing changes', async () => {
    const user = await makeUser('feng.jie', 'A1', 'secretary', '冯洁');
    const issuesOf = (response: Awaited<ReturnType<typeof rename>>) =>
      z.object({ error: z.object({ code: z.literal('ERR_VALIDATION'), details: z.object({ issues: z.array(z.object({ path: z.string(), message: z.string() })) }) }) }).parse(response.body).error.details.issues;
    const blank = await rename(admin, user.id, '   ');
    expect(blank.status).toBe(400);
    expect(issuesOf(blank)).toEqual([{ path: 'displayName', message: 'a display name needs at least 1 character besides spaces; send null for no name' }]);
    const long = await rename(admin, user.id, '名'.repeat(65));
    expect(long.status).toBe(400);
    expect(issuesOf(long)).toEqual([{ path: 'displayName', message: 'a display name is at most 64 characters' }]);
    expect(expectOk(await rename(admin, user.id, '名'.repeat(64)), 200, UserSchema).displayName).toBe('名'.repeat(64));
    expectError(await t.call('POST', `/api/v1/users/${user.id}/display-name`, { token: admin, json: {} }), 400, 'ERR_VALIDATION');
    expectError(await rename(admin, user.id, 42), 400, 'ERR_VALIDATION');
    expectError(await rename(admin, 999_999, '冯杰'), 404, 'ERR_USER_NOT_FOUND');
    expect(await nameOf(user.id)).toBe('名'.repeat(64));
  });

  it('the OpenAPI document describes the route and its body from the schema', async () => {
    const doc = z
      .object({ paths: z.record(z.string(), z.record(z.string(), z.object({ requestBody: z.object({ content: z.record(z.string(), z.object({ schema: z.unknown() })) }) }).partial())) })
      .parse((await t.call('GET', '/api/v1/openapi.json')).body);
    const body = doc.paths['/api/v1/users/{id}/display-name']?.post?.requestBody?.content['application/json']?.schema;
    expect(body).toMatchObject({ properties: { displayName: { maxLength: 64, minLength: 1 } }, required: ['displayName'] });
  });
});
