import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_WAITING_HASHES, passwordHashSlots } from '../../server/crypto/password-hash-slots.ts';
import { clientAddress } from '../../server/http/client-address.ts';
import { LoginResultSchema, UserSchema } from '../../server/schemas/users.ts';
import { expectError, expectOk } from './support/http.ts';
import { ADMIN, startTestServer, type TestServer, type TestServerOptions } from './support/test-server.ts';

/*
 * Guessing passwords and flooding the sign-in: the limits per username and per address are checked before any password
 * is hashed, and hashing takes at most half of the thread pool the server also compresses and reads files with.
 * Every password checked is a real scrypt hash, about a second each on a busy two-core machine: hence the timeouts.
 */

const HASHING = { timeout: 60_000 };

interface Answer {
  status: number;
  code: string | undefined;
  message: string;
  retryAfter: string | undefined;
  details: Record<string, unknown> | undefined;
}

/** One sign-in over HTTP from a loopback address of the test's choosing (all of 127.0.0.0/8 reaches the server). */
function signIn(t: TestServer, username: string, password: string, from = '127.0.0.1'): Promise<Answer> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      `${t.url}/api/v1/auth/login`,
      { method: 'POST', localAddress: from, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { error?: { code: string; message: string; details?: Record<string, unknown> } };
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, code: parsed.error?.code, message: parsed.error?.message ?? '', retryAfter, details: parsed.error?.details });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const WRONG = 'not-the-password';
const SECOND = { username: 'second-admin', password: 'second-password-1' } as const;

const failedSignIn = expect.objectContaining({ status: 401, code: 'ERR_LOGIN_FAILED' });
const refused = (limit: 'username' | 'address', seconds: number) =>
  expect.objectContaining({
    status: 429,
    code: 'ERR_TOO_MANY_ATTEMPTS',
    retryAfter: String(seconds),
    details: expect.objectContaining({ limit, retryAfterSeconds: seconds }),
  });

/** `count` wrong passwords for `username`, one after another, each refused as wrong (not as too many). */
async function failTimes(t: TestServer, username: string, count: number, from?: string): Promise<void> {
  for (let i = 0; i < count; i += 1) expect(await signIn(t, username, WRONG, from), `wrong password ${i + 1}`).toEqual(failedSignIn);
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((t) => t.close()));
});

async function server(options: TestServerOptions = {}): Promise<TestServer> {
  const t = await startTestServer(options);
  servers.push(t);
  return t;
}

describe('sign-in limits per username', HASHING, () => {
  it('when a username has had five wrong passwords in a row, then the sixth try is refused with 429 and Retry-After, and no password is hashed', async () => {
    const t = await server();
    await failTimes(t, ADMIN.username, 5);
    const hashed = passwordHashSlots.started;

    const sixth = await signIn(t, ADMIN.username, WRONG);
    expect(sixth).toEqual(refused('username', 60));
    expect(sixth.message).toContain('try again in 60 seconds');
    expect(sixth.message).toContain('an administrator can reset it');
    expect(sixth.details?.retryAt).toBe(new Date(t.clock.now().getTime() + 60_000).toISOString());
    // While the wait lasts even the right password is not checked: a guesser learns nothing from it.
    expect(await signIn(t, ADMIN.username, ADMIN.password)).toEqual(refused('username', 60));
    expect(passwordHashSlots.started).toBe(hashed);
  });

  it("when the wait has passed on the server's clock, then one more try is checked, and another wrong password doubles the wait", async () => {
    const t = await server();
    await failTimes(t, ADMIN.username, 5);
    t.clock.advance(59_000);
    expect(await signIn(t, ADMIN.username, WRONG)).toEqual(refused('username', 1));
    t.clock.advance(1_000);
    await failTimes(t, ADMIN.username, 1);
    expect(await signIn(t, ADMIN.username, ADMIN.password)).toEqual(refused('username', 120));
    t.clock.advance(120_000);
    expect((await signIn(t, ADMIN.username, ADMIN.password)).status).toBe(200);
  });

  it("when the right password is given, then the username's wrong ones are forgotten", async () => {
    const t = await server();
    await failTimes(t, ADMIN.username, 4);
    expect((await signIn(t, ADMIN.username, ADMIN.password)).status).toBe(200);
    // Six wrong in all, but only two since the right one: both are checked.
    await failTimes(t, ADMIN.username, 2);
  });

  it('when one username must wait, then another signs in from the same address as before', async () => {
    const t = await server();
    expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { ...SECOND, role: 'admin' } }), 201, UserSchema);
    await failTimes(t, ADMIN.username, 5);
    expect(await signIn(t, ADMIN.username, ADMIN.password)).toEqual(refused('username', 60));

    await failTimes(t, SECOND.username, 1);
    expect((await signIn(t, SECOND.username, SECOND.password)).status).toBe(200);
  });

  it('when wrong passwords for one username arrive all at once, then no more are checked than one after another', async () => {
    const t = await server();
    const hashed = passwordHashSlots.started;
    const answers = await Promise.all(Array.from({ length: 8 }, () => signIn(t, ADMIN.username, WRONG)));
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(5);
    expect(answers.filter((answer) => answer.code === 'ERR_TOO_MANY_ATTEMPTS')).toHaveLength(3);
    expect(passwordHashSlots.started - hashed).toBe(5);
  });
});

