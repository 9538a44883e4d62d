import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskListSchema } from '../../server/schemas/kiosks.ts';
import { MeetingListSchema, MeetingSchema } from '../../server/schemas/meetings.ts';
import { MemberListSchema } from '../../server/schemas/members.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import type { Role } from '../../server/schemas/common.ts';
import { outcomeOf, type Outcome } from './support/authorization.ts';
import { createMember, createTree, meetingTimes, userToken, validIdNumber } from './support/fixtures.ts';
import { expectOk, type ApiResponse } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/**
 * How far each role reaches when a list is asked for without `org`, and where an organiser may act. Besides
 * the usual tree (support/fixtures.ts TREE) there are
 *   A1G (branch under A1): a grandchild of A;
 *   SIB (committee under CTY): a sibling of A whose path begins with A's path digits (A = /1/2/, SIB = /1/2x/),
 * so a reach checked as a bare prefix of the path would take SIB for part of A's subtree.
 */
const EVERY_ORG = ['CTY', 'A', 'A1', 'A2', 'A1G', 'B', 'B1', 'SIB'];
const REACH: Record<Role, string[]> = {
  admin: EVERY_ORG,
  organiser: ['A', 'A1', 'A2', 'A1G'],
  secretary: ['A1'],
  auditor: ['A', 'A1', 'A2', 'A1G'],
};

describe('authorisation reach: what each role sees and where an organiser may act', () => {
  let t: TestServer;
  /** the code of SIB */
  let sibling = '';
  const code = (label: string): string => (label === 'SIB' ? sibling : label);
  const tokens = {} as Record<Role, string>;
  /** what was made in each organisation, to compare the lists against */
  const made = { members: new Map<string, string>(), kiosks: new Map<string, string>(), meetings: new Map<string, string>() };

  const pathOf = (code: string): string => t.server.store.handles.readable.prepare('SELECT path FROM organisations WHERE code = ?').pluck().get(code) as string;

  /** Creates committees under CTY until one's path starts with A's path without its closing slash; answers its code. */
  async function createPrefixSibling(): Promise<string> {
    const prefix = pathOf('A').slice(0, -1);
    for (let n = 1; n <= 200; n += 1) {
      const candidate = `SIB${n}`;
      expectOk(await t.call('POST', '/api/v1/orgs', { token: tokens.admin, json: { code: candidate, name: `丙镇党委${n}`, kind: 'committee', parent: 'CTY' } }), 201, OrgSchema);
      if (pathOf(candidate).startsWith(prefix)) return candidate;
    }
    throw new Error('no sibling of A got a path that starts with A’s digits');
  }

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    tokens.admin = await t.adminToken();
    expectOk(await t.call('POST', '/api/v1/orgs', { token: tokens.admin, json: { code: 'A1G', name: '甲镇第一支部小组', kind: 'branch', parent: 'A1' } }), 201, OrgSchema);
    sibling = await createPrefixSibling();
    tokens.organiser = await userToken(t, 'organiser', 'A');
    tokens.secretary = await userToken(t, 'secretary', 'A1');
    tokens.auditor = await userToken(t, 'auditor', 'A');
    for (const label of EVERY_ORG) {
      const org = code(label);
      made.members.set((await createMember(t, org)).memberNumber, label);
      made.kiosks.set((await t.enrollKiosk(org)).kid, label);
      const body = { org, kind: 'general_meeting', ...meetingTimes(t, 30, 2) };
      made.meetings.set(expectOk(await t.call('POST', '/api/v1/meetings', { token: tokens.admin, json: body }), 201, MeetingSchema).id, label);
    }
  });
  afterAll(() => t.close());

  it('puts the sibling SIB next to A, with a path that begins with A’s digits', () => {
    expect(pathOf(sibling).startsWith(pathOf('A').slice(0, -1))).toBe(true);
    expect(pathOf(sibling).startsWith(pathOf('A'))).toBe(false);
  });

  /** The ids of a list, each with the organisation (label) it was made in; only what this test made counts. */
  const listed = async (token: string, what: 'members' | 'kiosks' | 'meetings'): Promise<[string, string][]> => {
    const response = await t.call('GET', `/api/v1/${what}${what === 'members' ? '?limit=1000' : ''}`, { token });
    const ids =
      what === 'members'
        ? expectOk(response, 200, MemberListSchema).members.map((member) => member.memberNumber)
        : what === 'kiosks'
          ? expectOk(response, 200, KioskListSchema).kiosks.map((kiosk) => kiosk.kid)
          : expectOk(response, 200, MeetingListSchema).meetings.map((meeting) => meeting.id);
    return ids.flatMap((id): [string, string][] => {
      const org = made[what].get(id);
      return org === undefined ? [] : [[id, org]];
    }).sort();
  };

  const cases = (['members', 'kiosks', 'meetings'] as const).flatMap((what) => (['admin', 'organiser', 'secretary', 'auditor'] as const).map((role) => ({ what, role })));

  it.each(cases)('GET /$what without org, as $role, lists exactly what lies within the role’s reach', async ({ what, role }) => {
    const expected = [...made[what]].filter(([, org]) => REACH[role].includes(org)).sort();
    expect(expected.map(([, org]) => org).sort()).toEqual([...REACH[role]].sort());
    expect(await listed(tokens[role], what)).toEqual(expected);
  });

  let unique = 0;
  const next = (): number => ++unique;
  const ACTIONS: { action: string; call(org: string): Promise<ApiResponse> }[] = [
    { action: 'POST /orgs', call: (org) => t.call('POST', '/api/v1/orgs', { token: tokens.organiser, json: { code: `R${next()}`, name: '新支部', kind: 'branch', parent: org } }) },
    {
      action: 'POST /members',
      call: (org) => t.call('POST', '/api/v1/members', { token: tokens.organiser, json: { memberNumber: `R${next()}`, name: '新党员', idNumber: validIdNumber(120_000 + next()), homeOrg: org } }),
    },
    {
      action: 'POST /meetings',
      call: (org) => t.call('POST', '/api/v1/meetings', { token: tokens.organiser, json: { org, kind: 'group', ...meetingTimes(t, 60) } }),
    },
    { action: 'POST /kiosks/enrolment-tokens', call: (org) => t.call('POST', '/api/v1/kiosks/enrolment-tokens', { token: tokens.organiser, json: { org } }) },
    { action: 'GET /members?org', call: (org) => t.call('GET', `/api/v1/members?org=${org}`, { token: tokens.organiser }) },
    { action: 'GET /audit?org', call: (org) => t.call('GET', `/api/v1/audit?org=${org}`, { token: tokens.organiser }) },
  ];
  const TARGETS: { org: string; where: string; expected: Outcome }[] = [
    { org: 'A', where: 'its own organisation', expected: 'A' },
    { org: 'A1G', where: 'a grandchild', expected: 'A' },
    { org: 'B', where: 'the sibling subtree', expected: 'O' },
    { org: 'B1', where: 'a branch of the sibling subtree', expected: 'O' },
    { org: 'SIB', where: 'a sibling whose path shares A’s digits', expected: 'O' },
    { org: 'CTY', where: 'its parent', expected: 'O' },
  ];

  it.each(ACTIONS.flatMap((action) => TARGETS.map((target) => ({ ...action, ...target }))))(
    'an organiser of A: $action on $where ($org) → $expected',
    async ({ call, org, expected }) => {
      expect(outcomeOf(await call(code(org)))).toBe(expected);
    },
  );
});
