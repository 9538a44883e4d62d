import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { MEETING, issueCards } from '../kiosk/support/world.ts';
import { kioskWorldPerTest, type KioskWorld } from './support/browser-kiosk-world.ts';

/*
 * What members see, on the screens kiosks come with: old 4:3 panels, tablets and portrait totems as well as
 * the 1280 × 800 the secretary's screens are laid out for. The meeting's title is whole in the status bar,
 * the tap instruction is one line, and the screen needs no scrolling.
 */

const cards = await issueCards();
const open = kioskWorldPerTest(cards);

const SCREENS = [
  { width: 800, height: 600 },
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
  { width: 1080, height: 1920 },
];

interface Fit {
  /** pixels of the status bar's meeting title cut off at its end */
  meetingCut: number;
  /** lines the heading takes, when there is one */
  headingLines: number | undefined;
  /** pixels of the member's screen below the window's bottom or hidden in a scroll area */
  overflow: number;
}

function fit(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const meeting = document.querySelector<HTMLElement>('[data-testid="current-meeting"]')!;
    const heading = document.querySelector('h1');
    const main = document.querySelector('main')!;
    const screen = main.firstElementChild!;
    return {
      meetingCut: meeting.scrollWidth - meeting.clientWidth,
      headingLines: heading ? Math.round(heading.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(heading).lineHeight)) : undefined,
      overflow: Math.max(main.scrollHeight - main.clientHeight, screen.scrollHeight - screen.clientHeight, screen.getBoundingClientRect().bottom - window.innerHeight, 0),
    };
  });
}

async function fitOnEveryScreen(kiosk: KioskWorld, what: string): Promise<Record<string, Fit>> {
  const fits: Record<string, Fit> = {};
  for (const { width, height } of SCREENS) {
    await kiosk.page.setViewportSize({ width, height });
    fits[`${width}×${height}`] = await fit(kiosk.page);
    if (width === 800) await kiosk.screenshot(`800x600-${what}`);
  }
  return fits;
}

const everywhere = (expected: Fit): Record<string, Fit> => Object.fromEntries(SCREENS.map(({ width, height }) => [`${width}×${height}`, expected]));

describe('kiosk screen sizes', () => {
  it('when a meeting is open, then on every screen the status bar shows its whole title, 请将党员卡放在读卡区 is one line, and nothing scrolls; in English too', async () => {
    const kiosk = await open();
    await kiosk.running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await expect.poll(() => kiosk.page.getByTestId('waiting').getAttribute('data-state')).toBe('meeting');
    expect(await kiosk.page.getByTestId('current-meeting').textContent()).toBe('会议：第四季度支部党员大会');
    expect(await fitOnEveryScreen(kiosk, 'waiting')).toEqual(everywhere({ meetingCut: 0, headingLines: 1, overflow: 0 }));

    await kiosk.page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => kiosk.page.getByRole('heading').textContent()).not.toBe('请将党员卡放在读卡区');
    const english = await fitOnEveryScreen(kiosk, 'waiting-english');
    for (const [screen, { meetingCut, overflow }] of Object.entries(english)) expect({ screen, meetingCut, overflow }).toEqual({ screen, meetingCut: 0, overflow: 0 });
  });

  it('when a member taps while the server is away, then the answer and the offline banner fit every screen beside the whole meeting title', async () => {
    const kiosk = await open();
    await kiosk.running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await expect.poll(() => kiosk.page.getByTestId('waiting').getAttribute('data-state')).toBe('meeting');
    await kiosk.contract.stop();
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await kiosk.page.getByTestId('offline-banner').waitFor();
    await expect.poll(() => kiosk.page.getByTestId('result').getAttribute('data-kind')).toBe('checked-in');
    expect(await fitOnEveryScreen(kiosk, 'offline-checked-in')).toEqual(everywhere({ meetingCut: 0, headingLines: 1, overflow: 0 }));
  });
});
