import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORGET_EXPIRED_EVERY_SECONDS } from '../../server/auth/kiosk-token-ids.ts';
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

describe('kiosk token ids kept in the database', () => {
  const config = (t: TestServer, token: string) => t.call('GET', '/api/v1/kiosk/config', { token });
  const branchKiosk = async (t: TestServer): Promise<EnrolledKiosk> => {
    await t.call('POST', '/api/v1/orgs', { token: await t.adminToken(), json: { code: 'BR', name: '支部', kind: 'branch' } });
    return t.enrollKiosk('BR');
  };
  const storedJtis = (t: TestServer): string[] =>
    t.server.store.handles.readable.prepare('SELECT jti FROM kiosk_token_ids ORDER BY jti').pluck().all() as string[];

  it('when a token used once is sent again after the server restarted on the same data folder, then it is refused as a replay, and a fresh token works', async () => {
    const before = await startTestServer();
    let after: TestServer | undefined;
    try {
      const kiosk = await branchKiosk(before);
      const token = await before.kioskToken(kiosk, { jti: 'before-the-restart' });
      expect((await config(before, token)).status).toBe(200);
      await before.close({ keepData: true });

      after = await startTestServer({ dataDir: before.dataDir, clock: before.clock });
      expectError(await config(after, token), 401, 'ERR_KIOSK_TOKEN_REPLAYED');
      expect((await config(after, await after.kioskToken(kiosk))).status).toBe(200);
    } finally {
      await after?.close();
      await before.close();
    }
  });

  it('when the ids have expired, then a request a minute later deletes them and keeps those still valid', async () => {
    const t = await startTestServer();
    try {
      const kiosk = await branchKiosk(t);
      // The first request deletes (nothing) and starts the minute; its id may go once its token has expired.
      expect((await config(t, await t.kioskToken(kiosk, { jti: 'a-expires-first' }))).status).toBe(200);
      t.clock.advance(45_000);
      expect((await config(t, await t.kioskToken(kiosk, { jti: 'b-still-valid' }))).status).toBe(200);
      expect(storedJtis(t)).toEqual(['a-expires-first', 'b-still-valid']);

      // 75 s on: a's token (30 s, plus 30 s of clock leeway) is past; b's is not; the minute is over.
      t.clock.advance(FORGET_EXPIRED_EVERY_SECONDS * 1000 - 30_000);
      expect((await config(t, await t.kioskToken(kiosk, { jti: 'c-after-the-minute' }))).status).toBe(200);
      expect(storedJtis(t)).toEqual(['b-still-valid', 'c-after-the-minute']);
    } finally {
      await t.close();
    }
  });
});
