import { beforeAll, describe, expect, it } from 'vitest';
import { MeetingListSchema, MeetingSchema } from '../../server/schemas/meetings.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { createMember, registeredIssuer } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { ingest, issueCard, KioskSigner, memberWithCard, registerCard, scheduleMeeting } from '../server/support/ingest-world.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * Meetings: a secretary schedules one for their own branch (and no other); anyone within reach sees the
 * attendance of a meeting, with members of other organisations marked as guests, and the members a kiosk
 * showed green whose check-in the server refused.
 */

const world = useConsoleWorld();
let secretaryA1: ConsoleUser;
let organiserA: ConsoleUser;
let secretaryB1: ConsoleUser;
let secretaryA2: ConsoleUser;

beforeAll(async () => {
  secretaryA1 = await createUser(world.t, 'secretary', 'A1');
  organiserA = await createUser(world.t, 'organiser', 'A');
  secretaryB1 = await createUser(world.t, 'secretary', 'B1');
  secretaryA2 = await createUser(world.t, 'secretary', 'A2');
});

describe('the console: meetings', () => {
  it('when a secretary schedules a meeting, then it is for their own branch and appears in the list', async () => {
    const { t } = world;
    const tab = await world.open(secretaryA1);
    await tab.page.getByTestId('nav-meetings').click();
    await tab.page.getByTestId('schedule-meeting').click();
    const form = tab.page.getByTestId('schedule-form');
    // A secretary's reach is one branch: it is chosen already, and it is the only choice.
    const options = await form.locator('select').first().locator('option').allTextContents();
    expect(options).toEqual(['甲镇第一支部 (A1)']);
    await form.locator('select').nth(1).selectOption('lecture');
    await form.getByLabel('会议名称').fill('学习党章专题党课');
    await form.getByLabel('地点').fill('村委会二楼');
    await tab.screenshot('meeting-schedule');
    await form.getByRole('button', { name: '安排' }).click();
    await tab.page.getByTestId('meetings').getByText('学习党章专题党课').waitFor();
    const meetings = expectOk(await t.call('GET', '/api/v1/meetings?org=A1', { token: await t.adminToken() }), 200, MeetingListSchema).meetings;
    expect(meetings.map((meeting) => [meeting.org, meeting.kind, meeting.title, meeting.place])).toContainEqual(['A1', 'lecture', '学习党章专题党课', '村委会二楼']);
  });

  it('when the attendance of a meeting is opened, then home members and guests from elsewhere are told apart', async () => {
    const { t } = world;
    const issuer = await registeredIssuer(t);
    const meeting = await scheduleMeeting(t, 'A1');
    const local = await memberWithCard(t, issuer, 'A1');
    const guest = await memberWithCard(t, issuer, 'B1');
    const kiosk = new KioskSigner(await t.enrollKiosk('A1'));
    await ingest(t, kiosk.kiosk, [await kiosk.checkin(local, meeting), await kiosk.checkin(guest, meeting)]);

    const tab = await world.open(organiserA);
    await tab.page.getByTestId('nav-meetings').click();
    await tab.page.getByTestId('meetings').getByRole('button', { name: '签到名单' }).first().click();
    const attendance = tab.page.getByTestId('attendance');
    await attendance.getByText(local.member.name).waitFor();
    const rows = await attendance.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const shown = rows.map(([who = '', , as = '']) => [who.startsWith(local.member.name) ? 'local' : who.startsWith(guest.member.name) ? 'guest' : who, as]);
    expect(shown).toEqual([
      ['local', '本支部'],
      ['guest', '外来参加'],
    ]);
    await tab.screenshot('meeting-attendance');
  });

  it('when a branch has more meetings in the window than a page holds, then 下一页 shows the rest, and other days start again at the first page', async () => {
    const { t } = world;
    // 53 meetings in the next days: a page of 50, then 3.
    for (let hour = 1; hour <= 53; hour++) await scheduleMeeting(t, 'B1', new Date(Date.now() + hour * 3_600_000));
    const tab = await world.open(secretaryB1);
    await tab.page.getByTestId('nav-meetings').click();
    const rows = tab.page.getByTestId('meetings').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await tab.page.getByTestId('page-number').textContent()).toBe('第 1 页');
    const first = await rows.first().locator('td').first().textContent();

    await tab.page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => rows.count()).toBe(3);
    expect(await tab.page.getByTestId('page-number').textContent()).toBe('第 2 页');
    expect(await tab.page.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
    await tab.screenshot('meetings-second-page');

    await tab.page.getByLabel('开始日期').fill(new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10));
    await expect.poll(() => tab.page.getByTestId('page-number').textContent()).toBe('第 1 页');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await rows.first().locator('td').first().textContent()).toBe(first);
  });

  it('when a kiosk showed members green but the server refused their check-ins, then the meeting says so and its attendance lists them with why and what to do', async () => {
    const { t } = world;
    const HOUR = 3_600_000;
    const schedule = async (title: string, startsAt: number) =>
      expectOk(
        await t.call('POST', '/api/v1/meetings', {
          token: await t.adminToken(),
          json: { org: 'A2', kind: 'general_meeting', title, startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 3 * HOUR).toISOString() },
        }),
        201,
        MeetingSchema,
      ).id;
    const now = Date.now();
    const held = await schedule('上月党员大会', now - 30 * HOUR);
    await schedule('无人到会的党员大会', now - 28 * HOUR);
    const today = await schedule('本月党员大会', now - HOUR);
    const issuer = await registeredIssuer(t);
    // Issued before yesterday's meeting: a card does not prove presence before it was made.
    const counted = await issueCard(issuer, await createMember(t, 'A2'), { now: new Date(now - 48 * HOUR) });
    await registerCard(t, counted);
    // Issued at the desk but never registered on the server.
    const unregistered = await issueCard(issuer, await createMember(t, 'A2', { name: '周未登' }));
    // Reported lost after the kiosk last synced its list of cards out of use.
    const lost = await memberWithCard(t, issuer, 'A2');
    expectOk(await t.call('POST', `/api/v1/cards/${lost.csn}/revoke`, { token: await t.adminToken(), json: { reason: 'lost' } }), 200, CardSchema);
    const kiosk = new KioskSigner(await t.enrollKiosk('A2', '二支部会议室'));
    const tapped = new Date(now + 1000).toISOString();
    await ingest(t, kiosk.kiosk, [
      await kiosk.checkin(counted, held, { at: new Date(now - 29 * HOUR).toISOString() }),
      await kiosk.checkin(counted, today),
      await kiosk.checkin(unregistered, today, { at: tapped }),
      await kiosk.checkin(unregistered, today, { at: tapped }),
      await kiosk.checkin(lost, today, { at: tapped }),
    ]);

    const tab = await world.open(secretaryA2);
    await tab.page.getByTestId('nav-meetings').click();
    const row = (title: string) => tab.page.getByTestId('meetings').locator('tbody tr', { hasText: title });
    // A scheduled meeting held at a kiosk is not "scheduled" any more: its check-ins tell.
    await expect.poll(() => row('上月党员大会').locator('.status').textContent()).toBe('已结束');
    expect(await row('无人到会的党员大会').locator('.status').textContent()).toBe('无人签到');
    expect(await row('本月党员大会').locator('.status').textContent()).toBe('进行中');
    expect(await row('本月党员大会').getByTestId('refused-tag').textContent()).toBe('2 人签到未被接受');
    expect(await row('上月党员大会').getByTestId('refused-tag').count()).toBe(0);

    await row('本月党员大会').getByRole('button', { name: '签到名单' }).click();
    const refused = tab.page.getByTestId('refused-checkins');
    await refused.getByText('有 2 人刷卡时签到机显示成功，但服务器没有接受，这次会议没有记上他们').waitFor();
    const cells = await refused.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(cells).toHaveLength(2);
    const [first, second] = cells;
    expect(first![0]).toContain('周未登');
    expect(first![0]).toContain(unregistered.member.memberNumber);
    expect(first![1]).toContain('刷卡 2 次');
    expect(first![2]).toBe('二支部会议室');
    expect(first![3]).toContain('这张卡没有在系统中登记');
    expect(first![4]).toContain('请组织部门在系统中登记这张卡');
    expect(second![0]).toContain(lost.member.name);
    expect(second![3]).toContain('已经挂失、注销或换卡');
    expect(second![4]).toContain('是不是持卡人本人');
    // The counted member is where they were; nobody refused is among them.
    expect(await tab.page.getByTestId('attendance').locator('tbody tr').count()).toBe(1);
    await tab.screenshot('meeting-refused-checkins');

    await tab.page.getByTestId('switch-language').click();
    await refused.getByText("2 members saw the kiosk accept their card, but the server refused the check-in: this meeting does not count them").waitFor();
    expect(await refused.locator('tbody tr').first().textContent()).toContain('Ask the organisation department to register the card');
    expect(await row('本月党员大会').getByTestId('refused-tag').textContent()).toBe('Check-in refused: 2 members');
    expect(await row('上月党员大会').locator('.status').textContent()).toBe('Closed');
  });

  it('when a secretary closed a meeting at the kiosk before its planned end, then it reads 已结束, and a tap after the close is listed as too late with what to do', async () => {
    const { t } = world;
    const now = Date.now();
    const meeting = expectOk(
      await t.call('POST', '/api/v1/meetings', {
        token: await t.adminToken(),
        json: { org: 'A1', kind: 'lecture', title: '提前结束的党课', startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 7_200_000).toISOString() },
      }),
      201,
      MeetingSchema,
    ).id;
    const issuer = await registeredIssuer(t);
    const [present, late] = [await memberWithCard(t, issuer, 'A1'), await memberWithCard(t, issuer, 'A1')];
    const kiosk = new KioskSigner(await t.enrollKiosk('A1', '一支部会议室'));
    const receipts = await ingest(t, kiosk.kiosk, [
      await kiosk.checkin(present, meeting, { at: new Date(now - 30_000).toISOString() }),
      await kiosk.sign({ type: 'meeting.close', meeting }, { at: new Date(now - 20_000).toISOString() }),
      await kiosk.checkin(late, meeting, { at: new Date(now - 10_000).toISOString() }),
    ]);
    expect(receipts.map((receipt) => receipt.code ?? receipt.status)).toEqual(['accepted', 'accepted', 'ERR_MEETING_CLOSED']);

    const tab = await world.open(secretaryA1);
    await tab.page.getByTestId('nav-meetings').click();
    const row = tab.page.getByTestId('meetings').locator('tbody tr', { hasText: '提前结束的党课' });
    await expect.poll(() => row.locator('.status').textContent()).toBe('已结束');
    expect(await row.getByTestId('refused-tag').textContent()).toBe('1 人签到未被接受');
    await row.getByRole('button', { name: '签到名单' }).click();
    const refused = tab.page.getByTestId('refused-checkins');
    await refused.locator('tbody tr').first().waitFor();
    const cells = await refused.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(cells).toHaveLength(1);
    expect(cells[0]![0]).toContain(late.member.name);
    expect(cells[0]![3]).toContain('会议已结束后才刷卡');
    expect(cells[0]![4]).toContain('请在会议记录中注明');

    await tab.page.getByTestId('switch-language').click();
    await refused.getByText('The card was tapped after the meeting had been closed at a kiosk.').waitFor();
    expect(await refused.locator('tbody tr').first().textContent()).toContain('record their attendance in the meeting minutes');
    expect(await row.locator('.status').textContent()).toBe('Closed');
  });
});
