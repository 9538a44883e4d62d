import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './support/http.ts';
import { newKioskKey, type KioskKey } from './support/kiosk-keys.ts';
import { startTestServer, type EnrolledKiosk, type TestServer } from './support/test-server.ts';

describe('kiosk bearer tokens', () => {
  let t: TestServer;
  let kiosk: EnrolledKiosk;
  const config = (token?: string, headers?: Record<string, string>) => t.call('GET', '/api/v1/kiosk/config', { token, headers });
  const now = (): number => Math.floor(t.clock.now().getTime() / 1000);

  beforeAll(async () => {
    t = await startTestServer();
    const admin = await t.adminToken();
    await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'BR', name: '支部', kind: 'branch' } });
    kiosk = await t.enrollKiosk('BR');
  });
  afterAll(() => t.close());

  it('accepts a fresh token from an enrolled kiosk', async () => {
    expect((await config(await t.kioskToken(kiosk))).status).toBe(200);
  });

  it('tolerates a kiosk clock a little behind the server', async () => {
    expect((await config(await t.kioskToken(kiosk, { iat: now() - 40, exp: now() - 10 }))).status).toBe(200);
  });

  it.each([
    ['no token at all', async () => undefined, 'ERR_KIOSK_TOKEN_MISSING'],
    ['not a JWS', async () => 'garbage', 'ERR_KIOSK_TOKEN_MALFORMED'],
    ['the wrong typ', async () => t.kioskToken(kiosk, { typ: 'JWT' }), 'ERR_KIOSK_TOKEN_MALFORMED'],
    ['expired', async () => t.kioskToken(kiosk, { iat: now() - 120, exp: now() - 60 }), 'ERR_KIOSK_TOKEN_EXPIRED'],
    ['a lifetime over 60 s', async () => t.kioskToken(kiosk, { iat: now(), exp: now() + 61 }), 'ERR_KIOSK_TOKEN_LIFETIME_TOO_LONG'],
    ['issued in the future', async () => t.kioskToken(kiosk, { iat: now() + 600, exp: now() + 630 }), 'ERR_KIOSK_TOKEN_NOT_YET_VALID'],
    ['another audience', async () => t.kioskToken(kiosk, { aud: 'someone-else' }), 'ERR_KIOSK_TOKEN_AUDIENCE_INVALID'],
    ['an issuer other than the kiosk', async () => t.kioskToken(kiosk, { iss: 'another-kiosk' }), 'ERR_KIOSK_TOKEN_ISSUER_INVALID'],
    ['a forged signature', async () => t.kioskToken(kiosk, { signWith: (await generateKeyPair('EdDSA')).privateKey }), 'ERR_KIOSK_TOKEN_SIGNATURE_INVALID'],
    ['an unknown kiosk', async () => t.kioskToken(await newKioskKey()), 'ERR_KIOSK_UNKNOWN'],
  ])('refuses %s with 401', async (_case, token, code) => {
    expectError(await config(await token()), 401, code);
  });

  it('refuses an alg other than EdDSA', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'mic-kiosk+jwt', kid: kiosk.kid })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ iss: kiosk.kid, aud: 'member-card', iat: now(), exp: now() + 30, jti: 'x' })).toString('base64url');
    expectError(await config(`${header}.${payload}.AAAA`), 401, 'ERR_KIOSK_TOKEN_MALFORMED');
  });

  it('refuses a replayed token (same jti) while it could still be valid', async () => {
    const token = await t.kioskToken(kiosk, { jti: 'once-only' });
    expect((await config(token)).status).toBe(200);
    expectError(await config(token), 401, 'ERR_KIOSK_TOKEN_REPLAYED');
    // a new token with the same jti is a replay too
    expectError(await config(await t.kioskToken(kiosk, { jti: 'once-only' })), 401, 'ERR_KIOSK_TOKEN_REPLAYED');
  });

  it('does not let a rejected token burn its jti', async () => {
    expectError(await config(await t.kioskToken(kiosk, { jti: 'first-bad', aud: 'elsewhere' })), 401, 'ERR_KIOSK_TOKEN_AUDIENCE_INVALID');
    expect((await config(await t.kioskToken(kiosk, { jti: 'first-bad' }))).status).toBe(200);
  });

  it('refuses a human session token on a kiosk route', async () => {
    expectError(await config(await t.adminToken()), 401, 'ERR_KIOSK_TOKEN_MALFORMED');
  });

  it('refuses a disabled kiosk from its next request on', async () => {
    const other: KioskKey = await t.enrollKiosk('BR');
    expect((await config(await t.kioskToken(other))).status).toBe(200);
    expect((await t.call('POST', `/api/v1/kiosks/${other.kid}/disable`, { token: await t.adminToken() })).status).toBe(200);
    expectError(await config(await t.kioskToken(other)), 401, 'ERR_KIOSK_DISABLED');
  });
});
