import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { LoginResultSchema, UserListSchema, UserSchema } from '../../server/schemas/users.ts';
import { createTree } from './support/fixtures.ts';
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
