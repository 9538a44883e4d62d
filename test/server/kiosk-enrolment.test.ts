import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrollResultSchema, EnrolmentTokenSchema, KioskListSchema, KioskSchema } from '../../server/schemas/kiosks.ts';
import { createTree } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { newKioskKey } from './support/kiosk-keys.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('kiosk enrolment', () => {
  let t: TestServer;
  let admin: string;
  const newToken = async (org: string, ttlMinutes?: number): Promise<string> =>
    expectOk(await t.call('POST', '/api/v1/kiosks/enrolment-tokens', { token: admin, json: { org, ttlMinutes } }), 201, EnrolmentTokenSchema).token;
  const enroll = async (token: string, jwk: object, name = '甲一支部签到机') => t.call('POST', '/api/v1/kiosks/enroll', { json: { token, name, jwk } });

  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    await createTree(t);
  });
  afterAll(() => t.close());

  it('enrols a kiosk key with a one-time token; the kiosk id is the key thumbprint', async () => {
    const created = expectOk(await t.call('POST', '/api/v1/kiosks/enrolment-tokens', { token: admin, json: { org: 'A1' } }), 201, EnrolmentTokenSchema);
    expect(Date.parse(created.expiresAt) - t.clock.now().getTime()).toBe(24 * 3600_000);
    const key = await newKioskKey();
    const result = expectOk(await enroll(created.token, key.publicJwk), 201, EnrollResultSchema);
    expect(result).toMatchObject({ kioskId: key.kid, org: 'A1', serverTime: t.clock.now().toISOString() });
    expect(result.serverKey.kid).toBe(t.server.context.signingKey.kid);
    const listed = expectOk(await t.call('GET', '/api/v1/kiosks?org=A', { token: admin }), 200, KioskListSchema);
    expect(listed.kiosks).toEqual([expect.objectContaining({ kid: key.kid, name: '甲一支部签到机', org: 'A1', disabledAt: null })]);
  });

  it('keeps only a hash of the token', async () => {
    const token = await newToken('A1');
    const stored = t.server.store.handles.readable.prepare('SELECT token_hash FROM kiosk_enrolment_tokens').pluck().all() as string[];
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).not.toContain(token);
  });

  it('refuses a token the second time', async () => {
    const token = await newToken('A1');
    expectOk(await enroll(token, (await newKioskKey()).publicJwk), 201, EnrollResultSchema);
    expectError(await enroll(token, (await newKioskKey()).publicJwk), 403, 'ERR_ENROLMENT_TOKEN_USED');
  });

  it('refuses an expired token and an unknown one', async () => {
    const token = await newToken('A2', 1);
    t.clock.advance(61_000);
    expectError(await enroll(token, (await newKioskKey()).publicJwk), 403, 'ERR_ENROLMENT_TOKEN_EXPIRED');
    expectError(await enroll('made-up-token', (await newKioskKey()).publicJwk), 403, 'ERR_ENROLMENT_TOKEN_UNKNOWN');
  });

  it('refuses a key that is already enrolled without using up the token', async () => {
    const key = await newKioskKey();
    expectOk(await enroll(await newToken('A1'), key.publicJwk), 201, EnrollResultSchema);
    const token = await newToken('B1');
    expectError(await enroll(token, key.publicJwk), 409, 'ERR_KIOSK_ALREADY_ENROLLED');
    expectOk(await enroll(token, (await newKioskKey()).publicJwk), 201, EnrollResultSchema);
  });

  it('refuses keys that are not Ed25519 public keys, or carry a wrong kid', async () => {
    const token = await newToken('A1');
    const key = await newKioskKey();
    expectError(await enroll(token, { kty: 'EC', crv: 'P-256', x: key.publicJwk.x }), 400, 'ERR_VALIDATION');
    expectError(await enroll(token, { ...key.publicJwk, d: key.publicJwk.x }), 400, 'ERR_VALIDATION');
    expectError(await enroll(token, { ...key.publicJwk, kid: 'not-the-thumbprint' }), 422, 'ERR_KIOSK_KEY_INVALID');
    expectOk(await enroll(token, { ...key.publicJwk, kid: key.kid }), 201, EnrollResultSchema);
  });

  it('refuses a token for an organisation that does not exist', async () => {
    expectError(await t.call('POST', '/api/v1/kiosks/enrolment-tokens', { token: admin, json: { org: 'NOPE' } }), 404, 'ERR_ORG_NOT_FOUND');
    expectError(await t.call('POST', '/api/v1/kiosks/enrolment-tokens', { token: admin, json: { org: 'A1', ttlMinutes: 0 } }), 400, 'ERR_VALIDATION');
  });

  it('disables a kiosk once', async () => {
    const kiosk = await t.enrollKiosk('B1');
    const disabled = expectOk(await t.call('POST', `/api/v1/kiosks/${kiosk.kid}/disable`, { token: admin }), 200, KioskSchema);
    expect(disabled.disabledAt).toBe(t.clock.now().toISOString());
    t.clock.advance(60_000);
    const again = await t.call('POST', `/api/v1/kiosks/${kiosk.kid}/disable`, { token: admin });
    expectError(again, 409, 'ERR_KIOSK_ALREADY_DISABLED');
    // When it was disabled is data, not prose: a message never quotes an instant in some zone the reader does not live in.
    expect((again.body as { error: { details: unknown } }).error.details).toEqual({ kid: kiosk.kid, disabledAt: disabled.disabledAt });
    expectError(await t.call('POST', `/api/v1/kiosks/${(await newKioskKey()).kid}/disable`, { token: admin }), 404, 'ERR_KIOSK_NOT_FOUND');
  });
});
