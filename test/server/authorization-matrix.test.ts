import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey, type IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { MeetingKindSchema, MeetingSchema } from '../../server/schemas/meetings.ts';
import { ImportReportSchema, MemberSchema } from '../../server/schemas/members.ts';
import { UserSchema } from '../../server/schemas/users.ts';
import { createMember, createTree, credentialFor, meetingTimes, registeredIssuer, USER_PASSWORD, userToken, validIdNumber } from './support/fixtures.ts';
import { errorCode, expectOk, type ApiResponse } from './support/http.ts';
import { ingest, KioskSigner } from './support/ingest-world.ts';
import { outcomeOf, type Expectation, type Outcome } from './support/authorization.ts';
import { ADMIN, startTestServer, type TestServer } from './support/test-server.ts';
import type { Role } from '../../server/schemas/common.ts';

/**
 * Every role × every human route × a target inside / outside the role's reach. Expectations are written
 * out here, independently of the policy table they check.
 * Outcomes: see support/authorization.ts.
 */

const WRITE: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['F', 'F'], auditor: ['F', 'F'] };
const READ: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['A', 'O'], auditor: ['A', 'O'] };
const READ_NO_SECRETARY: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['F', 'F'], auditor: ['A', 'O'] };
const MEETING_WRITE: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['A', 'O'], auditor: ['F', 'F'] };
const ADMIN_ONLY: Expectation = { admin: ['A', 'A'], organiser: ['F', 'F'], secretary: ['F', 'F'], auditor: ['F', 'F'] };
const EVERYONE: Expectation = { admin: ['A', 'A'], organiser: ['A', 'A'], secretary: ['A', 'A'], auditor: ['A', 'A'] };
/** someone else's account: as a write, but secretaries and auditors reach only their own, so anyone else's is out of scope */
const ACCOUNT_WRITE: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['O', 'O'], auditor: ['O', 'O'] };

/** Organisations: users sit at A (organiser, auditor) and A1 (secretary); A1 is inside for all, B1 outside. */
const INSIDE = 'A1';
const OUTSIDE = 'B1';

interface Fixtures {
  t: TestServer;
  issuer: IssuerKeyFile;
  memberIn(org: string): Promise<{ memberNumber: string; name: string; idh: string; idNumber: string }>;
  cardIn(org: string): Promise<{ csn: string; memberNumber: string; name: string; idh: string }>;
  kioskIn(org: string): Promise<string>;
  meetingIn(org: string): Promise<string>;
  /** the log index of an event a kiosk at `org` signed and the server accepted */
  leafIn(org: string): Promise<number>;
  /** a user (auditor) at `org`, created by the admin; disabled first when asked */
  userIn(org: string, disabled?: boolean): Promise<number>;
  /** a meeting kind the admin just added */
  newKind(): Promise<string>;
  /** the password of the user behind a role's token */
  passwordOf(token: string): string;
  /** a session of a new user with the role and organisation of the token's user (the token itself when it is no session) */
  twinOf(token: string): Promise<string>;
}

interface RouteCase {
  route: string;
  expect: Expectation;
  call(f: Fixtures, token: string, org: string): Promise<ApiResponse>;
  /** for routes that report scope per row (CSV import) instead of refusing the request */
  outcome?(response: ApiResponse): Outcome | string;
}

let unique = 0;
const next = (): number => ++unique;

