import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskMarker, KioskListSchema } from '../../server/schemas/kiosks.ts';
import { meetingMarker } from '../../server/schemas/meetings.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import { userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/*
 * The kiosk list a page at a time, by name then kid. A page over a large part of the tree and one over a small
 * part are read in two ways (down the name index keeping the kiosks within reach, or organisation by
 * organisation; kiosks-sql.ts chooses by the part's share of the organisations): both must give the same rows in
 * the same order. Here county K is the large part and one of its branches, one organisation in 63, the small one;
 * county W beside it has an organiser of its own. Several kiosks share a name ("1 号机"), so the kid decides
 * their order and a page may end between them.
 */

const BRANCHES = 60;
const branch = (n: number): string => `K-${String(n).padStart(2, '0')}`;
const ENTRY_FIELDS = ['kid', 'name', 'org', 'enrolledAt', 'disabledAt', 'lastSeenAt', 'clockOffsetSeconds', 'outboxPending', 'outboxReportedAt'];

interface Made {
  kid: string;
  name: string;
  org: string;
}

/** The list's order: names as SQLite compares them (their UTF-8 bytes), then kids. */
const byNameThenKid = (a: Made, b: Made): number => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)) || (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0);

describe('the kiosk list, a page at a time', () => {
  let t: TestServer;
  let admin: string;
  const made: Made[] = [];
  const kidsOf = (kiosks: Made[]): string[] => [...kiosks].sort(byNameThenKid).map((kiosk) => kiosk.kid);

  /** Every page of the list for `query`, `limit` at a time, as `token`; each page checked to hold no more than that. */
  async function allPages(query: string, limit: number, token = admin): Promise<{ kids: string[]; pages: number }> {
    const kids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const marker: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
      const page = expectOk(await t.call('GET', `/api/v1/kiosks?${query}&limit=${limit}${marker}`, { token }), 200, KioskListSchema);
      expect(page.kiosks.length).toBeLessThanOrEqual(limit);
      kids.push(...page.kiosks.map((kiosk) => kiosk.kid));
      after = page.next;
      pages += 1;
    } while (after !== null && pages < 100);
    return { kids, pages };
  }

  async function enroll(org: string, name: string): Promise<Made> {
    const kiosk = { kid: (await t.enrollKiosk(org, name)).kid, name, org };
    made.push(kiosk);
    return kiosk;
  }

  beforeAll(async () => {
    t = await startTestServer();
    admin = await t.adminToken();
    const org = async (code: string, name: string, kind: string, parent?: string): Promise<void> => {
      expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code, name, kind, parent } }), 201, OrgSchema);
    };
    await org('K', '某县委', 'county');
    for (let n = 1; n <= BRANCHES; n++) await org(branch(n), `第${n}支部`, 'branch', 'K');
    await org('W', '另一县委', 'county');
    await org('W-01', '另一县第一支部', 'branch', 'W');
    // Names interleave across branches, so a page of the county mixes them; four kiosks are all called 1 号机.
    for (const [n, name] of [[1, '1 号机'], [2, '1 号机'], [1, '1 号机'], [BRANCHES, '1 号机'], [1, '2 号机'], [2, 'Gate A'], [3, 'gate a'], [1, '甲一支部签到机'], [3, '会议室签到机'], [BRANCHES, '大厅']] as const) {
      await enroll(branch(n), name);
    }
    await enroll('W-01', '1 号机');
    await enroll('W-01', '另一县签到机');
  });
  afterAll(() => t.close());

  const inCounty = (): Made[] => made.filter((kiosk) => kiosk.org.startsWith('K-'));

  it('when the county is paged three at a time, then every kiosk there comes once, by name then kid, and the last page says there is no next', async () => {
    const { kids, pages } = await allPages('org=K', 3);
    expect(kids).toEqual(kidsOf(inCounty()));
    expect(pages).toBe(Math.ceil(inCounty().length / 3));
  });

  it('when a branch is paged two at a time, then its kiosks come the same way, the namesakes by kid', async () => {
    const { kids } = await allPages(`org=${branch(1)}`, 2);
    expect(kids).toEqual(kidsOf(made.filter((kiosk) => kiosk.org === branch(1))));
    expect(made.filter((kiosk) => kiosk.org === branch(1) && kiosk.name === '1 号机')).toHaveLength(2);
  });

  it('when an admin pages everything one at a time, then each kiosk of both counties comes once', async () => {
    const { kids } = await allPages('', 1);
    expect(kids).toEqual(kidsOf(made));
  });

  it('when pages are as long as the list, then one page holds it all with every field a kiosk had before, and says there is no next', async () => {
    const response = await t.call('GET', `/api/v1/kiosks?org=K&limit=${inCounty().length}`, { token: admin });
    const page = expectOk(response, 200, KioskListSchema);
    expect(page.next).toBeNull();
    expect(page.kiosks.map((kiosk) => kiosk.kid)).toEqual(kidsOf(inCounty()));
    for (const entry of (response.body as { kiosks: Record<string, unknown>[] }).kiosks) expect(Object.keys(entry).sort()).toEqual([...ENTRY_FIELDS].sort());
    expect(page.kiosks[0]).toMatchObject({ org: expect.stringMatching(/^K-/), disabledAt: null, lastSeenAt: null, clockOffsetSeconds: null, outboxPending: null, outboxReportedAt: null });
  });

  it('when a search names part of a kiosk name or kid, then only the kiosks matching it come, Latin letters in either case, page by page', async () => {
    const namesakes = made.filter((kiosk) => kiosk.name.includes('号机') && kiosk.org.startsWith('K-'));
    expect((await allPages(`org=K&search=${encodeURIComponent('号机')}`, 2)).kids).toEqual(kidsOf(namesakes));
    expect((await allPages(`org=${branch(1)}&search=${encodeURIComponent('号')}`, 1)).kids).toEqual(kidsOf(namesakes.filter((kiosk) => kiosk.org === branch(1))));
    const gates = made.filter((kiosk) => kiosk.name.toLowerCase() === 'gate a');
    expect((await allPages('search=GATE', 10)).kids).toEqual(kidsOf(gates));
    const hall = made.find((kiosk) => kiosk.name === '大厅')!;
    for (const part of [hall.kid, hall.kid.slice(3, 15), hall.kid.slice(3, 15).toLowerCase()]) {
      expect((await allPages(`search=${encodeURIComponent(part)}`, 10)).kids).toEqual([hall.kid]);
    }
    // What a search holds is looked for as it is: _ is the character in some kids, not a LIKE wildcard, and the rest find nothing.
    expect((await allPages('search=_', 100)).kids).toEqual(kidsOf(made.filter((kiosk) => kiosk.kid.includes('_'))));
    expect(made.filter((kiosk) => kiosk.kid.includes('_')).length).toBeLessThan(made.length);
    for (const nothing of ['%', "' OR 1=1 --", '号机\u0000']) expect((await allPages(`search=${encodeURIComponent(nothing)}`, 10)).kids).toEqual([]);
  });

  it('when an organiser of the other county lists the kiosks, then none of this county’s come, however they ask', async () => {
    const organiser = await userToken(t, 'organiser', 'W');
    const own = made.filter((kiosk) => kiosk.org === 'W-01');
    expect((await allPages('', 1, organiser)).kids).toEqual(kidsOf(own));
    expect((await allPages(`search=${encodeURIComponent('1 号机')}`, 10, organiser)).kids).toEqual(kidsOf(own.filter((kiosk) => kiosk.name === '1 号机')));
    // A marker made from a kiosk of county K only says where to begin: what follows is still the organiser's own.
    const fromK = made.find((kiosk) => kiosk.org === branch(1) && kiosk.name === '1 号机')!;
    const after = expectOk(await t.call('GET', `/api/v1/kiosks?after=${encodeURIComponent(kioskMarker(fromK))}`, { token: organiser }), 200, KioskListSchema);
    expect(after.kiosks.map((kiosk) => kiosk.kid)).toEqual(kidsOf(own).filter((kid) => byNameThenKid(own.find((kiosk) => kiosk.kid === kid)!, fromK) > 0));
    expectError(await t.call('GET', '/api/v1/kiosks?org=K', { token: organiser }), 403, 'ERR_OUT_OF_SCOPE');
    const secretary = await userToken(t, 'secretary', branch(3));
    expect((await allPages('', 2, secretary)).kids).toEqual(kidsOf(made.filter((kiosk) => kiosk.org === branch(3))));
  });

  it('when the marker is not one the list gave, then 400 names `after` and says what to send', async () => {
    const [kiosk] = made as [Made];
    const marker = kioskMarker(kiosk);
    expect(kioskMarker({ name: 'nope', kid: kiosk.kid })).toBe(`bm9wZQ.${kiosk.kid}`);
    const bad = [
      'yesterday',
      kiosk.kid,
      `${marker}=`,
      `.${kiosk.kid}`,
      `${marker}x`,
      meetingMarker({ startsAt: '2030-01-01T00:00:00.000Z', id: '00000000-0000-7000-8000-000000000000' }),
      // "nope" with a bit set that base64url never sets: it decodes, but not back to itself
      `bm9wZR.${kiosk.kid}`,
      // the byte FF, which is no UTF-8
      `_w.${kiosk.kid}`,
    ];
    for (const wrong of bad) {
      const refused = await t.call('GET', `/api/v1/kiosks?after=${encodeURIComponent(wrong)}`, { token: admin });
      expectError(refused, 400, 'ERR_VALIDATION');
      const issues = (refused.body as { error: { details: { issues: { path: string; message: string }[] } } }).error.details.issues;
      expect(issues, wrong).toEqual([expect.objectContaining({ path: 'after', message: 'after must be the `next` of the previous page; leave it out for the first page' })]);
    }
  });

  it('when the limit or the search is out of bounds, then 400; with no limit a page holds at most 100', async () => {
    for (const limit of ['0', '501', '1e2', 'ten']) expectError(await t.call('GET', `/api/v1/kiosks?limit=${limit}`, { token: admin }), 400, 'ERR_VALIDATION');
    for (const search of ['', '   ', 'x'.repeat(101)]) expectError(await t.call('GET', `/api/v1/kiosks?search=${encodeURIComponent(search)}`, { token: admin }), 400, 'ERR_VALIDATION');
    expect(expectOk(await t.call('GET', '/api/v1/kiosks?limit=500', { token: admin }), 200, KioskListSchema).next).toBeNull();

    const more = 100 - made.length + 1;
    for (let n = 0; n < more; n++) await enroll(branch(5), `走廊签到机 ${String(n).padStart(3, '0')}`);
    const first = expectOk(await t.call('GET', '/api/v1/kiosks', { token: admin }), 200, KioskListSchema);
    expect(first.kiosks).toHaveLength(100);
    expect(first.next).not.toBeNull();
    const rest = expectOk(await t.call('GET', `/api/v1/kiosks?after=${encodeURIComponent(first.next!)}`, { token: admin }), 200, KioskListSchema);
    expect([...first.kiosks, ...rest.kiosks].map((kiosk) => kiosk.kid)).toEqual(kidsOf(made));
    expect(rest.next).toBeNull();
  });
});
