import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/schemas/common.ts';
import type { FindingView } from '../../server/schemas/findings.ts';
import { outcomeOf, type Expectation } from './support/authorization.ts';
import { errorCode, type ApiResponse } from './support/http.ts';
import { createUser, startFindingsWorld, type FindingsWorld, type WorldUser } from './support/findings-world.ts';

/**
 * Every role × every diagnostics route × a target inside / outside the role's reach, written out
 * independently of the policy table. Users sit at A (organiser, auditor) and A1 (secretary); inside is A1,
 * outside is B1. Acting on a finding needs a live one each time: every branch starts with a six-month
 * finding per member, more than the calls use.
 *   A = allowed, O = refused as out of scope (403 ERR_OUT_OF_SCOPE), F = refused for the role (403 ERR_FORBIDDEN)
 */
const READ: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['A', 'O'], auditor: ['A', 'O'] };
/** those who run an organisation act on its findings; auditors only read */
const ACT: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['A', 'O'], auditor: ['F', 'F'] };
const ORGANISER_WRITE: Expectation = { admin: ['A', 'A'], organiser: ['A', 'O'], secretary: ['F', 'F'], auditor: ['F', 'F'] };

const INSIDE = 'A1';
const OUTSIDE = 'B1';
const MEMBERS_PER_BRANCH = 12;

interface Fixtures {
  w: FindingsWorld;
  /** a live finding of `org` no other call has used */
  unusedFinding(org: string): Promise<FindingView>;
  /** a finding of `org`, to read */
  anyFinding(org: string): Promise<FindingView>;
}

interface RouteCase {
  route: string;
  expect: Expectation;
  call(f: Fixtures, token: string, org: string): Promise<ApiResponse>;
}

const ROUTES: RouteCase[] = [
  { route: 'GET /findings?org', expect: READ, call: (f, token, org) => f.w.t.call('GET', `/api/v1/findings?org=${org}`, { token }) },
  { route: 'GET /findings/summary?org', expect: READ, call: (f, token, org) => f.w.t.call('GET', `/api/v1/findings/summary?org=${org}`, { token }) },
  { route: 'GET /findings/:id', expect: READ, call: async (f, token, org) => f.w.t.call('GET', `/api/v1/findings/${(await f.anyFinding(org)).id}`, { token }) },
  {
    route: 'POST /findings/:id/acknowledge',
    expect: ACT,
    call: async (f, token, org) => f.w.t.call('POST', `/api/v1/findings/${(await f.unusedFinding(org)).id}/acknowledge`, { token, json: {} }),
  },
  {
    route: 'POST /findings/:id/resolve',
    expect: ACT,
    call: async (f, token, org) => f.w.t.call('POST', `/api/v1/findings/${(await f.unusedFinding(org)).id}/resolve`, { token, json: { note: '已处理' } }),
  },
  { route: 'GET /diagnostics/thresholds?org', expect: READ, call: (f, token, org) => f.w.t.call('GET', `/api/v1/diagnostics/thresholds?org=${org}`, { token }) },
  {
    route: 'PUT /diagnostics/thresholds',
    expect: ORGANISER_WRITE,
    call: (f, token, org) => f.w.t.call('PUT', '/api/v1/diagnostics/thresholds', { token, json: { org, orgKind: null, family: 'six-month', settings: { warnMonths: 3 } } }),
  },
];

describe('authorisation of diagnostics: role × route × inside / outside the role’s reach', () => {
  let f: Fixtures;
  const users = {} as Record<Exclude<Role, 'admin'>, WorldUser>;
  const tokens = {} as Record<Role, string>;

  beforeAll(async () => {
    const w = await startFindingsWorld({ [INSIDE]: MEMBERS_PER_BRANCH, [OUTSIDE]: MEMBERS_PER_BRANCH });
    users.organiser = await createUser(w.t, 'organiser', 'A');
    users.secretary = await createUser(w.t, 'secretary', 'A1');
    users.auditor = await createUser(w.t, 'auditor', 'A');
    tokens.admin = await w.t.adminToken();
    for (const role of ['organiser', 'secretary', 'auditor'] as const) tokens[role] = await users[role].token();
    const used = new Set<number>();
    f = {
      w,
      async unusedFinding(org) {
        const finding = (await w.sixMonth(org)).find((candidate) => !used.has(candidate.id));
        if (!finding) throw new Error(`no unused finding left at ${org}`);
        used.add(finding.id);
        return finding;
      },
      async anyFinding(org) {
        const [finding] = await w.sixMonth(org);
        if (!finding) throw new Error(`no finding at ${org}`);
        return finding;
      },
    };
  });
  afterAll(async () => f?.w.t.close());

  const cases = ROUTES.flatMap((route) =>
    (['admin', 'organiser', 'secretary', 'auditor'] as const).flatMap((role) => [
      { route, role, where: 'inside' as const, org: INSIDE, expected: route.expect[role][0] },
      { route, role, where: 'outside' as const, org: OUTSIDE, expected: route.expect[role][1] },
    ]),
  );

  it.each(cases)('$route.route as $role, target $where → $expected', async ({ route, role, org, expected }) => {
    expect(outcomeOf(await route.call(f, tokens[role], org))).toBe(expected);
  });

  it.each(ROUTES.map((route) => ({ route })))('$route.route without a session → 401 ERR_AUTH_REQUIRED', async ({ route }) => {
    const response = await route.call(f, '', INSIDE);
    expect({ status: response.status, code: errorCode(response) }).toEqual({ status: 401, code: 'ERR_AUTH_REQUIRED' });
  });
});
