import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../server/http/app.ts';
import { openApiPath } from '../../server/http/openapi.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { FindingListSchema } from '../../server/schemas/findings.ts';
import { kioskMarker } from '../../server/schemas/kiosks.ts';
import { MeetingSchema, meetingMarker } from '../../server/schemas/meetings.ts';
import { MemberListSchema } from '../../server/schemas/members.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { UserSchema } from '../../server/schemas/users.ts';
import { databaseFingerprint, type DatabaseFingerprint } from './support/db-fingerprint.ts';
import { createMember, createTree, credentialFor, registeredIssuer, USER_PASSWORD } from './support/fixtures.ts';
import { describeRequest, hostileRequests, type HostileRequest, type RequestContext } from './support/hostile-requests.ts';
import { expectError, expectOk } from './support/http.ts';
import { operationName, operationsOf, type Operation } from './support/openapi-operations.ts';
import { rawRequest, type RawOutcome } from './support/raw-request.ts';
import { startTestServer, type EnrolledKiosk, type TestServer } from './support/test-server.ts';

/** An answer slower than this is a hang: the slowest honest refusal here takes milliseconds. */
const ANSWER_WITHIN_MS = 10_000;
const IN_FLIGHT = 16;
/**
 * Rows the server writes on every authenticated kiosk request by design, refused or not: when the kiosk was
 * last heard from (kiosk_health) and the token ids it may not use again (kiosk_token_ids).
 */
const WRITTEN_ON_EVERY_KIOSK_REQUEST = ['kiosk_health', 'kiosk_token_ids'];

/** Body fields that name an organisation, a member or a meeting kind, rather than make one. */
const REFERENCES = ['org', 'homeOrg', 'toOrg', 'parent', 'member', 'kind'];
/** Query parameters that look for any text a name may hold (the kiosk list's search, the organisation search). */
const SEARCHES = ['search', 'q'];

interface Swept {
  request: HostileRequest;
  outcome: RawOutcome;
}

/** What is wrong with an answer, or undefined when it is what a hostile request deserves. */
function problemOf({ request, outcome }: Swept): string | undefined {
  const what = describeRequest(request);
  if (outcome.kind === 'timeout') return `${what}: no answer within ${ANSWER_WITHIN_MS} ms`;
  if (outcome.kind === 'failed') return `${what}: the connection failed (${outcome.error})`;
  const answer = `${outcome.status} ${outcome.text.slice(0, 300)}`;
  if (outcome.status >= 500) return `${what}: ${answer}`;
  // The sweep calls with credentials that are good: a 401 means it lost them (a kiosk disabled, a session ended) and looked at nothing more.
  if (outcome.status === 401 && request.operation.caller !== 'public') return `${what}: ${answer} (the caller's own credentials were refused)`;
  if (request.expect === 'refused' && (outcome.status < 400 || outcome.status > 499)) return `${what}: ${answer} (a refusal, 4xx, was due)`;
  if (outcome.status >= 400 && !isErrorBody(outcome.text)) return `${what}: ${answer} (not { error: { code, message } })`;
  return undefined;
}

function isErrorBody(text: string): boolean {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    return typeof error?.code === 'string' && error.code !== '' && typeof error.message === 'string' && error.message !== '';
  } catch {
    return false;
  }
}

async function inTurns<T, R>(items: T[], inFlight: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return results;
}

const DAY_MS = 86_400_000;

/**
 * A tree, members, an issuer and a card, a kiosk, a meeting, a transfer letter, a mobile registration, a user
 * and findings, so that every path parameter can name a thing that exists and every body can name real ones.
 */