describe('sign-in limits when the password is set anew', HASHING, () => {
  const NEW_PASSWORD = 'set-anew-password-1';
  const GUESSER = '127.0.0.2';

  it("when an administrator resets the password of a username that must wait, then its owner signs in with the new one at once, while the guesser's address keeps its count", async () => {
    // Six tries an address: five wrong ones leave the guesser's address one.
    const t = await server({ signInLimits: { addressBurst: 6 } });
    const second = expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { ...SECOND, role: 'admin' } }), 201, UserSchema);
    await failTimes(t, SECOND.username, 5, GUESSER);
    expect(await signIn(t, SECOND.username, SECOND.password)).toEqual(refused('username', 60));

    const reset = await t.call('POST', `/api/v1/users/${second.id}/password`, { token: await t.adminToken(), json: { newPassword: NEW_PASSWORD } });
    expectOk(reset, 200, UserSchema);
    expect((await signIn(t, SECOND.username, NEW_PASSWORD)).status).toBe(200);

    await failTimes(t, 'guess-a', 1, GUESSER);
    expect(await signIn(t, 'guess-b', WRONG, GUESSER)).toEqual(refused('address', 6));
  });

  it('when the owner changes their own password while their username must wait, then they sign in with the new one at once', async () => {
    const t = await server();
    expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { ...SECOND, role: 'admin' } }), 201, UserSchema);
    const token = await t.login(SECOND.username, SECOND.password);
    await failTimes(t, SECOND.username, 5, GUESSER);

    const changed = await t.call('POST', '/api/v1/auth/password', { token, json: { currentPassword: SECOND.password, newPassword: NEW_PASSWORD } });
    expectOk(changed, 200, LoginResultSchema);
    expect((await signIn(t, SECOND.username, NEW_PASSWORD)).status).toBe(200);
  });

  it('when the own password change is refused, then the wait stays', async () => {
    const t = await server();
    expectOk(await t.call('POST', '/api/v1/users', { token: await t.adminToken(), json: { ...SECOND, role: 'admin' } }), 201, UserSchema);
    const token = await t.login(SECOND.username, SECOND.password);
    await failTimes(t, SECOND.username, 5, GUESSER);

    expectError(await t.call('POST', '/api/v1/auth/password', { token, json: { currentPassword: WRONG, newPassword: NEW_PASSWORD } }), 403, 'ERR_PASSWORD_WRONG');
    expect(await signIn(t, SECOND.username, SECOND.password)).toEqual(refused('username', 60));
  });
});

