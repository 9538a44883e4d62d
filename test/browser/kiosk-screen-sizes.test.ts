import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { MEETING, TRANSFER, issueCards } from '../kiosk/support/world.ts';
import { kioskWorldPerTest, type KioskWorld } from './support/browser-kiosk-world.ts';
import { KIOSK_SCREENS, NO_PROBLEM_ANYWHERE, problemsOnEverySize } from './support/kiosk-screens.ts';

/*
 * What members see, on the screens kiosks come with: old 4:3 panels, tablets and portrait totems as well as
 * the 1280 × 800 the secretary's screens are laid out for. The meeting's title is whole in the status bar,
 * the tap instruction is one line, the screen's picture is in full view, and the screen needs no scrolling.
 * Every waiting screen (the tap screen, each step of a transfer, a reader problem, a meeting closed at another
 * kiosk) shows all it says, online and beside the offline banner, in Chinese and English: nothing cut off at an
 * edge, nothing under the banner.
 */

/** The least a picture may shrink to on a small screen and still be seen from a step away (the answer's icon at its smallest). */
const PICTURE_MIN_PX = 80;

const cards = await issueCards();
const open = kioskWorldPerTest(cards);


interface Fit {
  /** pixels of the status bar's meeting title cut off at its end */
  meetingCut: number;
  /** lines the heading takes, when there is one */
  headingLines: number | undefined;
  /** pixels of the member's screen below the window's bottom or hidden in a scroll area */
  overflow: number;
  /** 'in view' when the picture of the screen in front (the answer's, else the waiting screen's) is whole in the window, large enough and on top; else what is wrong */
  picture: string;
}

function fit(page: Page): Promise<Fit> {
  return page.evaluate((minimum) => {
    const meeting = document.querySelector<HTMLElement>('[data-testid="current-meeting"]')!;
    const heading = document.querySelector('h1');
    const main = document.querySelector('main')!;
    const screen = main.firstElementChild!;
    const front = document.querySelector('[data-testid="result"]') ?? screen;
    const svg = front.querySelector('svg');
    const picture = (): string => {
      if (!svg) return 'none';
      const box = svg.getBoundingClientRect();
      const size = `${Math.round(box.width)}×${Math.round(box.height)} at (${Math.round(box.left)}, ${Math.round(box.top)})`;
      if (Math.min(box.width, box.height) < minimum) return `too small: ${size}`;
      if (box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight) return `outside the window: ${size}`;
      const onTop = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return onTop && svg.contains(onTop) ? 'in view' : `covered by ${onTop?.tagName.toLowerCase() ?? 'nothing'}: ${size}`;
    };
    return {
      meetingCut: meeting.scrollWidth - meeting.clientWidth,
      headingLines: heading ? Math.round(heading.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(heading).lineHeight)) : undefined,
      overflow: Math.max(main.scrollHeight - main.clientHeight, screen.scrollHeight - screen.clientHeight, screen.getBoundingClientRect().bottom - window.innerHeight, 0),
      picture: picture(),
    };
  }, PICTURE_MIN_PX);
}

async function fitOnEveryScreen(kiosk: KioskWorld, what: string): Promise<Record<string, Fit>> {
  const fits: Record<string, Fit> = {};
  for (const { width, height } of KIOSK_SCREENS) {
    await kiosk.page.setViewportSize({ width, height });
    fits[`${width}×${height}`] = await fit(kiosk.page);
    if (width === 800) await kiosk.screenshot(`800x600-${what}`);
  }
  return fits;
}

const everywhere = <T>(expected: T): Record<string, T> => Object.fromEntries(KIOSK_SCREENS.map(({ width, height }) => [`${width}×${height}`, expected]));

/** What of the member's waiting screen is cut off at an edge of the window or of its scrolling room, or lies under the offline banner: nothing, when all of it shows. */
function hiddenParts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const main = document.querySelector('main')!;
    const room = main.getBoundingClientRect();
    const bottom = Math.min(room.bottom, window.innerHeight);
    const banner = document.querySelector('[data-testid="offline-banner"]')?.getBoundingClientRect();
    const problems: string[] = [];
    if (main.scrollHeight > main.clientHeight + 1) problems.push(`the screen scrolls ${main.scrollHeight - main.clientHeight} px`);
    for (const part of main.querySelectorAll('h1, p, button, svg')) {
      const box = part.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const name = `${part.tagName.toLowerCase()} "${(part.textContent ?? '').trim().slice(0, 24)}"`;
      if (banner && box.top < banner.bottom - 0.5) problems.push(`${name} is under the offline banner`);
      else if (box.top < room.top - 0.5) problems.push(`${name} is cut off at the top`);
      if (box.bottom > bottom + 0.5) problems.push(`${name} is cut off at the bottom`);
      if (box.left < -0.5 || box.right > window.innerWidth + 0.5) problems.push(`${name} is cut off at a side`);
    }
    return problems;
  });
}

/**
 * The waiting screens a meeting and a transfer go through, each measured everywhere (soft, so one run reports
 * them all): the tap screen, the tap screen with the reader unplugged, and the two steps of a transfer.
 */
