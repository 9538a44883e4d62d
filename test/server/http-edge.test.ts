import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { HealthSchema } from '../../server/schemas/health.ts';
import { errorCode, expectError, expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/** A server whose database was closed under it cannot run its own close (the last checkpoint needs the database). */
async function stopWithoutDatabase(own: TestServer): Promise<void> {
  own.server.store.handles.readable.close();
  own.server.store.handles.writable.close();
  own.server.http.closeAllConnections();
  await new Promise<void>((resolve) => own.server.http.close(() => resolve()));
  rmSync(own.dataDir, { recursive: true, force: true });
}

describe('the HTTP edge', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('reports health with the database reachable, under /api/v1/health and /healthz', async () => {
    const health = expectOk(await t.call('GET', '/api/v1/health'), 200, HealthSchema);
    expect(health).toMatchObject({ status: 'ok', db: 'ok' });
    expect(expectOk(await t.call('GET', '/healthz'), 200, HealthSchema).db).toBe('ok');
  });

  it('tells anyone the organisation’s time zone in the health reply: Asia/Shanghai unless MIC_TIME_ZONE says otherwise', async () => {
    expect(expectOk(await t.call('GET', '/api/v1/health'), 200, HealthSchema).timeZone).toBe('Asia/Shanghai');
    const utc = await startTestServer({ timeZone: 'UTC', withAdmin: false });
    onTestFinished(() => utc.close());
    expect(expectOk(await utc.call('GET', '/api/v1/health'), 200, HealthSchema).timeZone).toBe('UTC');
  });

  it('answers an unknown route with 404 and a code, for any method', async () => {
    expectError(await t.call('GET', '/api/v1/nothing-here'), 404, 'ERR_ROUTE_NOT_FOUND');
    expectError(await t.call('DELETE', '/api/v1/orgs'), 404, 'ERR_ROUTE_NOT_FOUND');
    expectError(await t.call('GET', '/'), 404, 'ERR_ROUTE_NOT_FOUND');
  });

  it('answers malformed JSON with 400 ERR_MALFORMED_JSON', async () => {
    expectError(await t.call('POST', '/api/v1/auth/login', { raw: '{"username": "a",' }), 400, 'ERR_MALFORMED_JSON');
  });

  it('refuses a body over the route limit with 413', async () => {
    const response = await t.call('POST', '/api/v1/auth/login', { json: { username: 'a', password: 'x'.repeat(20_000) } });
    expectError(response, 413, 'ERR_BODY_TOO_LARGE');
  });

  it('refuses a body that is not JSON with 415', async () => {
    expectError(await t.call('POST', '/api/v1/auth/login', { raw: 'username=a&password=b', contentType: 'application/x-www-form-urlencoded' }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('reports schema violations field by field with 400 ERR_VALIDATION', async () => {
    const response = await t.call('POST', '/api/v1/auth/login', { json: { username: '', extra: true } });
    expectError(response, 400, 'ERR_VALIDATION');
    const details = (response.body as { error: { details: { in: string; issues: { path: string }[] } } }).error.details;
    expect(details.in).toBe('body');
    expect(details.issues.map((issue) => issue.path).sort()).toEqual(['', 'password', 'username']);
  });

  it('validates path parameters and query strings too', async () => {
    const token = await t.adminToken();
    expectError(await t.call('GET', '/api/v1/cards/not-a-serial', { token }), 400, 'ERR_VALIDATION');
    expectError(await t.call('GET', '/api/v1/members?limit=0', { token }), 400, 'ERR_VALIDATION');
    expectError(await t.call('GET', '/api/v1/members?surprise=1', { token }), 400, 'ERR_VALIDATION');
  });

  it('compresses what a client accepts compressed, and sends the same JSON unencoded to one that does not', async () => {
    const get = (encoding: string) => fetch(`${t.url}/api/v1/openapi.json`, { headers: { 'accept-encoding': encoding } });
    const [gzipped, plain] = await Promise.all([get('gzip'), get('identity')]);
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const plainText = await plain.text();
    expect(Number(plain.headers.get('content-length'))).toBe(Buffer.byteLength(plainText));
    // fetch decodes the gzip body: it must be the very document sent plain
    expect(await gzipped.text()).toBe(plainText);
  });

  it('echoes a request id and sends nosniff', async () => {
    const response = await t.call('GET', '/api/v1/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('reports 503 when the database stops answering', async () => {
    const own = await startTestServer();
    onTestFinished(() => stopWithoutDatabase(own));
    own.server.store.handles.readable.close();
    const response = await own.call('GET', '/api/v1/health');
    expect(response.status).toBe(503);
    expect(HealthSchema.parse(response.body)).toMatchObject({ status: 'degraded', db: 'unavailable' });
  });

  it('hides the message of an unexpected failure behind ERR_INTERNAL', async () => {
    const own = await startTestServer();
    onTestFinished(() => stopWithoutDatabase(own));
    const token = await own.adminToken();
    own.server.store.handles.readable.close();
    const response = await own.call('GET', '/api/v1/orgs', { token });
    expect(response.status).toBe(500);
    expect(errorCode(response)).toBe('ERR_INTERNAL');
    expect(response.text).not.toMatch(/database|sqlite/i);
  });
});
