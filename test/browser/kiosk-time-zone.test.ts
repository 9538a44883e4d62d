import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contractContent } from '../kiosk/support/kiosk-harness.ts';
import { ORG, issueCards } from '../kiosk/support/world.ts';
import { kioskWorldPerTest } from './support/browser-kiosk-world.ts';

/*
 * A kiosk whose computer was left on UTC, in Debian's Chromium, driven by the real kiosk core in browser mode
 * against the contract double: the times and dates its screens show are the organisation's (the zone the
 * server names in the configuration), not the computer's. Without a zone from the server (one older than the
 * field), the computer's own clock, as before.
 */

const cards = await issueCards();
const open = kioskWorldPerTest(cards);

/** 06:00 UTC is 14:00 in Beijing, the same day. */
const MEETING = { id: '0193a5d2-7c00-7000-8000-0000000000aa', org: ORG, kind: 'lecture', title: '春季党课', startsAt: '2027-03-02T06:00:00Z', endsAt: null, place: '村委会议室' };
/** 16:30 UTC on 31 March is already 1 April in Beijing. */
const LETTER_EXPIRES = '2027-03-31T16:30:00Z';
/** 23:30 UTC on 1 March: 2 March in Beijing. */
const COMPUTER_NOW = new Date('2027-03-01T23:30:00Z');

async function openOnUtcComputer(timeZone: string | undefined): Promise<Page> {
  const content = contractContent(cards);
  const world = await open({
    content: {
      ...content,
      meetings: [MEETING],
      transfers: content.transfers.map((transfer) => ({ ...transfer, expiresAt: LETTER_EXPIRES })),
      ...(timeZone && { timeZone }),
    },
    computerTimeZone: 'UTC',
    computerNow: COMPUTER_NOW,
  });
  return world.page;
}

/** What the secretary reads on the open-meeting screen: the scheduled meeting's line, and the title offered for a lecture. */
async function meetingScreen(page: Page, names = { corner: '书记管理', menu: '开启会议', lecture: '党课', title: '会议名称' }): Promise<{ scheduled: string; title: string }> {
  await page.getByRole('button', { name: names.corner }).click();
  await page.getByRole('button', { name: names.menu }).click();
  const scheduled = (await page.getByRole('button', { name: new RegExp(MEETING.title) }).textContent()) ?? '';
  await page.getByRole('button', { name: names.lecture, exact: true }).click();
  return { scheduled, title: await page.getByLabel(names.title).inputValue() };
}

async function letterLine(page: Page): Promise<string> {
  await page.getByRole('button', { name: '书记管理' }).click();
  await page.getByRole('button', { name: '办理组织关系转入' }).click();
  return (await page.getByRole('button', { name: /陈明/ }).textContent()) ?? '';
}

describe('kiosk screen: times on the organisation’s clock', () => {
  it('when the server names Beijing and the computer is on UTC, then meeting times, the suggested title and letter expiry are Beijing’s', async () => {
    const page = await openOnUtcComputer('Asia/Shanghai');
    expect(await meetingScreen(page)).toEqual({ scheduled: expect.stringContaining('3月2日 14:00') as string, title: '党课（3月2日）' });
    await page.getByRole('button', { name: '← 返回' }).click();
    expect(await letterLine(page)).toContain('介绍信有效期至 2027年4月1日');
  });

  it('when the screen is in English, then the same Beijing times in English', async () => {
    const page = await openOnUtcComputer('Asia/Shanghai');
    await page.getByRole('button', { name: 'English' }).click();
    const seen = await meetingScreen(page, { corner: 'Secretary', menu: 'Open a meeting', lecture: 'Party lecture', title: 'Meeting title' });
    // The title is the organisation's record: Chinese, whatever the screen's language.
    expect(seen).toEqual({ scheduled: expect.stringContaining('2 Mar 14:00') as string, title: '党课（3月2日）' });
  });

  it('when the server names no zone (older than the field), then the computer’s own clock, as before', async () => {
    const page = await openOnUtcComputer(undefined);
    expect(await meetingScreen(page)).toEqual({ scheduled: expect.stringContaining('3月2日 06:00') as string, title: '党课（3月1日）' });
    await page.getByRole('button', { name: '← 返回' }).click();
    expect(await letterLine(page)).toContain('介绍信有效期至 2027年3月31日');
  });
});
