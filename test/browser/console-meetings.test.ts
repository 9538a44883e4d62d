import { beforeAll, describe, expect, it } from 'vitest';
import { MeetingListSchema } from '../../server/schemas/meetings.ts';
import { registeredIssuer } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { ingest, KioskSigner, memberWithCard, scheduleMeeting } from '../server/support/ingest-world.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * Meetings: a secretary schedules one for their own branch (and no other); anyone within reach sees the
 * attendance of a meeting, with members of other organisations marked as guests.
 */

const world = useConsoleWorld();
let secretaryA1: ConsoleUser;
let organiserA: ConsoleUser;
let secretaryB1: ConsoleUser;

beforeAll(async () => {
  secretaryA1 = await createUser(world.t, 'secretary', 'A1');
  organiserA = await createUser(world.t, 'organiser', 'A');
  secretaryB1 = await createUser(world.t, 'secretary', 'B1');
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
});