describe('sign-in limits per address', HASHING, () => {
  it('when an address has used its burst, then it is refused whatever the username until its next try comes, while other addresses go on', async () => {
    const t = await server({ signInLimits: { addressBurst: 3 } });
    for (const username of ['guess-a', 'guess-b', 'guess-c']) await failTimes(t, username, 1);
    const hashed = passwordHashSlots.started;
    expect(await signIn(t, 'guess-d', WRONG)).toEqual(refused('address', 6));
    expect(await signIn(t, ADMIN.username, ADMIN.password)).toEqual(refused('address', 6));
    expect(passwordHashSlots.started).toBe(hashed);

    await failTimes(t, 'guess-d', 1, '127.0.0.2');

    t.clock.advance(6_000);
    await failTimes(t, 'guess-e', 1);
    expect(await signIn(t, 'guess-f', WRONG)).toEqual(refused('address', 6));
  });

  it('when someone signs in with the right password, then the try is given back to the address', async () => {
    const t = await server({ signInLimits: { addressBurst: 2 } });
    await failTimes(t, 'guess-a', 1);
    expect((await signIn(t, ADMIN.username, ADMIN.password)).status).toBe(200);
    await failTimes(t, 'guess-b', 1);
    expect(await signIn(t, 'guess-c', WRONG)).toEqual(refused('address', 6));
  });
});

describe('sign-in limits in memory', HASHING, () => {
  it('when more usernames and addresses are tried than it remembers, then the least recently seen are forgotten and the rest kept', async () => {
    const t = await server({ signInLimits: { failuresBeforeWait: 1, maxTracked: 3 } });
    for (let i = 0; i < 5; i += 1) await failTimes(t, `guess-${i}`, 1, `127.0.0.${10 + i}`);
    expect(t.server.context.signInThrottle.tracked()).toEqual({ usernames: 3, addresses: 3 });
    for (let i = 2; i < 5; i += 1) expect(await signIn(t, `guess-${i}`, WRONG), `guess-${i}`).toEqual(refused('username', 60));
    await failTimes(t, 'guess-0', 1, '127.0.0.20');
    expect(t.server.context.signInThrottle.tracked()).toEqual({ usernames: 3, addresses: 3 });
  });
});

describe('password hashing within its share of the thread pool', HASHING, () => {
  it(`when more sign-ins arrive at once than hash slots and ${MAX_WAITING_HASHES} waiting, then the rest are refused with 503 and Retry-After`, async () => {
    // One wrong password makes a username wait: one turned away busy shows it did not count.
    const t = await server({ signInLimits: { failuresBeforeWait: 1 } });
    // The first unknown username makes the stand-in hash unknown usernames are checked against; it is kept.
    await failTimes(t, 'nobody', 1);
    const hashed = passwordHashSlots.started;
    const usernames = Array.from({ length: passwordHashSlots.slots + MAX_WAITING_HASHES + 2 }, (_, i) => `nobody-${i}`);
    const answers = await Promise.all(usernames.map((username) => signIn(t, username, WRONG)));
    expect(answers.filter((answer) => answer.status === 401)).toHaveLength(passwordHashSlots.slots + MAX_WAITING_HASHES);
    const busy = usernames.filter((_, i) => answers[i]?.status === 503);
    expect(busy).toHaveLength(2);
    expect(answers.find((answer) => answer.status === 503)).toMatchObject({ code: 'ERR_SERVER_BUSY', retryAfter: '2' });
    expect(passwordHashSlots.started - hashed).toBe(passwordHashSlots.slots + MAX_WAITING_HASHES);
    // Turned away for the server's load, not for a wrong password: it does not count against the username.
    await failTimes(t, busy[0]!, 1);
  });

  it('takes at most half of the thread pool', () => {
    expect(passwordHashSlots.slots).toBe(Math.max(1, Math.floor(Number(process.env.UV_THREADPOOL_SIZE ?? 4) / 2)));
  });
});

describe('whom sign-in attempts count against', () => {
  it('counts an IPv4 address as itself, also when it reaches an IPv6 socket, and an IPv6 address by its /64', () => {
    expect(clientAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientAddress('::1')).toBe('0:0:0:0::/64');
  });
});