const ROUTES: RouteCase[] = [
  { route: 'POST /orgs', expect: WRITE, call: (f, token, org) => f.t.call('POST', '/api/v1/orgs', { token, json: { code: `N${next()}`, name: '新支部', kind: 'branch', parent: org } }) },
  { route: 'GET /orgs/:code', expect: READ, call: (f, token, org) => f.t.call('GET', `/api/v1/orgs/${org}`, { token }) },
  { route: 'GET /orgs?root', expect: READ, call: (f, token, org) => f.t.call('GET', `/api/v1/orgs?root=${org}`, { token }) },
  { route: 'GET /orgs?root&q', expect: READ, call: (f, token, org) => f.t.call('GET', `/api/v1/orgs?root=${org}&q=${org}`, { token }) },
  { route: 'GET /orgs/:code/children', expect: READ, call: (f, token, org) => f.t.call('GET', `/api/v1/orgs/${org}/children`, { token }) },
  {
    route: 'POST /members',
    expect: WRITE,
    call: (f, token, org) => f.t.call('POST', '/api/v1/members', { token, json: { memberNumber: `X${next()}`, name: '新成员', idNumber: validIdNumber(90_000 + next()), homeOrg: org } }),
  },
  {
    route: 'POST /members/import',
    expect: WRITE,
    call: (f, token, org) =>
      f.t.call('POST', '/api/v1/members/import', { token, raw: `member_number,name,id_number,org\nI${next()},甲,${validIdNumber(95_000 + next())},${org}\n`, contentType: 'text/csv' }),
    outcome(response) {
      if (response.status !== 200) return outcomeOf(response);
      const report = ImportReportSchema.parse(response.body);
      if (report.imported === 1) return 'A';
      return report.errors[0]?.code === 'ERR_OUT_OF_SCOPE' ? 'O' : `row refused: ${JSON.stringify(report.errors)}`;
    },
  },
  { route: 'GET /members/:number', expect: READ, call: async (f, token, org) => f.t.call('GET', `/api/v1/members/${(await f.memberIn(org)).memberNumber}`, { token }) },
  { route: 'GET /members?org', expect: READ, call: (f, token, org) => f.t.call('GET', `/api/v1/members?org=${org}`, { token }) },
  {
    route: 'POST /members/lookup',
    expect: READ,
    call: async (f, token, org) => f.t.call('POST', '/api/v1/members/lookup', { token, json: { idNumber: (await f.memberIn(org)).idNumber } }),
    // A member out of reach is answered as nobody (404), so that the lookup does not tell whether an ID number is a member's.
    outcome: (response) => (response.status === 404 && errorCode(response) === 'ERR_MEMBER_NOT_FOUND' ? 'O' : outcomeOf(response)),
  },
  {
    route: 'POST /members/:number/mobile-periods',
    expect: WRITE,
    call: async (f, token, org) => f.t.call('POST', `/api/v1/members/${(await f.memberIn('A2')).memberNumber}/mobile-periods`, { token, json: { org, from: f.t.today() } }),
  },
  { route: 'POST /users', expect: WRITE, call: (f, token, org) => f.t.call('POST', '/api/v1/users', { token, json: { username: `u${next()}`, password: 'long-enough-pass', role: 'auditor', org } }) },
  { route: 'GET /users?org', expect: READ_NO_SECRETARY, call: (f, token, org) => f.t.call('GET', `/api/v1/users?org=${org}`, { token }) },
  { route: 'POST /issuers', expect: ADMIN_ONLY, call: async (f, token) => f.t.call('POST', '/api/v1/issuers', { token, json: (await generateIssuerKey(`od-${next()}`)).publicJwk }) },
  { route: 'POST /cards', expect: WRITE, call: async (f, token, org) => f.t.call('POST', '/api/v1/cards', { token, json: { credential: (await credentialFor(f.issuer, await f.memberIn(org))).jwt } }) },
  { route: 'GET /cards/:csn', expect: READ, call: async (f, token, org) => f.t.call('GET', `/api/v1/cards/${(await f.cardIn(org)).csn}`, { token }) },
  { route: 'POST /cards/:csn/revoke', expect: WRITE, call: async (f, token, org) => f.t.call('POST', `/api/v1/cards/${(await f.cardIn(org)).csn}/revoke`, { token, json: { reason: 'lost' } }) },
  {
    route: 'POST /cards/:csn/replace',
    expect: WRITE,
    call: async (f, token, org) => {
      const card = await f.cardIn(org);
      return f.t.call('POST', `/api/v1/cards/${card.csn}/replace`, { token, json: { credential: (await credentialFor(f.issuer, card)).jwt } });
    },
  },
  { route: 'POST /kiosks/enrolment-tokens', expect: WRITE, call: (f, token, org) => f.t.call('POST', '/api/v1/kiosks/enrolment-tokens', { token, json: { org } }) },
  { route: 'GET /kiosks?org', expect: READ, call: (f, token, org) => f.t.call('GET', `/api/v1/kiosks?org=${org}`, { token }) },
  { route: 'POST /kiosks/:kid/disable', expect: WRITE, call: async (f, token, org) => f.t.call('POST', `/api/v1/kiosks/${await f.kioskIn(org)}/disable`, { token }) },
  {
    route: 'POST /meetings',
    expect: MEETING_WRITE,
    call: (f, token, org) => f.t.call('POST', '/api/v1/meetings', { token, json: { org, kind: 'group', ...meetingTimes(f.t) } }),
  },
  { route: 'GET /meetings?org', expect: READ, call: (f, token, org) => f.t.call('GET', `/api/v1/meetings?org=${org}`, { token }) },
  { route: 'GET /meetings/:id', expect: READ, call: async (f, token, org) => f.t.call('GET', `/api/v1/meetings/${await f.meetingIn(org)}`, { token }) },
  { route: 'GET /meetings/:id/attendance', expect: READ, call: async (f, token, org) => f.t.call('GET', `/api/v1/meetings/${await f.meetingIn(org)}/attendance`, { token }) },
  {
    route: 'GET /meetings/:id/refused-checkins',
    expect: READ,
    call: async (f, token, org) => f.t.call('GET', `/api/v1/meetings/${await f.meetingIn(org)}/refused-checkins`, { token }),
  },
  { route: 'GET /log/leaf/:index', expect: READ, call: async (f, token, org) => f.t.call('GET', `/api/v1/log/leaf/${await f.leafIn(org)}`, { token }) },
  { route: 'GET /audit?org', expect: READ_NO_SECRETARY, call: (f, token, org) => f.t.call('GET', `/api/v1/audit?org=${org}`, { token }) },
  { route: 'GET /meeting-kinds', expect: EVERYONE, call: (f, token) => f.t.call('GET', '/api/v1/meeting-kinds', { token }) },
  { route: 'GET /auth/me', expect: EVERYONE, call: (f, token) => f.t.call('GET', '/api/v1/auth/me', { token }) },
  {
    route: 'POST /members/:number/status',
    expect: WRITE,
    call: async (f, token, org) =>
      f.t.call('POST', `/api/v1/members/${(await f.memberIn(org)).memberNumber}/status`, { token, json: { status: 'suspended', on: f.t.today(), reason: '审查' } }),
  },
  {
    route: 'POST /members/:number/status/correction',
    expect: ADMIN_ONLY,
    call: async (f, token, org) => {
      // Leaving needs a day after the membership began.
      const { memberNumber } = await createMember(f.t, org, { since: '2020-01-01' });
      const left = { status: 'left', on: f.t.today(), reason: '出国' };
      expectOk(await f.t.call('POST', `/api/v1/members/${memberNumber}/status`, { token: await f.t.adminToken(), json: left }), 200, MemberSchema);
      return f.t.call('POST', `/api/v1/members/${memberNumber}/status/correction`, { token, json: { reason: '登记错了人' } });
    },
  },
  { route: 'POST /users/:id/disable', expect: WRITE, call: async (f, token, org) => f.t.call('POST', `/api/v1/users/${await f.userIn(org)}/disable`, { token }) },
  { route: 'POST /users/:id/enable', expect: WRITE, call: async (f, token, org) => f.t.call('POST', `/api/v1/users/${await f.userIn(org, true)}/enable`, { token }) },
  {
    route: 'POST /users/:id/password',
    expect: WRITE,
    call: async (f, token, org) => f.t.call('POST', `/api/v1/users/${await f.userIn(org)}/password`, { token, json: { newPassword: 'given-in-person-1' } }),
  },
  {
    route: 'POST /users/:id/display-name',
    expect: ACCOUNT_WRITE,
    call: async (f, token, org) => f.t.call('POST', `/api/v1/users/${await f.userIn(org)}/display-name`, { token, json: { displayName: `改名${next()}` } }),
  },
  // One's own name: every role, wherever it sits.
  {
    route: 'POST /users/:id/display-name (own)',
    expect: EVERYONE,
    call: async (f, token) => {
      const me = await f.t.call('GET', '/api/v1/auth/me', { token });
      const id = me.status === 200 ? UserSchema.parse(me.body).id : 1;
      return f.t.call('POST', `/api/v1/users/${id}/display-name`, { token, json: { displayName: `本人${next()}` } });
    },
  },
  { route: 'POST /users/:id/role', expect: ADMIN_ONLY, call: async (f, token, org) => f.t.call('POST', `/api/v1/users/${await f.userIn(org)}/role`, { token, json: { role: 'secretary', org } }) },
  // One's own account: inside and outside do not apply. The change ends every session of the account, so it is
  // made on a new account of the same role, and the sessions the other cases use go on.
  {
    route: 'POST /auth/password',
    expect: EVERYONE,
    call: async (f, token) => {
      const own = await f.twinOf(token);
      return f.t.call('POST', '/api/v1/auth/password', { token: own, json: { currentPassword: f.passwordOf(own), newPassword: 'a-new-long-password' } });
    },
  },
  // One's own session: inside and outside do not apply. Signing out ends the session, so it is done in a session of a
  // new account of the same role, and the sessions the other cases use go on.
  { route: 'POST /auth/renew', expect: EVERYONE, call: (f, token) => f.t.call('POST', '/api/v1/auth/renew', { token }) },
  { route: 'POST /auth/logout', expect: EVERYONE, call: async (f, token) => f.t.call('POST', '/api/v1/auth/logout', { token: await f.twinOf(token) }) },
  { route: 'POST /meeting-kinds', expect: ADMIN_ONLY, call: (f, token) => f.t.call('POST', '/api/v1/meeting-kinds', { token, json: { code: `kind_${next()}`, nameZh: '新类型', nameEn: 'New kind' } }) },
  {
    route: 'POST /meeting-kinds/:code/rename',
    expect: ADMIN_ONLY,
    call: async (f, token) => f.t.call('POST', `/api/v1/meeting-kinds/${await f.newKind()}/rename`, { token, json: { nameEn: 'Renamed kind' } }),
  },
  { route: 'POST /meeting-kinds/:code/retire', expect: ADMIN_ONLY, call: async (f, token) => f.t.call('POST', `/api/v1/meeting-kinds/${await f.newKind()}/retire`, { token }) },
];

