import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmListSchema, type AlarmView } from '../../server/schemas/alarms.ts';
import { createTree, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { ingest, KioskSigner } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

/*
 * Alarms raised by real ingest: each event sent again at a kiosk's first sequence number with other bytes is a
 * fork alarm. A busy kiosk in A1 raises seven (in two runs, with a quiet A2 kiosk's one between them), a kiosk in
 * B1 two: ten alarms in all, more than one page at the sizes asked for here.
 */
describe('GET /api/v1/alarms: by kiosk, page by page', () => {
  let t: TestServer;
  let busy: KioskSigner;
  let quiet: KioskSigner;
  let other: KioskSigner;
  const page = async (token: string, query: string) => expectOk(await t.call('GET', `/api/v1/alarms?${query}`, { token }), 200, AlarmListSchema);

  /** Every page of `query`, following `next` until the server says there is none. */
  async function allPages(token: string, query: string): Promise<AlarmView[][]> {
    const pages: AlarmView[][] = [];
    let before: number | null | undefined;
    do {
      const answer = await page(token, `${query}${before === undefined ? '' : `&before=${before}`}`);
      pages.push(answer.alarms);
      before = answer.next;
      expect(pages.length, 'more pages than there are alarms').toBeLessThan(20);
    } while (before !== null);
    return pages;
  }

  /** `count` fork alarms at `kiosk`: events at its seq 1, each with other bytes than the one accepted there. */
  async function forks(kiosk: KioskSigner, count: number): Promise<void> {
    if (kiosk.seq === 0) await ingest(t, kiosk.kiosk, [await kiosk.sign({ type: 'card.denied', reason: 'expired' })]);
    const copies = await Promise.all(Array.from({ length: count }, () => kiosk.sign({ type: 'card.denied', reason: 'revoked' }, { seq: 1, advance: false })));
    const receipts = await ingest(t, kiosk.kiosk, copies);
    expect(receipts.map((receipt) => receipt.code)).toEqual(copies.map(() => 'ERR_EVENT_FORK'));
  }

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    busy = new KioskSigner(await t.enrollKiosk('A1', '甲一支部签到机'));
    quiet = new KioskSigner(await t.enrollKiosk('A2', '甲二支部签到机'));
    other = new KioskSigner(await t.enrollKiosk('B1', '乙一支部签到机'));
    await forks(busy, 3);
    await forks(quiet, 1);
    await forks(busy, 4);
    await forks(other, 2);
  });
  afterAll(() => t.close());

  it('when an admin pages through every alarm three at a time, then each comes once, newest first, and the last page has no next', async () => {
    const admin = await t.adminToken();
    const everything = (await page(admin, 'limit=100')).alarms;
    expect(everything).toHaveLength(10);
    const pages = await allPages(admin, 'limit=3');
    expect(pages.map((alarms) => alarms.length)).toEqual([3, 3, 3, 1]);
    expect(pages.flat().map((alarm) => alarm.id)).toEqual(everything.map((alarm) => alarm.id));
    expect(everything.map((alarm) => alarm.id)).toEqual([...everything.map((alarm) => alarm.id)].sort((a, b) => b - a));
    // A page that ends exactly at the last alarm says so itself: no empty page after it.
    expect((await page(admin, 'limit=10')).next).toBeNull();
    expect((await page(admin, 'limit=9')).next).toBe(everything[8]?.id);
  });

  it('when the list is asked for one kiosk, then only its alarms come, page by page, and another kiosk’s stay out', async () => {
    const admin = await t.adminToken();
    const pages = await allPages(admin, `kiosk=${busy.kid}&limit=2`);
    expect(pages.map((alarms) => alarms.length)).toEqual([2, 2, 2, 1]);
    const alarms = pages.flat();
    expect(new Set(alarms.map((alarm) => alarm.kiosk))).toEqual(new Set([busy.kid]));
    expect(alarms.map((alarm) => [alarm.type, alarm.org, alarm.kioskName])).toEqual(Array.from({ length: 7 }, () => ['fork', 'A1', '甲一支部签到机']));
    expect(new Set(alarms.map((alarm) => alarm.id)).size).toBe(7);

    const single = await page(admin, `kiosk=${quiet.kid}`);
    expect(single.alarms.map((alarm) => alarm.kiosk)).toEqual([quiet.kid]);
    expect(single.next).toBeNull();
    expect((await page(admin, `kiosk=${other.kid}&org=A`)).alarms).toEqual([]);
    expect((await page(admin, `kiosk=${other.kid}&type=clone`)).alarms).toEqual([]);
  });

  it('when an organiser or auditor filters by a kiosk, then the reach is the same as without the filter', async () => {
    for (const role of ['organiser', 'auditor'] as const) {
      const ofA = await userToken(t, role, 'A');
      expect((await page(ofA, `kiosk=${busy.kid}`)).alarms).toHaveLength(7);
      // B1's kiosk is outside A's subtree: nothing to show, as its alarms never show in A's list.
      expect(await page(ofA, `kiosk=${other.kid}`)).toEqual({ alarms: [], next: null });
      expectError(await t.call('GET', `/api/v1/alarms?kiosk=${busy.kid}&org=B1`, { token: ofA }), 403, 'ERR_OUT_OF_SCOPE');
    }
    expectError(await t.call('GET', `/api/v1/alarms?kiosk=${busy.kid}`, { token: await userToken(t, 'secretary', 'A1') }), 403, 'ERR_FORBIDDEN');
  });

  it.each(['abc', '0', '-3', '2.5', ''])('when the page marker is %j, then the answer is 400 and says to pass the previous page’s next', async (before) => {
    const response = await t.call('GET', `/api/v1/alarms?before=${before}`, { token: await t.adminToken() });
    expectError(response, 400, 'ERR_VALIDATION');
    expect(response.body).toMatchObject({
      error: { details: { in: 'query', issues: [expect.objectContaining({ path: 'before', message: expect.stringContaining('`next` of the previous page') })] } },
    });
  });

  it('when the kiosk is not a key id, then the answer is 400 and names the kiosk', async () => {
    const response = await t.call('GET', '/api/v1/alarms?kiosk=甲一支部签到机', { token: await t.adminToken() });
    expectError(response, 400, 'ERR_VALIDATION');
    expect(response.body).toMatchObject({ error: { details: { issues: [expect.objectContaining({ path: 'kiosk', message: expect.stringContaining('thumbprint') })] } } });
  });
});
