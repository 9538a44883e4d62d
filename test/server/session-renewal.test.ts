import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResultSchema, UserSchema } from '../../server/schemas/users.ts';
import { createTree, USER_PASSWORD } from './support/fixtures.ts';
import { errorCode, expectError, expectOk, type ApiResponse } from './support/http.ts';
import { TestClock } from './support/test-clock.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('renewing a console session', () => {
  let t: TestServer;
  let unique = 0;

  beforeAll(async () => {
    // On a whole second, as tokens count time: the minutes the tests move it by then read exactly.
    t = await startTestServer({ clock: new TestClock(new Date(Math.floor(Date.now() / 1000) * 1000)) });
    await createTree(t);
  });
  afterAll(() => t.close());

  /** A secretary of A1 made by the admin, and the answer to their sign-in. */
  async function signedInSecretary() {
    const username = `renewing-${++unique}`;
    const created = expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { username, password: USER_PASSWORD, role: 'secretary', org: 'A1' } }), 201, UserSchema);
    const signedIn = expectOk(await t.call('POST', '/api/v1/auth/login', { json: { username, password: USER_PASSWORD } }), 200, LoginResultSchema);
    return { user: created, signedIn };
  }
  const renew = (token: string): Promise<ApiResponse> => t.call('POST', '/api/v1/auth/renew', { token });
  const me = (token: string): Promise<ApiResponse> => t.call('GET', '/api/v1/auth/me', { token });
  const inMinutes = (minutes: number): string => new Date(t.clock.now().getTime() + minutes * MINUTE).toISOString();
  const messageOf = (response: ApiResponse): string => (response.body as { error: { message: string } }).error.message;

  it('gives a fresh token of the same session for 30 minutes more, up to the limit the sign-in set', async () => {
    const { user, signedIn } = await signedInSecretary();
    expect(Date.parse(signedIn.renewableUntil) - t.clock.now().getTime()).toBe(12 * HOUR);
    t.clock.advance(26 * MINUTE);
    const renewed = expectOk(await renew(signedIn.token), 200, LoginResultSchema);
    expect(renewed.token).not.toBe(signedIn.token);
    expect(renewed.expiresAt).toBe(inMinutes(30));
    expect(renewed.renewableUntil).toBe(signedIn.renewableUntil);
    expect(renewed.user).toEqual(user);
    const [before, after] = [decodeJwt(signedIn.token), decodeJwt(renewed.token)];
    expect({ sid: after.sid, auth_time: after.auth_time, gen: after.gen, sub: after.sub }).toEqual({ sid: before.sid, auth_time: before.auth_time, gen: before.gen, sub: before.sub });

    // Past the first token's 30 minutes, the renewal goes on and the first token has expired.
    t.clock.advance(10 * MINUTE);
    expectError(await me(signedIn.token), 401, 'ERR_SESSION_EXPIRED');
    expect(UserSchema.parse((await me(renewed.token)).body).username).toBe(user.username);
  });

  it('keeps a session in use going to its limit, 12 hours from the sign-in, and then asks for the password', async () => {
    const { signedIn } = await signedInSecretary();
    const limit = Date.parse(signedIn.renewableUntil);
    let token = signedIn.token;
    let renewals = 0;
    let lastExpiry = signedIn.expiresAt;
    for (;;) {
      t.clock.advance(25 * MINUTE);
      const response = await renew(token);
      if (response.status !== 200) {
        expectError(response, 401, 'ERR_SESSION_EXPIRED');
        expect(messageOf(response)).toContain('sign in again');
        break;
      }
      const renewed = LoginResultSchema.parse(response.body);
      expect(Date.parse(renewed.expiresAt)).toBeLessThanOrEqual(limit);
      token = renewed.token;
      lastExpiry = renewed.expiresAt;
      renewals += 1;
    }
    // Every 25 minutes for 12 hours, the last renewal running out at the limit exactly, not 30 minutes after it.
    expect(renewals).toBe(28);
    expect(lastExpiry).toBe(signedIn.renewableUntil);
    expect(t.clock.now().getTime()).toBeGreaterThan(limit);
    expectError(await me(token), 401, 'ERR_SESSION_EXPIRED');
  });

  it('refuses to renew a session left alone for 30 minutes', async () => {
    const { signedIn } = await signedInSecretary();
    t.clock.advance(30 * MINUTE + 1_000);
    const refused = await renew(signedIn.token);
    expectError(refused, 401, 'ERR_SESSION_EXPIRED');
    expect(messageOf(refused)).toContain('sign in again');
  });

  it('refuses to renew the session of a disabled user, or one whose password was set since', async () => {
    const disabled = await signedInSecretary();
    expect((await t.call('POST', `/api/v1/users/${disabled.user.id}/disable`, { token: await t.adminToken() })).status).toBe(200);
    expectError(await renew(disabled.signedIn.token), 401, 'ERR_SESSION_INVALID');

    const reset = await signedInSecretary();
    const renewed = expectOk(await renew(reset.signedIn.token), 200, LoginResultSchema);
    expect((await t.call('POST', `/api/v1/users/${reset.user.id}/password`, { token: await t.adminToken(), json: { newPassword: 'given-in-person-1' } })).status).toBe(200);
    for (const token of [reset.signedIn.token, renewed.token]) {
      const refused = await renew(token);
      expect([refused.status, errorCode(refused)]).toEqual([401, 'ERR_SESSION_INVALID']);
      expect(messageOf(refused)).toContain('sign in again');
    }
  });
});