describe('authorisation: role × route × inside / outside the role’s reach', () => {
  let f: Fixtures;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    const t = await startTestServer();
    await createTree(t);
    const admin = await t.adminToken();
    const issuer = await registeredIssuer(t);
    tokens.admin = admin;
    tokens.organiser = await userToken(t, 'organiser', 'A');
    tokens.secretary = await userToken(t, 'secretary', 'A1');
    tokens.auditor = await userToken(t, 'auditor', 'A');
    f = {
      t,
      issuer,
      memberIn: (org) => createMember(t, org),
      async cardIn(org) {
        const member = await createMember(t, org);
        const { jwt } = await credentialFor(issuer, member);
        return { ...member, csn: expectOk(await t.call('POST', '/api/v1/cards', { token: admin, json: { credential: jwt } }), 201, CardSchema).csn };
      },
      kioskIn: async (org) => (await t.enrollKiosk(org)).kid,
      async meetingIn(org) {
        const body = { org, kind: 'lecture', ...meetingTimes(t, 60) };
        return expectOk(await t.call('POST', '/api/v1/meetings', { token: admin, json: body }), 201, MeetingSchema).id;
      },
      async leafIn(org) {
        const kiosk = new KioskSigner(await t.enrollKiosk(org));
        const [receipt] = await ingest(t, kiosk.kiosk, [await kiosk.sign({ type: 'card.denied', reason: 'expired' })]);
        if (receipt?.logIndex === undefined) throw new Error(`the event of a kiosk at ${org} was not accepted: ${JSON.stringify(receipt)}`);
        return receipt.logIndex;
      },
      async userIn(org, disabled = false) {
        const body = { username: `target-${next()}`, password: USER_PASSWORD, role: 'auditor', org };
        const { id } = expectOk(await t.call('POST', '/api/v1/users', { token: admin, json: body }), 201, UserSchema);
        if (disabled) expectOk(await t.call('POST', `/api/v1/users/${id}/disable`, { token: admin }), 200, UserSchema);
        return id;
      },
      async newKind() {
        const body = { code: `kind_${next()}`, nameZh: '新类型', nameEn: 'New kind' };
        return expectOk(await t.call('POST', '/api/v1/meeting-kinds', { token: admin, json: body }), 201, MeetingKindSchema).code;
      },
      passwordOf: (token) => (token === admin ? ADMIN.password : USER_PASSWORD),
      async twinOf(token) {
        const me = await t.call('GET', '/api/v1/auth/me', { token });
        if (me.status !== 200) return token;
        const { role, org } = UserSchema.parse(me.body);
        const username = `twin-${next()}`;
        expectOk(await t.call('POST', '/api/v1/users', { token: admin, json: { username, password: USER_PASSWORD, role, ...(org !== null && { org }) } }), 201, UserSchema);
        return t.login(username, USER_PASSWORD);
      },
    };
  });
  afterAll(() => f.t.close());

  const cases = ROUTES.flatMap((route) =>
    (['admin', 'organiser', 'secretary', 'auditor'] as const).flatMap((role) => [
      { route, role, where: 'inside' as const, org: INSIDE, expected: route.expect[role][0] },
      { route, role, where: 'outside' as const, org: OUTSIDE, expected: route.expect[role][1] },
    ]),
  );

  it.each(cases)('$route.route as $role, target $where → $expected', async ({ route, role, org, expected }) => {
    const response = await route.call(f, tokens[role], org);
    expect((route.outcome ?? outcomeOf)(response)).toBe(expected);
  });

  it.each(ROUTES.map((route) => ({ route })))('$route.route without a session → 401 ERR_AUTH_REQUIRED', async ({ route }) => {
    const response = await route.call(f, '', INSIDE);
    expect({ status: response.status, code: errorCode(response) }).toEqual({ status: 401, code: 'ERR_AUTH_REQUIRED' });
  });

  it('limits a secretary to their own organisation, not its parent or children', async () => {
    const parent = await f.t.call('GET', '/api/v1/orgs/A', { token: tokens.secretary });
    expect(outcomeOf(parent)).toBe('O');
    await f.t.call('POST', '/api/v1/orgs', { token: tokens.admin, json: { code: 'A1-CHILD', name: '下级', kind: 'branch', parent: 'A1' } });
    expect(outcomeOf(await f.t.call('GET', '/api/v1/orgs/A1-CHILD', { token: tokens.secretary }))).toBe('O');
    const listed = await f.t.call('GET', '/api/v1/orgs', { token: tokens.secretary });
    expect((listed.body as { orgs: { code: string }[] }).orgs.map((org) => org.code)).toEqual(['A1']);
  });

  it('shows an auditor and an organiser only their subtree in unfiltered lists', async () => {
    for (const role of ['organiser', 'auditor'] as const) {
      const listed = await f.t.call('GET', '/api/v1/orgs', { token: tokens[role] });
      expect((listed.body as { orgs: { code: string }[] }).orgs.map((org) => org.code).filter((code) => !code.startsWith('N'))).toEqual(['A', 'A1', 'A1-CHILD', 'A2']);
    }
  });
});
