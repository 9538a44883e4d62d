import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MobileListSchema, MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import { TransferListSchema } from '../../server/schemas/transfers.ts';
import { UserSchema } from '../../server/schemas/users.ts';
import { createMember, createTree, userToken } from './support/fixtures.ts';
import { errorCode, expectOk, type ApiResponse } from './support/http.ts';
import { outcomeOf, type Expectation } from './support/authorization.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import type { Role } from '../../server/schemas/common.ts';
import { issued } from './support/transfer-world.ts';

/**
 * Every role × every route of issue 5 × a target inside / outside the role's reach, written out
 * independently of the policy table. Users sit at A (organiser, auditor) and A1 (secretary); inside is
 * A1, outside is B1 (and B2 where a letter or registration must have both ends outside A).
 * Outcomes: see support/authorization.ts.
 */

const READ: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['A', 'O'], auditor: ['A', 'O'] };
/** transfers: the sender issues and cancels, the receiver accepts and returns; secretaries for their own organisation */
const TRANSFER_WRITE: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['A', 'O'], auditor: ['F', 'F'] };
const ORGANISER_WRITE: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['F', 'F'], auditor: ['F', 'F'] };
const EVERYONE: Expectation = { admin: ['A', 'A'], organiser: ['A', 'A'], secretary: ['A', 'A'], auditor: ['A', 'A'] };

interface Fixtures {
  t: TestServer;
  admin: string;
  /** a member at home in `org` */
  memberIn(org: string): Promise<string>;
  /** an open letter from `from` to `to` */
  letter(from: string, to: string): Promise<string>;
  /** a registration of a member of `home` at `host` */
  mobile(home: string, host: string): Promise<number>;
  /** a user (auditor) at `org` */
  userIn(org: string): Promise<number>;
}

interface RouteCase {
  route: string;
  expect: Expectation;
  call(f: Fixtures, token: string, where: 'inside' | 'outside'): Promise<ApiResponse>;
}

const inOut = (where: 'inside' | 'outside', inside: string, outside: string): string => (where === 'inside' ? inside : outside);
const DAY = 86_400_000;
const date = (offsetDays: number): string => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