async function makeWorld(t: TestServer): Promise<{ kiosk: EnrolledKiosk; existing: Record<string, string>; context: RequestContext }> {
  const admin = await t.adminToken();
  await createTree(t);
  const member = await createMember(t, 'A1');
  const leaving = await createMember(t, 'A1');
  const visiting = await createMember(t, 'B1');
  const issuer = await registeredIssuer(t);
  const { jwt } = await credentialFor(issuer, member, { validDays: 3650 });
  const card = expectOk(await t.call('POST', '/api/v1/cards', { token: admin, json: { credential: jwt } }), 201, CardSchema);
  const startsAt = new Date(t.clock.now().getTime() + DAY_MS);
  const meetingBody = { org: 'A1', kind: 'group', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString() };
  const meeting = expectOk(await t.call('POST', '/api/v1/meetings', { token: admin, json: meetingBody }), 201, MeetingSchema);
  const transfer = expectOk(await t.call('POST', '/api/v1/transfers', { token: admin, json: { member: leaving.memberNumber, toOrg: 'B1', reason: '工作调动' } }), 201, TransferSchema);
  const period = expectOk(await t.call('POST', `/api/v1/members/${visiting.memberNumber}/mobile-periods`, { token: admin, json: { org: 'A1', from: t.today() } }), 201, MobilePeriodSchema);
  const userBody = { username: 'secretary-a1', password: USER_PASSWORD, role: 'secretary', org: 'A1' };
  const user = expectOk(await t.call('POST', '/api/v1/users', { token: admin, json: userBody }), 201, UserSchema);
  const kiosk = await t.enrollKiosk('A1');

  // Forty days on, the branches' monthly meetings are overdue: findings to act on. The kiosk is heard from
  // after that, so the sweep's kiosk requests find nothing new to tell the diagnostics.
  t.clock.advance(40 * DAY_MS);
  expect((await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk) })).status).toBe(200);
  t.server.context.diagnostics.notify({ kind: 'all' });
  await t.server.context.diagnostics.idle();
  const [finding] = expectOk(await t.call('GET', '/api/v1/findings?status=open', { token: await t.adminToken() }), 200, FindingListSchema).findings;
  if (!finding) throw new Error('the world has no finding to act on');

  /** path parameters by the collection they name */
  const existing: Record<string, string> = {
    'orgs': 'A1',
    'members': member.memberNumber,
    'cards': card.csn,
    'kiosks': kiosk.kid,
    'users': String(user.id),
    'meetings': meeting.id,
    'transfers': transfer.id,
    'mobile-periods': String(period.id),
    'findings': String(finding.id),
    'meeting-kinds': 'group',
    'checkpoint': '0',
    'leaf': '0',
  };
  const pathValue = (operation: Operation, name: string): string => {
    const segments = operation.path.split('/');
    const collection = segments[segments.indexOf(`{${name}}`) - 1] ?? '';
    const value = existing[collection];
    if (value === undefined) throw new Error(`${operationName(operation)}: no thing of the world for {${name}} under /${collection}/`);
    return value;
  };
  const byName = {
    org: 'A1',
    homeOrg: 'A1',
    toOrg: 'B1',
    parent: 'A',
    root: 'CTY',
    member: member.memberNumber,
    memberNumber: member.memberNumber,
    idNumber: member.idNumber,
    kind: 'group',
    // a role that needs an organisation, so that a body's organisation and member are looked up
    role: 'secretary',
    kiosk: kiosk.kid,
    credential: jwt,
    password: USER_PASSWORD,
    newPassword: USER_PASSWORD,
    reason: '测试',
    name: '测试',
    title: '测试',
    // the meeting list's and the kiosk list's page markers (the member list's is a member number, which a generic text stands for)
    after: [meetingMarker({ startsAt: '2030-01-01T00:00:00.000Z', id: randomUUID() }), kioskMarker({ name: '测试', kid: kiosk.kid })],
  };
  return { kiosk, existing, context: { hints: { today: t.today(), now: t.clock.now().toISOString(), byName }, references: REFERENCES, searches: SEARCHES, pathValue } };
}

