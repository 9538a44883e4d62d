import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingSchema } from '../../server/schemas/meetings.ts';
import { MemberHistorySchema, OrgHistorySchema } from '../../server/schemas/histories.ts';
import { MobilePeriodSchema } from '../../server/schemas/mobile-periods.ts';
import { createTree, registeredIssuer, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, type TestCard } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { DAY, memberSince } from './support/transfer-world.ts';

/**
 * The fixture, on days counted from BASE (the 1st of a month, 02:00 UTC, some weeks ahead):
 *   m1 home A1 · m2 home A1 · m3 home A2, mobile at A1 from BASE-1d to BASE+90d · m4 home B1
 *   M1 A1 general_meeting BASE+2d   ← m1 (home), m3 (mobile), m4 (visitor)
 *   M2 A1 group           BASE+10d  ← m1, m2 (home)
 *   M4 B1 lecture         BASE+5d   ← m1 (visitor)
 *   M3 A1 group           next month +3d ← m2 (home), m3 (mobile)
 */
describe('auditor histories: a member’s and an organisation’s, paged, filtered, scoped, in CSV', () => {
  let t: TestServer;
  let base: Date;
  let nextMonth: Date;
  const m: Record<'m1' | 'm2' | 'm3' | 'm4', TestCard> = {} as never;
  const meetings: Record<'M1' | 'M2' | 'M3' | 'M4', string> = {} as never;
  const kiosks: Record<string, KioskSigner> = {};

  /** Holds a meeting at `org` at `start` on the server's clock, with the members tapping in 30 minutes later. */
  const hold = async (org: string, kind: string, start: Date, cards: TestCard[]): Promise<string> => {
    t.clock.set(new Date(start.getTime() + 30 * 60_000));
    const body = { org, kind, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString() };
    const id = expectOk(await t.call('POST', '/api/v1/meetings', { token: await t.adminToken(), json: body }), 201, MeetingSchema).id;
    const kiosk = kiosks[org]!;
    const events = [];
    for (const card of cards) events.push(await kiosk.checkin(card, id, { at: t.clock.now().toISOString() }));
    expect((await ingest(t, kiosk.kiosk, events)).map((receipt) => receipt.status)).toEqual(cards.map(() => 'accepted'));
    return id;
  };
  const history = async (token: string, member: TestCard, query = '') => t.call('GET', `/api/v1/members/${member.member.memberNumber}/history${query}`, { token });

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    const issuer = await registeredIssuer(t);
    const now = new Date();
    base = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1, 2));
    nextMonth = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() + 1, 4, 2));
    for (const [key, org] of [['m1', 'A1'], ['m2', 'A1'], ['m3', 'A2'], ['m4', 'B1']] as const) {
      m[key] = await issueCard(issuer, await memberSince(t, org, '2020-01-01', `史${key}`));
      await registerCard(t, m[key]);
    }
    for (const org of ['A1', 'B1']) kiosks[org] = new KioskSigner(await t.enrollKiosk(org));
    const mobile = { org: 'A1', from: t.dayOf(new Date(base.getTime() - DAY)), to: t.dayOf(new Date(base.getTime() + 90 * DAY)), reason: '驻点帮扶' };
    expectOk(await t.call('POST', `/api/v1/members/${m.m3.member.memberNumber}/mobile-periods`, { token: await t.adminToken(), json: mobile }), 201, MobilePeriodSchema);
    meetings.M1 = await hold('A1', 'general_meeting', new Date(base.getTime() + 2 * DAY), [m.m1, m.m3, m.m4]);
    meetings.M4 = await hold('B1', 'lecture', new Date(base.getTime() + 5 * DAY), [m.m1]);
    meetings.M2 = await hold('A1', 'group', new Date(base.getTime() + 10 * DAY), [m.m1, m.m2]);
    meetings.M3 = await hold('A1', 'group', nextMonth, [m.m2, m.m3]);
    t.clock.set(new Date(nextMonth.getTime() + 10 * DAY));
  });
  afterAll(() => t.close());

  it('gives an organisation’s meetings by month and kind, each meeting’s attendance rate, its members elsewhere and its guests', async () => {
    const a1 = expectOk(await t.call('GET', '/api/v1/orgs/A1/history', { token: await t.adminToken() }), 200, OrgHistorySchema);
    const month1 = base.toISOString().slice(0, 7);
    const month2 = nextMonth.toISOString().slice(0, 7);
    expect(a1.byKindAndMonth).toEqual([
      { month: month1, kind: 'general_meeting', meetings: 1 },
      { month: month1, kind: 'group', meetings: 1 },
      { month: month2, kind: 'group', meetings: 1 },
    ]);
    expect(a1.meetings.map(({ meeting, attended, expected, rate, guests }) => ({ meeting, attended, expected, rate, guests }))).toEqual([
      { meeting: meetings.M1, attended: 1, expected: 2, rate: 0.5, guests: 2 },
      { meeting: meetings.M2, attended: 2, expected: 2, rate: 1, guests: 0 },
      { meeting: meetings.M3, attended: 1, expected: 2, rate: 0.5, guests: 1 },
    ]);
    expect(a1.elsewhere).toEqual([{ member: m.m1.member.memberNumber, name: m.m1.member.name, hostOrg: 'B1', hostOrgName: '乙镇第一支部', count: 1 }]);
    expect(a1.guests).toEqual(
      [
        { member: m.m3.member.memberNumber, name: m.m3.member.name, homeOrg: 'A2', homeOrgName: '甲镇第二支部', count: 2, asMobile: 2 },
        { member: m.m4.member.memberNumber, name: m.m4.member.name, homeOrg: 'B1', homeOrgName: '乙镇第一支部', count: 1, asMobile: 0 },
      ].sort((x, y) => x.member.localeCompare(y.member)),
    );
  });

  it('counts a mobile member’s meetings at the host for both sides: the host’s guests and the home’s members elsewhere', async () => {
    const a2 = expectOk(await t.call('GET', '/api/v1/orgs/A2/history', { token: await t.adminToken() }), 200, OrgHistorySchema);
    expect(a2.elsewhere).toEqual([{ member: m.m3.member.memberNumber, name: m.m3.member.name, hostOrg: 'A1', hostOrgName: '甲镇第一支部', count: 2 }]);
    const a1 = expectOk(await t.call('GET', '/api/v1/orgs/A1/history', { token: await t.adminToken() }), 200, OrgHistorySchema);
    expect(a1.guests.find((guest) => guest.member === m.m3.member.memberNumber)).toMatchObject({ count: 2, asMobile: 2 });
  });

  it('limits an organisation’s history to the window, and refuses a reversed one', async () => {
    const month2 = t.dayOf(new Date(Date.UTC(nextMonth.getUTCFullYear(), nextMonth.getUTCMonth(), 1)));
    const later = expectOk(await t.call('GET', `/api/v1/orgs/A1/history?from=${month2}`, { token: await t.adminToken() }), 200, OrgHistorySchema);
    expect(later.meetings.map((meeting) => meeting.meeting)).toEqual([meetings.M3]);
    expect(later.elsewhere).toEqual([]);
    const firstDay = t.dayOf(new Date(base.getTime() + 2 * DAY));
    const oneDay = expectOk(await t.call('GET', `/api/v1/orgs/A1/history?from=${firstDay}&to=${firstDay}`, { token: await t.adminToken() }), 200, OrgHistorySchema);
    expect(oneDay.meetings.map((meeting) => meeting.meeting)).toEqual([meetings.M1]);
    expectError(await t.call('GET', `/api/v1/orgs/A1/history?from=${month2}&to=${firstDay}`, { token: await t.adminToken() }), 400, 'ERR_WINDOW_INVALID');
  });

  it('gives a member’s periods, mobile registrations and meetings attended with their evidence, newest first, page by page', async () => {
    const admin = await t.adminToken();
    const first = expectOk(await history(admin, m.m3, '?limit=1'), 200, MemberHistorySchema);
    expect(first.periods).toEqual([{ org: 'A2', orgName: '甲镇第二支部', kind: 'home', from: '2020-01-01', to: null }]);
    expect(first.mobile.map((period) => [period.org, period.status, period.reason])).toEqual([['A1', 'active', '驻点帮扶']]);
    expect(first.total).toBe(2);
    expect(first.attendance).toEqual([
      expect.objectContaining({ meeting: meetings.M3, kind: 'group', hostOrg: 'A1', homeOrg: 'A2', attendedAs: 'mobile', guest: true, votingRights: false }),
    ]);
    expect(first.attendance[0]!.evidence).toEqual({ eventId: expect.any(String), kiosk: kiosks.A1!.kid, logIndex: expect.any(Number) });
    const second = expectOk(await history(admin, m.m3, `?limit=1&cursor=${first.next}`), 200, MemberHistorySchema);
    expect(second.attendance.map((entry) => entry.meeting)).toEqual([meetings.M1]);
    expect(second.next).toBeNull();
    expectError(await history(admin, m.m3, '?cursor=bm90LWEtY3Vyc29y'), 400, 'ERR_CURSOR_INVALID');
  });

  it('filters a member’s meetings by kind and by window', async () => {
    const admin = await t.adminToken();
    expect(expectOk(await history(admin, m.m1, '?kind=general_meeting'), 200, MemberHistorySchema).attendance.map((entry) => entry.meeting)).toEqual([meetings.M1]);
    // A mistyped kind is said to be one, not answered with "no meetings".
    expectError(await history(admin, m.m1, '?kind=general_meetings'), 422, 'ERR_MEETING_KIND_UNKNOWN');
    const oneDay = t.dayOf(new Date(base.getTime() + 5 * DAY));
    const window = expectOk(await history(admin, m.m1, `?from=${oneDay}&to=${oneDay}`), 200, MemberHistorySchema);
    expect(window.attendance.map((entry) => [entry.meeting, entry.hostOrg, entry.attendedAs])).toEqual([[meetings.M4, 'B1', 'visitor']]);
    expect(window.total).toBe(1);
  });

  it('shows an auditor and a secretary only what touches their reach, and nothing of a member who never belonged there', async () => {
    const auditorB = await userToken(t, 'auditor', 'B');
    expectError(await history(auditorB, m.m3), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await history(auditorB, m.m1), 403, 'ERR_OUT_OF_SCOPE');
    expectError(await t.call('GET', '/api/v1/orgs/A1/history', { token: auditorB }), 403, 'ERR_OUT_OF_SCOPE');
    const auditorA = await userToken(t, 'auditor', 'A');
    expectError(await history(auditorA, m.m4), 403, 'ERR_OUT_OF_SCOPE');
    // m1's meeting at B1 is theirs (attended while a member of A1), so A's auditor sees it.
    expect(expectOk(await history(auditorA, m.m1), 200, MemberHistorySchema).attendance.map((entry) => entry.meeting)).toEqual([meetings.M2, meetings.M4, meetings.M1]);
    // The secretary of A1 sees m3 as A1's mobile member: the registration and A1's meetings, not the home at A2.
    const secretaryA1 = await userToken(t, 'secretary', 'A1');
    const seen = expectOk(await history(secretaryA1, m.m3), 200, MemberHistorySchema);
    expect(seen.periods).toEqual([]);
    expect(seen.mobile.map((period) => period.org)).toEqual(['A1']);
    expect(seen.attendance.map((entry) => entry.meeting)).toEqual([meetings.M3, meetings.M1]);
    expectError(await t.call('GET', '/api/v1/orgs/A2/history', { token: secretaryA1 }), 403, 'ERR_OUT_OF_SCOPE');
  });

  it('exports both histories as CSV, by format=csv or by Accept: text/csv, with every attendance regardless of paging', async () => {
    const admin = await t.adminToken();
    const member = await history(admin, m.m3, '?format=csv&limit=1');
    expect(member.status).toBe(200);
    expect(member.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(member.headers.get('content-disposition')).toBe(`attachment; filename="member-${m.m3.member.memberNumber}-attendance.csv"`);
    const lines = member.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('member,at,meeting,kind,title,host_org,host_org_name,home_org,attended_as,voting_rights,event_id,kiosk,log_index');
    expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual([meetings.M3, meetings.M1]);
    expect(lines[1]).toContain(',A1,甲镇第一支部,A2,mobile,false,');
    const org = await t.call('GET', '/api/v1/orgs/A1/history', { token: admin, headers: { accept: 'text/csv' } });
    expect(org.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(org.text.trimEnd().split('\r\n').map((line) => line.split(',').slice(5).join(','))).toEqual(['attended,expected,rate,guests', '1,2,0.5,2', '2,2,1,0', '1,2,0.5,1']);
    const guests = await t.call('GET', '/api/v1/orgs/A1/history?format=csv&part=guests', { token: admin });
    expect(guests.text.split('\r\n')[0]).toBe('org,member,name,home_org,home_org_name,meetings,as_mobile');
  });
});
