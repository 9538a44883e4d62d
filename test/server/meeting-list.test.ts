import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingListSchema, MeetingSchema, type MeetingView } from '../../server/schemas/meetings.ts';
import { OrgSchema } from '../../server/schemas/orgs.ts';
import { expectError, expectOk } from './support/http.ts';
import { TestClock } from './support/test-clock.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/*
 * The meeting list a page at a time. A page over a large part of the tree and one over a small part are read
 * in two ways (by start over the whole list, or organisation by organisation; meetings-sql.ts chooses by the
 * part's share of the organisations): both must give the same rows in the same order. Here the county is the
 * large part and a branch, one organisation in 61, the small one.
 */

const BRANCHES = 60;
const branch = (n: number): string => `Z-${String(n).padStart(2, '0')}`;
const FROM = '2032-03-01T00:00:00.000Z';
const TO = '2032-04-01T00:00:00.000Z';
/** The server's today, near the meetings: a meeting starts at most a year ahead. */
const TODAY = new Date('2032-06-01T00:00:00Z');

describe('the meeting list, a page at a time', () => {
  let t: TestServer;
  let admin: string;
  /** every meeting starting in [FROM, TO), as the list must give them: by start, then id */
  let inWindow: MeetingView[];

  const schedule = async (org: string, startsAt: string, hours = 2): Promise<MeetingView> =>
    expectOk(
      await t.call('POST', '/api/v1/meetings', { token: admin, json: { org, kind: 'group', startsAt, endsAt: new Date(Date.parse(startsAt) + hours * 3_600_000).toISOString() } }),
      201,
      MeetingSchema,
    );

  /** Every page of the list for `query`, `limit` at a time; each page checked to hold no more than that. */
  async function allPages(query: string, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const marker: string = after === null ? '' : `&after=${encodeURIComponent(after)}`;
      const page = expectOk(await t.call('GET', `/api/v1/meetings?${query}&limit=${limit}${marker}`, { token: admin }), 200, MeetingListSchema);
      expect(page.meetings.length).toBeLessThanOrEqual(limit);
      ids.push(...page.meetings.map((meeting) => meeting.id));
      after = page.next;
      pages += 1;
    } while (after !== null && pages < 50);
    return { ids, pages };
  }

  beforeAll(async () => {
    t = await startTestServer({ clock: new TestClock(TODAY) });
    admin = await t.adminToken();
    expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: 'Z', name: '某县委', kind: 'county' } }), 201, OrgSchema);
    for (let n = 1; n <= BRANCHES; n++) {
      expectOk(await t.call('POST', '/api/v1/orgs', { token: admin, json: { code: branch(n), name: `第${n}支部`, kind: 'branch', parent: 'Z' } }), 201, OrgSchema);
    }
    const scheduled: MeetingView[] = [];
    // Two pairs start at the same moment, so the id decides their order and a page may end between them.
    for (const [n, at] of [[1, '2032-03-02T01:00:00Z'], [1, '2032-03-02T01:00:00Z'], [1, '2032-03-09T01:00:00Z'], [1, '2032-03-16T01:00:00Z'], [1, '2032-03-30T01:00:00Z'],
      [2, '2032-03-02T01:00:00Z'], [2, '2032-03-20T06:00:00Z'], [3, '2032-03-05T01:00:00Z'], [3, '2032-03-05T01:00:00Z'], [BRANCHES, '2032-03-31T23:00:00Z']] as const) {
      scheduled.push(await schedule(branch(n), at));
    }
    inWindow = scheduled.sort((a, b) => (a.startsAt === b.startsAt ? (a.id < b.id ? -1 : 1) : a.startsAt < b.startsAt ? -1 : 1));
    // Outside the window: one that ends inside it having begun before, and one starting at its end.
    await schedule(branch(1), '2032-02-29T23:00:00Z', 4);
    await schedule(branch(1), TO);
  });
  afterAll(() => t.close());

  it('when the county is paged three at a time, then every meeting that starts in the window comes once, by start then id, and the last page says there is no next', async () => {
    const { ids, pages } = await allPages(`org=Z&from=${FROM}&to=${TO}`, 3);
    expect(ids).toEqual(inWindow.map((meeting) => meeting.id));
    expect(pages).toBe(Math.ceil(inWindow.length / 3));
  });

  it('when a branch is paged two at a time, then its meetings in the window come the same way', async () => {
    const { ids } = await allPages(`org=${branch(1)}&from=${FROM}&to=${TO}`, 2);
    expect(ids).toEqual(inWindow.filter((meeting) => meeting.org === branch(1)).map((meeting) => meeting.id));
  });

  it('when pages are as long as the list, then one page holds it all and says there is no next', async () => {
    const page = expectOk(await t.call('GET', `/api/v1/meetings?org=Z&from=${FROM}&to=${TO}&limit=${inWindow.length}`, { token: admin }), 200, MeetingListSchema);
    expect(page).toEqual({ meetings: inWindow, next: null });
  });

  it('when no limit is given, then a page holds at most 100', async () => {
    for (let hour = 0; hour < 95; hour++) await schedule(branch(5), new Date(Date.parse('2033-01-01T00:00:00Z') + hour * 3_600_000).toISOString());
    const first = expectOk(await t.call('GET', '/api/v1/meetings?org=Z', { token: admin }), 200, MeetingListSchema);
    expect(first.meetings).toHaveLength(100);
    expect(first.next).not.toBeNull();
  });

  it('when the marker or the limit is not one the list gave, then 400 says what to send', async () => {
    for (const bad of ['yesterday', '2032-03-02T01:00:00Z_not-a-meeting', inWindow[0]!.id]) {
      const refused = await t.call('GET', `/api/v1/meetings?org=Z&after=${encodeURIComponent(bad)}`, { token: admin });
      expectError(refused, 400, 'ERR_VALIDATION');
      expect(refused.text).toContain('after must be the `next` of the previous page');
    }
    for (const limit of ['0', '501', '1e2']) expectError(await t.call('GET', `/api/v1/meetings?org=Z&limit=${limit}`, { token: admin }), 400, 'ERR_VALIDATION');
  });
});
