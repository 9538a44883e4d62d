import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { KioskConfigSchema } from '../../server/schemas/kiosks.ts';
import { LoginResultSchema, UserSchema, type UserView } from '../../server/schemas/users.ts';
import { createMember, createTree, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { openDatabase } from './support/ingest-world.ts';
import { ADMIN, startTestServer, type TestServer } from './support/test-server.ts';

const PASSWORD = 'first-password-1';
let seq = 0;

/** A user created by the admin, with the password to sign in as them. */
async function newUser(t: TestServer, role: 'organiser' | 'secretary' | 'auditor', org: string, member?: string): Promise<UserView> {
  seq += 1;
  const json = { username: `${role}-${org}-${seq}`, password: PASSWORD, role, org, ...(member && { member }) };
  return expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json }), 201, UserSchema);
}

async function auditOf(t: TestServer, username: string) {
  const { entries } = expectOk(await t.call('GET', '/api/v1/audit', { token: await t.adminToken() }), 200, AuditListSchema);
  return entries.filter((entry) => entry.targetType === 'user' && entry.targetId === username).reverse();
}

describe('disabling and enabling users', () => {
  let t: TestServer;
  let admin: string;
  const disable = (token: string, id: number) => t.call('POST', `/api/v1/users/${id}/disable`, { token });
  const enable = (token: string, id: number) => t.call('POST', `/api/v1/users/${id}/enable`, { token });

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('a disabled user’s session is refused at its next request and sign-in fails; enabled again, they sign in anew while the old session stays ended', async () => {
    const user = await newUser(t, 'secretary', 'A1');
    const session = await t.login(user.username, PASSWORD);
    expect((await t.call('GET', '/api/v1/meetings', { token: session })).status).toBe(200);

    expect(expectOk(await disable(admin, user.id), 200, UserSchema)).toMatchObject({ id: user.id, disabled: true });
    expectError(await t.call('GET', '/api/v1/meetings', { token: session }), 401, 'ERR_SESSION_INVALID');
    expectError(await t.call('GET', '/api/v1/auth/me', { token: session }), 401, 'ERR_SESSION_INVALID');
    expectError(await t.call('POST', '/api/v1/auth/login', { json: { username: user.username, password: PASSWORD } }), 401, 'ERR_LOGIN_FAILED');

    expect(expectOk(await enable(admin, user.id), 200, UserSchema)).toMatchObject({ id: user.id, disabled: false });
    expectError(await t.call('GET', '/api/v1/meetings', { token: session }), 401, 'ERR_SESSION_INVALID');
    const again = await t.login(user.username, PASSWORD);
    expect((await t.call('GET', '/api/v1/auth/me', { token: again })).status).toBe(200);

    expect((await auditOf(t, user.username)).map((entry) => ({ action: entry.action, actor: entry.actor, org: entry.org, summary: entry.summary }))).toEqual([
      { action: 'user.create', actor: 'user:admin', org: 'A1', summary: expect.anything() },
      { action: 'user.disable', actor: 'user:admin', org: 'A1', summary: { before: { disabled: false }, after: { disabled: true } } },
      { action: 'user.enable', actor: 'user:admin', org: 'A1', summary: { before: { disabled: true }, after: { disabled: false } } },
    ]);
  });

  it('a disabled secretary no longer confirms transfer acceptances: the kiosk roster stops marking them', async () => {
    const member = await createMember(t, 'A1');
    const secretary = await newUser(t, 'secretary', 'A1', member.memberNumber);
    const kiosk = await t.enrollKiosk('A1');
    const roleOf = async () => {
      const config = expectOk(await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk) }), 200, KioskConfigSchema);
      return config.roster.find((entry) => entry.member === member.memberNumber)?.role;
    };
    expect(await roleOf()).toBe('secretary');
    expectOk(await disable(admin, secretary.id), 200, UserSchema);
    expect(await roleOf()).toBeUndefined();
  });

  it('an organiser disables and enables users inside their subtree, but not outside it nor an admin', async () => {
    const organiser = await userToken(t, 'organiser', 'A');
    const inside = await newUser(t, 'auditor', 'A2');
    const outside = await newUser(t, 'secretary', 'B1');
    expect(expectOk(await disable(organiser, inside.id), 200, UserSchema).disabled).toBe(true);
    expect(expectOk(await enable(organiser, inside.id), 200, UserSchema).disabled).toBe(false);
    expectError(await disable(organiser, outside.id), 403, 'ERR_OUT_OF_SCOPE');
    const adminId = (await t.server.context.read.users.credentials(ADMIN.username))!.user.id;
    expectError(await disable(organiser, adminId), 403, 'ERR_OUT_OF_SCOPE');
    expect((await t.server.context.read.users.byId(outside.id))?.disabled).toBe(false);
    expect((await t.server.context.read.users.byId(adminId))?.disabled).toBe(false);
  });

  it('refuses disabling oneself, disabling twice, enabling an enabled user, an unknown or malformed id', async () => {
    const adminId = (await t.server.context.read.users.credentials(ADMIN.username))!.user.id;
    expectError(await disable(admin, adminId), 422, 'ERR_USER_DISABLE_SELF');
    const user = await newUser(t, 'auditor', 'A');
    expectError(await enable(admin, user.id), 409, 'ERR_USER_ALREADY_ENABLED');
    expectOk(await disable(admin, user.id), 200, UserSchema);
    expectError(await disable(admin, user.id), 409, 'ERR_USER_ALREADY_DISABLED');
    expectError(await disable(admin, 999_999), 404, 'ERR_USER_NOT_FOUND');
    expectError(await t.call('POST', '/api/v1/users/abc/disable', { token: admin }), 400, 'ERR_VALIDATION');
    expect((await t.server.context.read.users.byId(adminId))?.disabled).toBe(false);
    expect((await auditOf(t, user.username)).map((entry) => entry.action)).toEqual(['user.create', 'user.disable']);
  });
});

