import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { AlarmListSchema, type AlarmView } from '../../server/schemas/alarms.ts';
import { MeetingListSchema } from '../../server/schemas/meetings.ts';
import { MemberSchema } from '../../server/schemas/members.ts';
import { createMember, registeredIssuer } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { ingest, KioskSigner, memberWithCard, scheduleMeeting, type TestCard } from '../server/support/ingest-world.ts';
import { memberWithOldCard } from './support/console-history-world.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * The organisation is in Beijing (Asia/Shanghai); an auditor opens the console on a laptop set to New York.
 * Every time on screen is still Beijing time, a time typed into a form is Beijing time, "today" is Beijing's
 * today, and a line under the top bar says so. On a computer in Beijing the line is not there and nothing
 * changes. Expected texts are written here with Beijing's fixed +08:00, not with the console's code.
 */

const world = useConsoleWorld({ timeZone: 'Asia/Shanghai' });
const NEW_YORK = { timeZone: 'America/New_York' };
const BEIJING = { timeZone: 'Asia/Shanghai' };
const HOUR_MS = 3_600_000;

/** '2026-03-02 14:05': an instant as a clock in Beijing reads it (China keeps +08:00 all year). */
const beijing = (instant: string | Date): string => new Date(new Date(instant).getTime() + 8 * HOUR_MS).toISOString().slice(0, 16).replace('T', ' ');

/** The times in the first column of a member's participation history. */
const attendanceTimes = (page: Page): Promise<string[]> => page.getByTestId('history-row').locator('td:first-child').allTextContents();

let organiser: ConsoleUser;
let secretary: ConsoleUser;
let attendee: TestCard;
let meetingStart: Date;
let checkedInAt: string;
let clone: AlarmView;

beforeAll(async () => {
  const { t } = world;
  organiser = await createUser(t, 'organiser', 'A');
  secretary = await createUser(t, 'secretary', 'A1');
  const issuer = await registeredIssuer(t);
  // Its card was issued long ago, so a tap an hour ago is within the credential's validity.
  attendee = await memberWithOldCard(t, issuer, 'A1', '时区测试');
  const card = await memberWithCard(t, issuer, 'A1');
  // On the hour, an hour ago: in New York the same meeting reads 13 (or 12) hours earlier, often the day before.
  meetingStart = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS);
  const meeting = await scheduleMeeting(t, 'A1', meetingStart);
  checkedInAt = new Date(meetingStart.getTime() + 5 * 60_000).toISOString();
  // One member checks in; another member's card, then a copy of it (same key, same counter): a clone alarm.
  const copy = ReferenceApplet.load(card.applet.save());
  const kiosk = new KioskSigner(await t.enrollKiosk('A1', '甲一支部签到机'));
  await ingest(t, kiosk.kiosk, [
    await kiosk.checkin(attendee, meeting, { at: checkedInAt }),
    await kiosk.checkin(card, meeting),
    await kiosk.checkin({ ...card, applet: copy, transport: new MemoryTransport(copy) }, await scheduleMeeting(t, 'A1')),
  ]);
  const alarms = expectOk(await t.call('GET', '/api/v1/alarms?type=clone', { token: await t.adminToken() }), 200, AlarmListSchema).alarms;
  [clone] = alarms as [AlarmView];
});