const ROUTES: RouteCase[] = [
  { route: 'GET /transfer-rules', expect: EVERYONE, call: (f, token) => f.t.call('GET', '/api/v1/transfer-rules', { token }) },
  {
    route: 'POST /transfers (from the sending organisation)',
    expect: TRANSFER_WRITE,
    call: async (f, token, where) =>
      f.t.call('POST', '/api/v1/transfers', { token, json: { member: await f.memberIn(inOut(where, 'A1', 'B1')), toOrg: inOut(where, 'B1', 'A1'), reason: '调动' } }),
  },
  { route: 'GET /transfers?org', expect: READ, call: (f, token, where) => f.t.call('GET', `/api/v1/transfers?org=${inOut(where, 'A1', 'B1')}`, { token }) },
  { route: 'GET /transfers/:id', expect: READ, call: async (f, token, where) => f.t.call('GET', `/api/v1/transfers/${await f.letter(inOut(where, 'A1', 'B1'), inOut(where, 'B1', 'B2'))}`, { token }) },
  {
    route: 'GET /transfers/:id/refused-acceptances',
    expect: READ,
    call: async (f, token, where) => f.t.call('GET', `/api/v1/transfers/${await f.letter(inOut(where, 'A1', 'B1'), inOut(where, 'B1', 'B2'))}/refused-acceptances`, { token }),
  },
  {
    route: 'POST /transfers/:id/accept (by the receiving organisation)',
    expect: TRANSFER_WRITE,
    call: async (f, token, where) => f.t.call('POST', `/api/v1/transfers/${await f.letter(inOut(where, 'B1', 'A1'), inOut(where, 'A1', 'B1'))}/accept`, { token }),
  },
  {
    route: 'POST /transfers/:id/return (by the receiving organisation)',
    expect: TRANSFER_WRITE,
    call: async (f, token, where) => f.t.call('POST', `/api/v1/transfers/${await f.letter(inOut(where, 'B1', 'A1'), inOut(where, 'A1', 'B1'))}/return`, { token, json: { reason: '退回' } }),
  },
  {
    route: 'POST /transfers/:id/cancel (by the sending organisation)',
    expect: TRANSFER_WRITE,
    call: async (f, token, where) => f.t.call('POST', `/api/v1/transfers/${await f.letter(inOut(where, 'A1', 'B1'), inOut(where, 'B1', 'A1'))}/cancel`, { token, json: {} }),
  },
  {
    route: 'GET /transfers/:id/letter.html',
    expect: READ,
    call: async (f, token, where) => f.t.call('GET', `/api/v1/transfers/${await f.letter(inOut(where, 'A1', 'B1'), inOut(where, 'B1', 'B2'))}/letter.html`, { token }),
  },
  {
    route: 'GET /transfers/:id/letter.pdf',
    expect: READ,
    call: async (f, token, where) => f.t.call('GET', `/api/v1/transfers/${await f.letter(inOut(where, 'A1', 'B1'), inOut(where, 'B1', 'B2'))}/letter.pdf`, { token }),
  },
  { route: 'GET /mobile-periods?org', expect: READ, call: (f, token, where) => f.t.call('GET', `/api/v1/mobile-periods?org=${inOut(where, 'A1', 'B1')}`, { token }) },
  { route: 'GET /mobile-periods/:id', expect: READ, call: async (f, token, where) => f.t.call('GET', `/api/v1/mobile-periods/${await f.mobile(inOut(where, 'A2', 'B2'), inOut(where, 'A1', 'B1'))}`, { token }) },
  {
    route: 'POST /mobile-periods/:id/extend (the host)',
    expect: ORGANISER_WRITE,
    call: async (f, token, where) => f.t.call('POST', `/api/v1/mobile-periods/${await f.mobile(inOut(where, 'A2', 'B2'), inOut(where, 'A1', 'B1'))}/extend`, { token, json: { to: date(60) } }),
  },
  {
    route: 'POST /mobile-periods/:id/end (the host)',
    expect: ORGANISER_WRITE,
    call: async (f, token, where) => f.t.call('POST', `/api/v1/mobile-periods/${await f.mobile(inOut(where, 'A2', 'B2'), inOut(where, 'A1', 'B1'))}/end`, { token, json: {} }),
  },
  { route: 'GET /members/:number/history', expect: READ, call: async (f, token, where) => f.t.call('GET', `/api/v1/members/${await f.memberIn(inOut(where, 'A1', 'B1'))}/history`, { token }) },
  { route: 'GET /orgs/:code/history', expect: READ, call: (f, token, where) => f.t.call('GET', `/api/v1/orgs/${inOut(where, 'A1', 'B1')}/history`, { token }) },
  { route: 'GET /members/:number/bundle', expect: READ, call: async (f, token, where) => f.t.call('GET', `/api/v1/members/${await f.memberIn(inOut(where, 'A1', 'B1'))}/bundle`, { token }) },
  { route: 'GET /orgs/:code/bundle', expect: READ, call: (f, token, where) => f.t.call('GET', `/api/v1/orgs/${inOut(where, 'A1', 'B1')}/bundle`, { token }) },
  { route: 'GET /flows?root', expect: READ, call: (f, token, where) => f.t.call('GET', `/api/v1/flows?root=${inOut(where, 'A1', 'B1')}`, { token }) },
  {
    route: 'POST /users/:id/member',
    expect: ORGANISER_WRITE,
    call: async (f, token, where) => {
      const org = inOut(where, 'A1', 'B1');
      return f.t.call('POST', `/api/v1/users/${await f.userIn(org)}/member`, { token, json: { member: await f.memberIn(org) } });
    },
  },
];