async function everyWaitingScreen(kiosk: KioskWorld, connection: 'online' | 'offline'): Promise<void> {
  const { page, running } = kiosk;
  const waiting = page.getByTestId('waiting');
  const measured = async (what: string): Promise<void> => {
    expect.soft(await problemsOnEverySize(kiosk, `800x600-${what}-${connection}`, hiddenParts), what).toEqual(NO_PROBLEM_ANYWHERE);
  };

  await running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
  await expect.poll(() => waiting.getAttribute('data-state')).toBe('meeting');
  await measured('tap');
  kiosk.readers.setStatus({ state: 'no-readers', readers: [] });
  await expect.poll(() => waiting.getAttribute('data-reader-state')).toBe('no-readers');
  await measured('reader-unplugged');
  kiosk.readers.setStatus({ state: 'connected', readers: ['memory'] });
  await expect.poll(() => waiting.getAttribute('data-state')).toBe('meeting');
  await running.kiosk.closeMeeting();

  await running.kiosk.startTransferAcceptance(TRANSFER);
  await expect.poll(() => waiting.getAttribute('data-state')).toBe('transfer-member');
  await measured('transfer-member');
  kiosk.tap(new MemoryTransport(cards.transferee.applet));
  await expect.poll(() => page.getByTestId('result').getAttribute('data-kind')).toBe('transfer-member-ok');
  await page.getByTestId('result').click();
  await expect.poll(() => waiting.getAttribute('data-state')).toBe('transfer-secretary');
  await measured('transfer-secretary');
}

describe('kiosk screen sizes', () => {
  it('when a meeting is open, then on every screen the status bar shows its whole title, 请将党员卡放在读卡区 is one line, the card picture is in view, and nothing scrolls; in English too', async () => {
    const kiosk = await open();
    await kiosk.running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await expect.poll(() => kiosk.page.getByTestId('waiting').getAttribute('data-state')).toBe('meeting');
    expect(await kiosk.page.getByTestId('current-meeting').textContent()).toBe('会议：第四季度支部党员大会');
    expect(await fitOnEveryScreen(kiosk, 'waiting')).toEqual(everywhere({ meetingCut: 0, headingLines: 1, overflow: 0, picture: 'in view' }));

    await kiosk.page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => kiosk.page.getByRole('heading').textContent()).not.toBe('请将党员卡放在读卡区');
    const english = await fitOnEveryScreen(kiosk, 'waiting-english');
    // The English instruction may take two lines; everything else holds as in Chinese.
    const englishFit = Object.fromEntries(Object.entries(english).map(([screen, { meetingCut, overflow, picture }]) => [screen, { meetingCut, overflow, picture }]));
    expect(englishFit).toEqual(everywhere({ meetingCut: 0, overflow: 0, picture: 'in view' }));
  });

  it('when the kiosk is online, then the tap screen, a reader problem and both transfer steps show everything they say on every screen in both languages', async () => {
    await everyWaitingScreen(await open(), 'online');
  });

  it('when the kiosk is offline, then the same waiting screens show everything beside the offline banner, none of it under the banner or cut off', async () => {
    const kiosk = await open();
    await kiosk.contract.stop();
    await kiosk.running.kiosk.syncNow();
    await kiosk.page.getByTestId('offline-banner').waitFor();
    await everyWaitingScreen(kiosk, 'offline');
    expect(await kiosk.page.getByTestId('offline-banner').isVisible()).toBe(true);
  });

  it('when another kiosk closed the meeting, then the screen that says so shows everything on every screen in both languages, online and beside the offline banner', async () => {
    const kiosk = await open();
    const { page, running } = kiosk;
    const waiting = page.getByTestId('waiting');
    await running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    kiosk.contract.closeMeeting(MEETING);
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => page.getByTestId('result').getAttribute('data-kind')).toBe('checked-in');
    await page.getByTestId('result').click();
    await running.kiosk.syncNow();
    await expect.poll(() => waiting.getAttribute('data-state')).toBe('closed-elsewhere');
    expect.soft(await problemsOnEverySize(kiosk, '800x600-closed-elsewhere-online', hiddenParts), 'online').toEqual(NO_PROBLEM_ANYWHERE);

    await kiosk.contract.stop();
    await running.kiosk.syncNow();
    await page.getByTestId('offline-banner').waitFor();
    expect.soft(await problemsOnEverySize(kiosk, '800x600-closed-elsewhere-offline', hiddenParts), 'offline').toEqual(NO_PROBLEM_ANYWHERE);
    expect(await waiting.getAttribute('data-state')).toBe('closed-elsewhere');
  });

  it('when a member taps while the server is away, then the answer and the offline banner fit every screen beside the whole meeting title', async () => {
    const kiosk = await open();
    await kiosk.running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await expect.poll(() => kiosk.page.getByTestId('waiting').getAttribute('data-state')).toBe('meeting');
    await kiosk.contract.stop();
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await kiosk.page.getByTestId('offline-banner').waitFor();
    await expect.poll(() => kiosk.page.getByTestId('result').getAttribute('data-kind')).toBe('checked-in');
    expect(await fitOnEveryScreen(kiosk, 'offline-checked-in')).toEqual(everywhere({ meetingCut: 0, headingLines: 1, overflow: 0, picture: 'in view' }));
  });
});