describe('changing one’s own password', () => {
  let t: TestServer;
  const change = (token: string, json: unknown) => t.call('POST', '/api/v1/auth/password', { token, json });
  const storedHash = (userId: number): string => {
    const db = openDatabase(t.dataDir);
    try {
      return db.prepare('SELECT password_hash FROM users WHERE id = ?').pluck().get(userId) as string;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('with the current password: the old one stops working, the new one signs in, every earlier session ends, the reply carries a fresh one, and the trail records the change without either', async () => {
    const user = await newUser(t, 'auditor', 'A');
    const session = await t.login(user.username, PASSWORD);
    const elsewhere = await t.login(user.username, PASSWORD);
    const before = storedHash(user.id);

    const fresh = expectOk(await change(session, { currentPassword: PASSWORD, newPassword: 'second-password-2' }), 200, LoginResultSchema);
    expect(fresh.user).toMatchObject({ id: user.id, username: user.username });
    expect(expectOk(await t.call('GET', '/api/v1/auth/me', { token: fresh.token }), 200, UserSchema).id).toBe(user.id);
    expectError(await t.call('GET', '/api/v1/auth/me', { token: session }), 401, 'ERR_SESSION_INVALID');
    expectError(await t.call('GET', '/api/v1/orgs', { token: elsewhere }), 401, 'ERR_SESSION_INVALID');
    expectError(await t.call('POST', '/api/v1/auth/login', { json: { username: user.username, password: PASSWORD } }), 401, 'ERR_LOGIN_FAILED');
    expect((await t.call('GET', '/api/v1/auth/me', { token: await t.login(user.username, 'second-password-2') })).status).toBe(200);

    const after = storedHash(user.id);
    expect(after).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(after).not.toBe(before);
    const trail = await auditOf(t, user.username);
    expect(trail.at(-1)).toMatchObject({ action: 'user.password', actor: `user:${user.username}`, org: 'A', summary: { changed: 'password' } });
    expect(JSON.stringify(trail)).not.toMatch(/second-password-2|first-password-1|scrypt/);
  });

  it('refuses a wrong current password and a too short new one, changing nothing', async () => {
    const user = await newUser(t, 'secretary', 'A1');
    const session = await t.login(user.username, PASSWORD);
    const before = storedHash(user.id);
    expectError(await change(session, { currentPassword: 'not-the-password', newPassword: 'second-password-2' }), 403, 'ERR_PASSWORD_WRONG');
    expectError(await change(session, { currentPassword: PASSWORD, newPassword: 'short' }), 422, 'ERR_PASSWORD_TOO_WEAK');
    expectError(await change(session, { currentPassword: PASSWORD }), 400, 'ERR_VALIDATION');
    expectError(await change('', { currentPassword: PASSWORD, newPassword: 'second-password-2' }), 401, 'ERR_AUTH_REQUIRED');
    expect(storedHash(user.id)).toBe(before);
    expect((await auditOf(t, user.username)).map((entry) => entry.action)).toEqual(['user.create']);
    expect(await t.login(user.username, PASSWORD)).toEqual(expect.any(String));
  });
});

describe('setting a forgotten password for someone else', () => {
  let t: TestServer;
  let admin: string;
  const reset = (token: string, id: number, json: unknown) => t.call('POST', `/api/v1/users/${id}/password`, { token, json });
  const signsIn = async (username: string, password: string) => (await t.call('POST', '/api/v1/auth/login', { json: { username, password } })).status === 200;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('an admin sets it: every session of the user ends, the old password fails, the new one signs in, and the trail holds no password', async () => {
    const user = await newUser(t, 'secretary', 'A1');
    const session = await t.login(user.username, PASSWORD);
    expect(expectOk(await reset(admin, user.id, { newPassword: 'given-in-person-3' }), 200, UserSchema)).toMatchObject({ id: user.id, disabled: false });
    expectError(await t.call('GET', '/api/v1/meetings', { token: session }), 401, 'ERR_SESSION_INVALID');
    expect(await signsIn(user.username, PASSWORD)).toBe(false);
    expect((await t.call('GET', '/api/v1/auth/me', { token: await t.login(user.username, 'given-in-person-3') })).status).toBe(200);
    const trail = await auditOf(t, user.username);
    expect(trail.at(-1)).toMatchObject({ action: 'user.password.reset', actor: 'user:admin', org: 'A1', summary: { reset: 'password' } });
    expect(JSON.stringify(trail)).not.toMatch(/given-in-person-3|scrypt/);
  });

  it('an organiser sets it for a user inside their subtree, but not outside it, nor for an admin, nor their own', async () => {
    const organiser = await newUser(t, 'organiser', 'A');
    const token = await t.login(organiser.username, PASSWORD);
    const inside = await newUser(t, 'auditor', 'A2');
    const outside = await newUser(t, 'secretary', 'B1');
    const adminId = (await t.server.context.read.users.credentials(ADMIN.username))!.user.id;

    expectOk(await reset(token, inside.id, { newPassword: 'given-in-person-4' }), 200, UserSchema);
    expect(await signsIn(inside.username, 'given-in-person-4')).toBe(true);
    expectError(await reset(token, outside.id, { newPassword: 'given-in-person-4' }), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await reset(token, adminId, { newPassword: 'given-in-person-4' }), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await reset(token, organiser.id, { newPassword: 'given-in-person-4' }), 422, 'ERR_PASSWORD_RESET_SELF');

    expect(await signsIn(outside.username, PASSWORD)).toBe(true);
    expect(await signsIn(ADMIN.username, ADMIN.password)).toBe(true);
    expect(await signsIn(organiser.username, PASSWORD)).toBe(true);
    expect((await t.call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
  });

  it('refuses an unknown user, a too short or missing password, and a secretary or auditor, ending no session', async () => {
    const user = await newUser(t, 'auditor', 'A1');
    const session = await t.login(user.username, PASSWORD);
    expectError(await reset(admin, 999_999, { newPassword: 'given-in-person-5' }), 404, 'ERR_USER_NOT_FOUND');
    expectError(await reset(admin, user.id, { newPassword: 'short' }), 422, 'ERR_PASSWORD_TOO_WEAK');
    expectError(await reset(admin, user.id, {}), 400, 'ERR_VALIDATION');
    const secretary = await t.login((await newUser(t, 'secretary', 'A1')).username, PASSWORD);
    expectError(await reset(secretary, user.id, { newPassword: 'given-in-person-5' }), 403, 'ERR_FORBIDDEN');
    expectError(await reset(session, user.id, { newPassword: 'given-in-person-5' }), 403, 'ERR_FORBIDDEN');
    expect((await t.call('GET', '/api/v1/auth/me', { token: session })).status).toBe(200);
    expect(await signsIn(user.username, PASSWORD)).toBe(true);
    expect((await auditOf(t, user.username)).map((entry) => entry.action)).toEqual(['user.create']);
  });
});

describe('changing a user’s role and organisation', () => {
  let t: TestServer;
  let admin: string;
  const changeRole = (token: string, id: number, json: unknown) => t.call('POST', `/api/v1/users/${id}/role`, { token, json });

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    admin = await t.adminToken();
  });
  afterAll(() => t.close());

  it('an admin makes a secretary an organiser elsewhere: the old session ends, the next sign-in has the new reach, the trail has before and after', async () => {
    const user = await newUser(t, 'secretary', 'A1');
    const session = await t.login(user.username, PASSWORD);
    expect(expectOk(await changeRole(admin, user.id, { role: 'organiser', org: 'B' }), 200, UserSchema)).toMatchObject({ id: user.id, role: 'organiser', org: 'B' });
    expectError(await t.call('GET', '/api/v1/orgs/A1', { token: session }), 401, 'ERR_SESSION_INVALID');

    const fresh = await t.login(user.username, PASSWORD);
    expect((await t.call('GET', '/api/v1/orgs/B1', { token: fresh })).status).toBe(200);
    expectError(await t.call('GET', '/api/v1/orgs/A1', { token: fresh }), 403, 'ERR_OUT_OF_SCOPE');
    expect((await auditOf(t, user.username)).at(-1)).toMatchObject({
      action: 'user.role',
      actor: 'user:admin',
      org: 'B',
      summary: { before: { role: 'secretary', org: 'A1' }, after: { role: 'organiser', org: 'B' } },
    });
  });

  it('makes a user an admin and back again, but never demotes the last enabled admin', async () => {
    const adminId = (await t.server.context.read.users.credentials(ADMIN.username))!.user.id;
    expectError(await changeRole(admin, adminId, { role: 'organiser', org: 'CTY' }), 409, 'ERR_LAST_ADMIN');

    const user = await newUser(t, 'auditor', 'A');
    expect(expectOk(await changeRole(admin, user.id, { role: 'admin' }), 200, UserSchema)).toMatchObject({ role: 'admin', org: null });
    expect(expectOk(await changeRole(admin, user.id, { role: 'auditor', org: 'A' }), 200, UserSchema)).toMatchObject({ role: 'auditor', org: 'A' });
    expect((await auditOf(t, user.username)).at(-2)).toMatchObject({ action: 'user.role', org: 'A', summary: { before: { role: 'auditor', org: 'A' }, after: { role: 'admin', org: null } } });

    // A disabled admin cannot sign in, so it does not count as another admin.
    const dormant = await newUser(t, 'auditor', 'A');
    expectOk(await changeRole(admin, dormant.id, { role: 'admin' }), 200, UserSchema);
    expectOk(await t.call('POST', `/api/v1/users/${dormant.id}/disable`, { token: admin }), 200, UserSchema);
    expectError(await changeRole(admin, adminId, { role: 'auditor', org: 'CTY' }), 409, 'ERR_LAST_ADMIN');
    expect((await t.server.context.read.users.byId(adminId))?.role).toBe('admin');
    expect((await t.call('GET', '/api/v1/auth/me', { token: admin })).status).toBe(200);
  });

  it('refuses an admin with an organisation, another role without one, an unknown organisation or user, no change at all, and anyone but an admin', async () => {
    const user = await newUser(t, 'secretary', 'A1');
    const session = await t.login(user.username, PASSWORD);
    expectError(await changeRole(admin, user.id, { role: 'admin', org: 'A' }), 400, 'ERR_VALIDATION');
    expectError(await changeRole(admin, user.id, { role: 'auditor' }), 400, 'ERR_VALIDATION');
    expectError(await changeRole(admin, user.id, { role: 'auditor', org: 'NOPE' }), 404, 'ERR_ORG_NOT_FOUND');
    expectError(await changeRole(admin, 999_999, { role: 'auditor', org: 'A' }), 404, 'ERR_USER_NOT_FOUND');
    expectError(await changeRole(admin, user.id, { role: 'secretary', org: 'A1' }), 409, 'ERR_USER_ROLE_UNCHANGED');
    expectError(await changeRole(admin, user.id, { role: 'chief', org: 'A1' }), 400, 'ERR_VALIDATION');
    const organiser = await t.login((await newUser(t, 'organiser', 'CTY')).username, PASSWORD);
    expectError(await changeRole(organiser, user.id, { role: 'auditor', org: 'A1' }), 403, 'ERR_FORBIDDEN');

    expect((await t.call('GET', '/api/v1/auth/me', { token: session })).status).toBe(200);
    expect((await t.server.context.read.users.byId(user.id))).toMatchObject({ role: 'secretary', orgCode: 'A1' });
    expect((await auditOf(t, user.username)).map((entry) => entry.action)).toEqual(['user.create']);
  });
});