describe('every operation of the API against hostile input', () => {
  let t: TestServer;
  let operations: Operation[];
  let swept: Swept[];
  let before: DatabaseFingerprint;
  let after: DatabaseFingerprint;
  let existing: Record<string, string>;

  beforeAll(async () => {
    t = await startTestServer();
    const world = await makeWorld(t);
    const { kiosk, context } = world;
    existing = world.existing;
    const admin = await t.adminToken();
    const document = await t.call('GET', '/api/v1/openapi.json');
    expect(document.status).toBe(200);
    operations = operationsOf(document.body);
    const requests = operations.flatMap((operation) => hostileRequests(operation, context));

    const database = join(t.dataDir, 'member-card.db');
    before = databaseFingerprint(database, WRITTEN_ON_EVERY_KIOSK_REQUEST);
    swept = await inTurns(requests, IN_FLIGHT, async (request) => {
      const headers: Record<string, string> = { ...request.headers };
      if (request.operation.caller === 'session') headers.authorization = `Bearer ${admin}`;
      if (request.operation.caller === 'kiosk') headers.authorization = `Bearer ${await t.kioskToken(kiosk)}`;
      const outcome = await rawRequest(t.url, { method: request.method, target: request.target, headers, body: request.body }, ANSWER_WITHIN_MS);
      return { request, outcome };
    });
    await t.server.context.diagnostics.idle();
    after = databaseFingerprint(database, WRITTEN_ON_EVERY_KIOSK_REQUEST);
  }, 120_000);
  afterAll(() => t.close());

  it('sweeps every operation of the document: path parameters, query strings and bodies wherever it takes them', () => {
    const documented = operations.map(operationName);
    for (const route of API_ROUTES) expect(documented).toContain(`${route.method.toUpperCase()} ${openApiPath(route.path)}`);
    const inputs = (operation: Operation, prefix: string) => swept.filter(({ request }) => request.operation === operation && request.input.startsWith(prefix)).length;
    for (const operation of operations) {
      const name = operationName(operation);
      if (operation.pathParams.length > 0) expect(inputs(operation, 'path '), name).toBeGreaterThanOrEqual(20 * operation.pathParams.length);
      for (const parameter of operation.queryParams) expect(inputs(operation, `query ${parameter.name}`), `${name} ?${parameter.name}`).toBeGreaterThanOrEqual(4);
      expect(inputs(operation, 'unknown query parameter'), name).toBe(4);
      if (operation.body?.media === 'application/json') expect(inputs(operation, 'body '), name).toBeGreaterThanOrEqual(20);
      else if (operation.body) expect(inputs(operation, 'CSV '), name).toBeGreaterThanOrEqual(7);
      else expect(inputs(operation, 'a '), name).toBe(2);
    }
  });

  it('answers every one in time, on a connection that holds', () => {
    expect(swept.filter(({ outcome }) => outcome.kind !== 'answered').map(problemOf)).toEqual([]);
  });

  it('never answers one with a 5xx', () => {
    expect(swept.filter(({ outcome }) => outcome.kind === 'answered' && outcome.status >= 500).map(problemOf)).toEqual([]);
  });

  it('refuses each malformed one with a 4xx and { error: { code, message } } saying what is wrong', () => {
    expect(swept.map(problemOf).filter((problem) => problem !== undefined)).toEqual([]);
  });

  it('changes nothing: every row of every table is as it was before the sweep', () => {
    expect(after).toEqual(before);
  });

  it('names each refusal by its code: a query or a body where the route takes none, a path it cannot decode, a body not in its Content-Encoding, a blank level, a number not in decimal digits', async () => {
    const token = await t.adminToken();
    const user = `/api/v1/users/${existing.users}`;
    expectError(await t.call('GET', '/api/v1/transfer-rules?org=A1', { token }), 400, 'ERR_VALIDATION');
    expectError(await t.call('POST', `${user}/disable?now=1`, { token }), 400, 'ERR_VALIDATION');
    expectError(await t.call('POST', `${user}/disable`, { token, json: { reason: 'left' } }), 400, 'ERR_VALIDATION');
    expectError(await t.call('POST', `${user}/disable`, { token, raw: 'now', contentType: 'text/plain' }), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE');
    const getWithBody = await rawRequest(t.url, { method: 'GET', target: '/api/v1/orgs', headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"root":"A"}' }, ANSWER_WITHIN_MS);
    expect(getWithBody).toMatchObject({ kind: 'answered', status: 400, text: expect.stringContaining('"code":"ERR_VALIDATION"') });
    expectError(await t.call('GET', '/api/v1/orgs/%E0%A4%A', { token }), 400, 'ERR_VALIDATION');
    expectError(await t.call('POST', '/api/v1/orgs', { token, raw: '{"code":"X"}', headers: { 'content-encoding': 'gzip' } }), 400, 'ERR_VALIDATION');
    expectError(await t.call('GET', '/api/v1/flows?level=', { token }), 400, 'ERR_VALIDATION');
    for (const limit of ['0x10', '1e2', '%205']) expectError(await t.call('GET', `/api/v1/members?org=A1&limit=${limit}`, { token }), 400, 'ERR_VALIDATION');
    expectOk(await t.call('GET', '/api/v1/members?org=A1&limit=16', { token }), 200, MemberListSchema);
    // The empty object clients send with a bare POST is no body: the request goes through to the rules.
    expectError(await t.call('POST', `${user}/enable`, { token, json: {} }), 409, 'ERR_USER_ALREADY_ENABLED');
  });
});