describe('the console in the organisation’s time zone', () => {
  it('when the console is opened on a computer set to New York, then a meeting, a member’s attendance and an alarm show Beijing time, and a line says so', async () => {
    const tab = await world.open(organiser, '/console/meetings', NEW_YORK);
    const { page } = tab;
    expect(await page.getByTestId('time-zone-note').textContent()).toBe('时间均为北京时间（Asia/Shanghai），不是这台电脑设置的时区');
    await expect.poll(() => page.getByTestId('meetings').textContent()).toContain(beijing(meetingStart));

    await page.goto(`${world.t.url}/console/members/${attendee.member.memberNumber}`);
    await expect.poll(() => attendanceTimes(page)).toContain(beijing(checkedInAt));

    await page.goto(`${world.t.url}/console/alarms/${clone.id}`);
    await expect.poll(() => page.getByTestId(`alarm-${clone.id}`).textContent()).toContain(`${beijing(clone.at)} 发现`);
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('time-zone-note').textContent()).toBe("Times are in Asia/Shanghai, the organisation's time zone, not this computer's");
    await tab.screenshot('time-zone-note');
  });

  it('when a meeting is scheduled at 14:00 on a computer set to New York, then it is stored as 14:00 Beijing time (06:00 UTC)', async () => {
    const { t } = world;
    const tab = await world.open(secretary, '/console/meetings', NEW_YORK);
    const { page } = tab;
    const day = new Date(Date.now() + 7 * 24 * HOUR_MS).toISOString().slice(0, 10);
    await page.getByTestId('schedule-meeting').click();
    const form = page.getByTestId('schedule-form');
    await form.locator('select').nth(1).selectOption('lecture');
    await form.getByLabel('会议名称').fill('跨时区安排的党课');
    await form.getByLabel('开始时间').fill(`${day}T14:00`);
    await form.getByLabel('结束时间').fill(`${day}T16:00`);
    await form.getByRole('button', { name: '安排' }).click();
    await page.getByTestId('meetings').getByText('跨时区安排的党课').waitFor();
    const meetings = expectOk(await t.call('GET', '/api/v1/meetings?org=A1', { token: await t.adminToken() }), 200, MeetingListSchema).meetings;
    const scheduled = meetings.find((meeting) => meeting.title === '跨时区安排的党课');
    expect([scheduled?.startsAt, scheduled?.endsAt]).toEqual([`${day}T06:00:00.000Z`, `${day}T08:00:00.000Z`]);
    expect(await page.getByTestId('meetings').locator('tr', { hasText: '跨时区安排的党课' }).textContent()).toContain(`${day} 14:00`);
  });

  it('when a member’s status is changed at 23:30 UTC (07:30 in Beijing, the evening before in New York), then the day offered and recorded is Beijing’s today', async () => {
    const { t } = world;
    // 23:30 UTC, the latest one already past: Beijing has begun the next day, New York has not.
    const now = new Date();
    now.setUTCHours(23, 30, 0, 0);
    if (now.getTime() > Date.now()) now.setUTCDate(now.getUTCDate() - 1);
    const beijingToday = beijing(now).slice(0, 10);
    expect(beijingToday).not.toBe(now.toISOString().slice(0, 10));
    const member = await createMember(t, 'A1', { since: '2024-01-01' });
    const realNow = t.clock.now();
    t.clock.set(now);
    try {
      const tab = await world.open(organiser, `/console/members/${member.memberNumber}`, { ...NEW_YORK, now });
      const { page } = tab;
      await page.getByTestId('member-change-status').click();
      const dialog = page.getByTestId('change-status-dialog');
      expect(await dialog.getByTestId('status-day').inputValue()).toBe(beijingToday);
      await dialog.getByTestId('status-reason').fill('受留党察看处分期间');
      await dialog.getByTestId('confirm-status-change').click();
      await expect.poll(() => page.getByTestId('member-status').textContent()).toBe('停止党籍');
      const stored = expectOk(await t.call('GET', `/api/v1/members/${member.memberNumber}`, { token: await t.adminToken() }), 200, MemberSchema);
      expect([stored.status, stored.statusSince]).toEqual(['suspended', beijingToday]);
    } finally {
      t.clock.set(realNow);
    }
  });

  it('when the console is opened on a computer in Beijing, then there is no line about the zone and the times are the same', async () => {
    const tab = await world.open(organiser, '/console/meetings', BEIJING);
    const { page } = tab;
    await expect.poll(() => page.getByTestId('meetings').textContent()).toContain(beijing(meetingStart));
    expect(await page.getByTestId('time-zone-note').count()).toBe(0);
    await page.goto(`${world.t.url}/console/members/${attendee.member.memberNumber}`);
    await expect.poll(() => attendanceTimes(page)).toContain(beijing(checkedInAt));
    expect(await page.getByTestId('time-zone-note').count()).toBe(0);
  });
});
