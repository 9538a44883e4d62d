import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemberListSchema, MemberSchema } from '../../server/schemas/members.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import { createMember } from './support/fixtures.ts';
import { expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/*
 * The member list a page at a time, over a large part of the tree (the county: read by member number) and a small
 * one (a branch, one organisation in 61: read organisation by organisation; store/sqlite/tree-share.ts chooses).
 * Both give the members whose home is there today, by number, each once; a member who left is in neither.
 */

const BRANCHES = 60;
const branch = (n: number): string => `Y-${String(n).padStart(2, '0')}`;

describe('the member list, a page at a time', () => {
  let t: TestServer;
  let admin: string;
  const homes = new Map<string, string>();

  async function allPages(org: string, limit: number): Promise<string[]> {
    const numbers: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const marker: string = after === null ? '' : `&after=${after}`;
      const page = expectOk(await t.call('GET', `/api/v1/members?org=${org}&limit=${limit}${marker}`, { token: admin }), 200, MemberListSchema);
      expect(page.members.length).toBeLessThanOrEqual(limit);
      numbers.push(...page.members.map((member) => member.memberNumber));
      after = page.next;
      if (after === null) break;
    }
    return numbers;
  }

  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'Y', name: '某县委', kind: 'county' } }), 201, OrgSchema);
    for (let n = 1; n <= BRANCHES; n++) {
      expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: branch(n), name: `第${n}支部`, kind: 'branch', parent: 'Y' } }), 201, OrgSchema);
    }
    // Numbers interleave across branches, so a page of the county mixes them.
    for (let i = 0; i < 14; i++) {
      const home = branch([1, 2, 1, 3, BRANCHES, 1, 2][i % 7]!);
      const member = await createMember(t, home, { memberNumber: `YM${String(100 - i * 7).padStart(4, '0')}`, since: '2025-01-01' });
      homes.set(member.memberNumber, home);
    }
    const leaving = await createMember(t, branch(1), { memberNumber: 'YM0050', since: '2025-01-01' });
    expectOk(await t.call('POST', `/api/v1/members/${leaving.memberNumber}/status`, { token: admin, json: { status: 'left', on: t.today(), reason: '迁出' } }), 200, MemberSchema);
  });
  afterAll(() => t.close());

  it('when the county is paged four at a time, then every member at home there comes once, by number, and one who left does not', async () => {
    expect(await allPages('Y', 4)).toEqual([...homes.keys()].sort());
  });

  it('when a branch is paged two at a time, then its members come the same way', async () => {
    expect(await allPages(branch(1), 2)).toEqual([...homes].filter(([, home]) => home === branch(1)).map(([number]) => number).sort());
  });
});
