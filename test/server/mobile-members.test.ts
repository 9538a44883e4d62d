import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { AttendanceListSchema, MeetingSchema } from '../../server/schemas/meetings.ts';
import { MemberSchema } from '../../server/schemas/members.ts';
import { MobileListSchema, MobilePeriodSchema, type MobilePeriodView } from '../../server/schemas/mobile-periods.ts';
import { createTree, registeredIssuer } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, type TestCard } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { DAY, memberSince } from './support/transfer-world.ts';

describe('mobile members: register, extend, end early, lapse; guests without voting rights at the host', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  let hostKiosk: KioskSigner;

  const day = (offset: number): string => t.dayOf(new Date(t.clock.now().getTime() + offset * DAY));
  const cardAt = async (org: string): Promise<TestCard> => {
    const card = await issueCard(issuer, await memberSince(t, org, '2020-01-01'));
    await registerCard(t, card);
    return card;
  };
  const register = async (member: string, body: { org: string; from: string; to?: string; reason?: string }) =>
    t.call('POST', `/api/v1/members/${member}/mobile-periods`, { token: await t.adminToken(), json: body });
  const registered = async (member: string, body: { org: string; from: string; to?: string; reason?: string }): Promise<MobilePeriodView> =>
    expectOk(await register(member, body), 201, MobilePeriodSchema);
  const change = async (id: number, action: 'extend' | 'end', json: object) => t.call('POST', `/api/v1/mobile-periods/${id}/${action}`, { token: await t.adminToken(), json });
  const fetchPeriod = async (id: number) => expectOk(await t.call('GET', `/api/v1/mobile-periods/${id}`, { token: await t.adminToken() }), 200, MobilePeriodSchema);

  /** A meeting at `org` happening now on the server's clock, and the check-ins of `cards` at it, tapped now. */
  const meetingWith = async (org: string, cards: TestCard[]) => {
    const now = t.clock.now();
    const body = { org, kind: 'group', startsAt: new Date(now.getTime() - 3600_000).toISOString(), endsAt: new Date(now.getTime() + 3600_000).toISOString() };
    const meeting = expectOk(await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: body }), 201, MeetingSchema).id;
    const events = [];
    for (const card of cards) events.push(await hostKiosk.checkin(card, meeting, { at: now.toISOString() }));
    expect((await ingest(t, hostKiosk.kiosk, events)).map((receipt) => receipt.status)).toEqual(cards.map(() => 'accepted'));
    const list = expectOk(await t.call('GET', `/api/v1/meetings/${meeting}/attendance`, { token: await t.adminToken() }), 200, AttendanceListSchema);
    return new Map(list.attendance.map((entry) => [entry.member, entry]));
  };

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
    hostKiosk = new KioskSigner(await t.enrollKiosk('B1'));
  });
  afterAll(() => t.close());

  it('refuses to register a member recorded as left or deceased, saying how a mistaken record is corrected', async () => {
    for (const status of ['left', 'deceased'] as const) {
      const card = await cardAt('A1');
      const number = card.member.memberNumber;
      expectOk(await t.call('POST', `/api/v1/members/${number}/status`, { token: await t.adminToken(), json: { status, on: day(-1), reason: '测试' } }), 200, MemberSchema);
      const refused = await register(number, { org: 'B1', from: day(0), to: day(30) });
      expectError(refused, 409, 'ERR_MEMBER_STATUS_FINAL');
      expect(refused.text).toContain('status/correction');
      const listed = expectOk(await t.call('GET', `/api/v1/mobile-periods?member=${number}`, { token: await t.adminToken() }), 200, MobileListSchema);
      expect(listed.periods).toEqual([]);
    }
  });

  it('registers a member of A1 as mobile at B1 with a reason; the home organisation stays A1', async () => {
    const card = await cardAt('A1');
    const period = await registered(card.member.memberNumber, { org: 'B1', from: day(-10), to: day(20), reason: '外出务工' });
    expect(period).toMatchObject({ member: card.member.memberNumber, org: 'B1', homeOrg: 'A1', from: day(-10), to: day(20), reason: '外出务工', status: 'active', endedEarly: false });
    const listed = expectOk(await t.call('GET', `/api/v1/mobile-periods?org=B1&status=active`, { token: await t.adminToken() }), 200, MobileListSchema);
    expect(listed.periods.map((entry) => entry.id)).toContain(period.id);
    const fromHome = expectOk(await t.call('GET', `/api/v1/mobile-periods?org=A1`, { token: await t.adminToken() }), 200, MobileListSchema);
    expect(fromHome.periods.map((entry) => entry.id)).toContain(period.id);
  });

  it('marks a registered mobile member’s check-in at the host as a guest without voting rights; a home member votes; an unregistered outsider is a visitor', async () => {
    const mobile = await cardAt('A1');
    const home = await cardAt('B1');
    const visitor = await cardAt('A2');
    await registered(mobile.member.memberNumber, { org: 'B1', from: day(-1), to: day(30), reason: '驻村' });
    const seen = await meetingWith('B1', [mobile, home, visitor]);
    expect(seen.get(mobile.member.memberNumber)).toMatchObject({ attendedAs: 'mobile', crossOrg: true, homeOrg: 'A1', hostOrg: 'B1', guest: true, votingRights: false });
    expect(seen.get(home.member.memberNumber)).toMatchObject({ attendedAs: 'home', crossOrg: false, guest: false, votingRights: true });
    expect(seen.get(visitor.member.memberNumber)).toMatchObject({ attendedAs: 'visitor', crossOrg: true, homeOrg: 'A2', guest: true, votingRights: false });
  });

  it('extends a running registration to a later end, refusing an earlier one and an overlap with the member’s next registration', async () => {
    const card = await cardAt('A1');
    const period = await registered(card.member.memberNumber, { org: 'B1', from: day(-5), to: day(5) });
    const next = await registered(card.member.memberNumber, { org: 'A2', from: day(40), to: day(60) });
    expectError(await change(period.id, 'extend', { to: day(3) }), 422, 'ERR_PERIOD_INVALID');
    expectError(await change(period.id, 'extend', { to: day(45) }), 409, 'ERR_PERIOD_OVERLAPS');
    const extended = expectOk(await change(period.id, 'extend', { to: day(40) }), 200, MobilePeriodSchema);
    expect(extended).toMatchObject({ to: day(40), status: 'active' });
    expect((await fetchPeriod(next.id)).status).toBe('scheduled');
  });

  it('ends a registration early, from today by default: the member’s next check-in at the host is a visitor’s', async () => {
    const card = await cardAt('A1');
    const period = await registered(card.member.memberNumber, { org: 'B1', from: day(-5), to: day(25) });
    expectError(await change(period.id, 'end', { on: day(-1) }), 422, 'ERR_PERIOD_INVALID');
    const ended = expectOk(await change(period.id, 'end', {}), 200, MobilePeriodSchema);
    expect(ended).toMatchObject({ to: day(0), status: 'ended', endedEarly: true, endedAt: t.clock.now().toISOString() });
    expectError(await change(period.id, 'extend', { to: day(30) }), 409, 'ERR_MOBILE_PERIOD_CLOSED');
    expect((await meetingWith('B1', [card])).get(card.member.memberNumber)).toMatchObject({ attendedAs: 'visitor', guest: true, votingRights: false });
  });

  it('ends a mobile registration at the receiver when a transfer makes it the member’s home', async () => {
    const card = await cardAt('A1');
    const period = await registered(card.member.memberNumber, { org: 'B1', from: day(-5), to: day(25) });
    const letter = await t.call('POST', '/api/v1/transfers', { token: await t.adminToken(), json: { member: card.member.memberNumber, toOrg: 'B1', reason: '正式转入' } });
    const id = (letter.body as { id: string }).id;
    expect((await t.call('POST', `/api/v1/transfers/${id}/accept`, { token: await t.adminToken() })).status).toBe(200);
    expect(await fetchPeriod(period.id)).toMatchObject({ to: day(0), status: 'ended', endedEarly: true });
    expect((await meetingWith('B1', [card])).get(card.member.memberNumber)).toMatchObject({ attendedAs: 'home', votingRights: true });
  });
  // Last: it moves the clock by days.
  it('lets a registration lapse after its end date without anyone touching it; a lapsed one cannot change', async () => {
    const card = await cardAt('A2');
    const period = await registered(card.member.memberNumber, { org: 'B1', from: day(-3), to: day(2) });
    expect((await meetingWith('B1', [card])).get(card.member.memberNumber)?.attendedAs).toBe('mobile');
    t.clock.advance(2 * DAY);
    expect(await fetchPeriod(period.id)).toMatchObject({ status: 'lapsed', endedEarly: false, endedAt: null });
    expectError(await change(period.id, 'extend', { to: day(30) }), 409, 'ERR_MOBILE_PERIOD_CLOSED');
    expectError(await change(period.id, 'end', {}), 409, 'ERR_MOBILE_PERIOD_CLOSED');
    expect((await meetingWith('B1', [card])).get(card.member.memberNumber)?.attendedAs).toBe('visitor');
    const lapsed = expectOk(await t.call('GET', `/api/v1/mobile-periods?member=${card.member.memberNumber}&status=lapsed`, { token: await t.adminToken() }), 200, MobileListSchema);
    expect(lapsed.periods.map((entry) => entry.id)).toEqual([period.id]);
  });

});