describe('authorisation of transfers, mobile registrations, histories, bundles and flows: role × route × inside / outside', () => {
  let f: Fixtures;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    const t = await startTestServer();
    await createTree(t);
    const admin = await t.adminToken();
    expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'B2', name: '乙镇第二支部', kind: 'branch', parent: 'B' } }), 201, OrgSchema);
    tokens.admin = admin;
    tokens.organiser = await userToken(t, 'organiser', 'A');
    tokens.secretary = await userToken(t, 'secretary', 'A1');
    tokens.auditor = await userToken(t, 'auditor', 'A');
    let users = 0;
    f = {
      t,
      admin,
      memberIn: async (org) => (await createMember(t, org)).memberNumber,
      letter: async (from, to) => (await issued(t, (await createMember(t, from)).memberNumber, to)).id,
      async mobile(home, host) {
        const member = (await createMember(t, home, { since: date(-1) })).memberNumber;
        const body = { org: host, from: date(-1), to: date(30), reason: '外出' };
        return expectOk(await t.call('POST', `/api/v1/members/${member}/mobile-periods`, { token: admin, json: body }), 201, MobilePeriodSchema).id;
      },
      async userIn(org) {
        users += 1;
        const body = { username: `linked-${org}-${users}`, password: 'a-long-enough-password', role: 'auditor', org };
        return expectOk(await t.call('POST', '/api/v1/users', { token: admin, json: body }), 201, UserSchema).id;
      },
    };
  });
  afterAll(() => f.t.close());

  const cases = ROUTES.flatMap((route) =>
    (['admin', 'organiser', 'secretary', 'auditor'] as const).flatMap((role) => [
      { route, role, where: 'inside' as const, expected: route.expect[role][0] },
      { route, role, where: 'outside' as const, expected: route.expect[role][1] },
    ]),
  );

  it.each(cases)('$route.route as $role, target $where → $expected', async ({ route, role, where, expected }) => {
    expect(outcomeOf(await route.call(f, tokens[role], where))).toBe(expected);
  });

  it.each(ROUTES.map((route) => ({ route })))('$route.route without a session → 401 ERR_AUTH_REQUIRED', async ({ route }) => {
    const response = await route.call(f, '', 'inside');
    expect({ status: response.status, code: errorCode(response) }).toEqual({ status: 401, code: 'ERR_AUTH_REQUIRED' });
  });

  it('a secretary accepts only letters addressed to their own organisation, not one their organisation sent', async () => {
    const sent = await f.letter('A1', 'A2');
    expect(outcomeOf(await f.t.call('POST', `/api/v1/transfers/${sent}/accept`, { token: tokens.secretary }))).toBe('O');
    const received = await f.letter('A2', 'A1');
    expect(outcomeOf(await f.t.call('POST', `/api/v1/transfers/${received}/accept`, { token: tokens.secretary }))).toBe('A');
  });

  it('an auditor of one subtree sees nothing of another in unfiltered lists and in flows', async () => {
    const foreignLetter = await f.letter('B1', 'B2');
    const foreignMobile = await f.mobile('B2', 'B1');
    const letters = expectOk(await f.t.call('GET', '/api/v1/transfers?limit=500', { token: tokens.auditor }), 200, TransferListSchema);
    expect(letters.transfers.map((letter) => letter.id)).not.toContain(foreignLetter);
    expect(letters.transfers.every((letter) => [letter.fromOrg, letter.toOrg].some((org) => ['A', 'A1', 'A2'].includes(org)))).toBe(true);
    const periods = expectOk(await f.t.call('GET', '/api/v1/mobile-periods?limit=500', { token: tokens.auditor }), 200, MobileListSchema);
    expect(periods.periods.map((period) => period.id)).not.toContain(foreignMobile);
    const flows = (await f.t.call('GET', '/api/v1/flows?level=2', { token: tokens.auditor })).body as { root: string; orgs: { code: string }[] };
    expect({ root: flows.root, orgs: flows.orgs.map((org) => org.code) }).toEqual({ root: 'A', orgs: ['A', 'A1', 'A2'] });
  });
});
