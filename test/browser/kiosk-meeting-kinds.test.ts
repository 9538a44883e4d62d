import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ConfigContent } from '../kiosk/support/contract-server.ts';
import { contractContent } from '../kiosk/support/kiosk-harness.ts';
import { issueCards } from '../kiosk/support/world.ts';
import { kioskWorldPerTest, type KioskWorld } from './support/browser-kiosk-world.ts';

/*
 * The ad-hoc meeting screen in Debian's Chromium, driven by the real kiosk core in browser mode: the kinds a
 * secretary may choose come from the server's configuration (here the contract double's), and only without
 * them from the kiosk's own list.
 */

const cards = await issueCards();

/** The kinds a fresh server sends (its seeded table, none retired). */
const SEEDED = [
  { code: 'general_meeting', nameZh: '支部党员大会', nameEn: 'Branch general meeting' },
  { code: 'committee', nameZh: '支部委员会', nameEn: 'Branch committee meeting' },
  { code: 'group', nameZh: '党小组会', nameEn: 'Party group meeting' },
  { code: 'lecture', nameZh: '党课', nameEn: 'Party lecture' },
  { code: 'theme_day', nameZh: '主题党日', nameEn: 'Theme day' },
  { code: 'other', nameZh: '其他', nameEn: 'Other' },
];
const STUDY = { code: 'study_session', nameZh: '专题学习会', nameEn: 'Study session' };

const openWorld = kioskWorldPerTest(cards);
const open = (meetingKinds?: ConfigContent['meetingKinds']): Promise<KioskWorld> => openWorld({ content: { ...contractContent(cards), ...(meetingKinds && { meetingKinds }) } });

/** The secretary's way to the meeting screen: the corner button (no admin PIN set yet), then the menu. */
async function openMeetingScreen(page: Page, names = { corner: '书记管理', menu: '开启会议' }): Promise<void> {
  await page.getByRole('button', { name: names.corner }).click();
  await page.getByRole('button', { name: names.menu }).click();
}

/** The kinds the ad-hoc meeting form offers, as the secretary reads them, once the screen has them. */
async function offeredKinds(page: Page, legend = '会议类型'): Promise<string[]> {
  const buttons = page.getByRole('group', { name: legend }).getByRole('button');
  await buttons.first().waitFor();
  return buttons.allTextContents();
}

describe('kiosk screen: the kinds of an ad-hoc meeting', () => {
  it('when the server adds a kind and retires another, then after a sync the screen offers exactly its kinds and opens a meeting of the new one', async () => {
    const kiosk = await open(SEEDED);
    await kiosk.contract.setConfig({ ...contractContent(cards), meetingKinds: [...SEEDED.filter((kind) => kind.code !== 'theme_day'), STUDY] });
    await kiosk.running.kiosk.syncNow();
    const { page } = kiosk;
    await openMeetingScreen(page);
    expect(await offeredKinds(page)).toEqual(['支部党员大会', '支部委员会', '党小组会', '党课', '其他', '专题学习会']);
    await kiosk.screenshot('open-meeting-server-kinds');

    await page.getByRole('button', { name: '专题学习会' }).click();
    expect(await page.getByLabel('会议名称').inputValue()).toMatch(/^专题学习会（\d+月\d+日）$/);
    await page.getByRole('button', { name: '开始签到' }).click();
    await expect.poll(() => kiosk.running.kiosk.status().mode).toMatchObject({ kind: 'meeting', meeting: { origin: 'ad-hoc', kind: 'study_session' } });
    await kiosk.running.kiosk.syncNow();
    expect(kiosk.contract.eventsOf(kiosk.running.kiosk.kioskId).map((event) => event.payload)).toMatchObject([{ type: 'meeting.open', kind: 'study_session' }]);
  });

  it('when the screen is in English, then the server’s English names, and the Chinese one where it gave none', async () => {
    const kiosk = await open([SEEDED[0]!, { code: 'study_session', nameZh: '专题学习会' }]);
    const { page } = kiosk;
    await page.getByRole('button', { name: 'English' }).click();
    await openMeetingScreen(page, { corner: 'Secretary', menu: 'Open a meeting' });
    expect(await offeredKinds(page, 'Kind of meeting')).toEqual(['Branch general meeting', '专题学习会']);
  });

  it('when a kind is retired while the screen shows it, then choosing it says so, writes nothing, and the kind leaves the screen', async () => {
    const kiosk = await open(SEEDED);
    const { page } = kiosk;
    await openMeetingScreen(page);
    expect(await offeredKinds(page)).toContain('党课');
    await kiosk.contract.setConfig({ ...contractContent(cards), meetingKinds: SEEDED.filter((kind) => kind.code !== 'lecture') });
    await kiosk.running.kiosk.syncNow();

    await page.getByRole('button', { name: '党课' }).click();
    await page.getByRole('button', { name: '开始签到' }).click();
    await expect.poll(() => page.getByTestId('secretary-error').getAttribute('data-code')).toBe('ERR_MEETING_KIND_UNKNOWN');
    expect(await page.getByTestId('secretary-error').textContent()).toContain('请在列表里另选一个会议类型');
    await expect.poll(() => offeredKinds(page)).toEqual(['支部党员大会', '支部委员会', '党小组会', '主题党日', '其他']);
    expect(kiosk.running.kiosk.status()).toMatchObject({ mode: { kind: 'idle' }, queueLength: 0 });
  });

  it('when the server sends no kinds (older than the list), then the screen offers the kinds the kiosk was built with', async () => {
    const { page } = await open();
    await openMeetingScreen(page);
    expect(await offeredKinds(page)).toEqual(['支部党员大会', '支部委员会', '党小组会', '党课', '主题党日', '其他会议']);
  });

  it('when every kind is retired at the server, then the screen says an ad-hoc meeting cannot be opened and whom to ask, instead of the form', async () => {
    const kiosk = await open([]);
    const { page } = kiosk;
    await openMeetingScreen(page);
    await page.getByText('服务器上现在没有可以选的会议类型').waitFor();
    expect(await page.getByRole('group', { name: '会议类型' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '开始签到' }).count()).toBe(0);
    await kiosk.screenshot('open-meeting-no-kinds');
  });
});
