import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { SESSION_AUDIENCE, SESSION_TYP } from '../../server/auth/session-token.ts';
import { LoginResultSchema, UserSchema } from '../../server/schemas/users.ts';
import { expectError, expectOk } from './support/http.ts';
import { ADMIN, startTestServer, type TestServer } from './support/test-server.ts';
import { newKioskKey, signKioskToken } from './support/kiosk-keys.ts';

describe('human sign-in and sessions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('signs in with the right password and returns a short-lived session token', async () => {
    const result = expectOk(await t.call('POST', '/api/v1/auth/login', { json: ADMIN }), 200, LoginResultSchema);
    expect(result.user).toMatchObject({ username: ADMIN.username, role: 'admin', org: null });
    const lifetimeMs = Date.parse(result.expiresAt) - t.clock.now().getTime();
    expect(lifetimeMs).toBeGreaterThan(0);
    expect(lifetimeMs).toBeLessThanOrEqual(30 * 60_000);
    const me = expectOk(await t.call('GET', '/api/v1/auth/me', { token: result.token }), 200, UserSchema);
    expect(me.username).toBe(ADMIN.username);
  });

  it('gives the same answer for a wrong password and an unknown user', async () => {
    expectError(await t.call('POST', '/api/v1/auth/login', { json: { ...ADMIN, password: 'wrong-password' } }), 401, 'ERR_LOGIN_FAILED');
    expectError(await t.call('POST', '/api/v1/auth/login', { json: { username: 'nobody', password: 'wrong-password' } }), 401, 'ERR_LOGIN_FAILED');
  });

  it('asks for a session when none is sent', async () => {
    expectError(await t.call('GET', '/api/v1/auth/me'), 401, 'ERR_AUTH_REQUIRED');
    expectError(await t.call('GET', '/api/v1/orgs', { headers: { authorization: 'Basic YTpi' } }), 401, 'ERR_AUTH_REQUIRED');
  });

  it('refuses a tampered session token', async () => {
    const token = await t.adminToken();
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), sub: '999' })).toString('base64url');
    expectError(await t.call('GET', '/api/v1/auth/me', { token: `${header}.${forgedPayload}.${signature}` }), 401, 'ERR_SESSION_INVALID');
    expectError(await t.call('GET', '/api/v1/auth/me', { token: 'not-a-jwt' }), 401, 'ERR_SESSION_INVALID');
  });

  it('refuses a token signed by the server but without the generation of the user’s sessions, or without its session', async () => {
    const key = t.server.context.signingKey;
    const adminId = (await t.server.context.read.users.credentials(ADMIN.username))!.user.id;
    const iat = Math.floor(t.clock.now().getTime() / 1000);
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: SESSION_TYP, kid: key.kid }).setSubject(String(adminId)).setAudience(SESSION_AUDIENCE).setIssuedAt(iat).setExpirationTime(iat + 600).sign(key.privateKey);
    const session = { sid: 'AAAAAAAAAAAAAAAAAAAAAA', auth_time: iat };
    expect((await t.call('GET', '/api/v1/auth/me', { token: await sign({ gen: 0, ...session }) })).status).toBe(200);
    expectError(await t.call('GET', '/api/v1/auth/me', { token: await sign(session) }), 401, 'ERR_SESSION_INVALID');
    expectError(await t.call('GET', '/api/v1/auth/me', { token: await sign({ gen: 1, ...session }) }), 401, 'ERR_SESSION_INVALID');
    expectError(await t.call('GET', '/api/v1/auth/me', { token: await sign({ gen: 0, auth_time: iat }) }), 401, 'ERR_SESSION_INVALID');
    expectError(await t.call('GET', '/api/v1/auth/me', { token: await sign({ gen: 0, sid: session.sid }) }), 401, 'ERR_SESSION_INVALID');
  });

  it('refuses a token of another kind (a kiosk token) as a session', async () => {
    const kioskToken = await signKioskToken(await newKioskKey(), { now: t.clock.now() });
    expectError(await t.call('GET', '/api/v1/auth/me', { token: kioskToken }), 401, 'ERR_SESSION_INVALID');
  });

  it('expires a session after 30 minutes', async () => {
    const own = await startTestServer();
    onTestFinished(() => own.close());
    const token = await own.adminToken();
    own.clock.advance(29 * 60_000);
    expect((await own.call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    own.clock.advance(2 * 60_000);
    expectError(await own.call('GET', '/api/v1/auth/me', { token }), 401, 'ERR_SESSION_EXPIRED');
  });
});
