import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../server/support/test-server.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * The top bar on the commonest office laptop screen, 1366 × 768: for every role, in Chinese and in English,
 * it is one row (the page starts where it always does), every item of it can be seen whole, and every page the
 * role has is in it or under "more" (in Chinese they are all in it). At 1024 px, the narrowest the console is
 * built for, still nothing overlaps or is cut off and every page is within reach.
 */

const world = useConsoleWorld();
type Role = 'admin' | 'organiser' | 'secretary' | 'auditor';
const users = {} as Record<Role, ConsoleUser>;

beforeAll(async () => {
  const { t } = world;
  users.admin = ADMIN;
  // Each at the organisation such an account usually has, so the bar names it beside the role.
  users.organiser = await createUser(t, 'organiser', 'CTY');
  users.secretary = await createUser(t, 'secretary', 'A1');
  users.auditor = await createUser(t, 'auditor', 'A');
});

interface BarItem {
  name: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** its text is wider than its box (cut off, or ended with an ellipsis) */
  clipped: boolean;
}

interface BarLayout {
  height: number;
  /** the height of one row, the bar's min-height */
  rowHeight: number;
  top: number;
  /** the width of the window the page is drawn in (without a scroll bar) */
  viewWidth: number;
  items: BarItem[];
}

/** Everything the top bar shows, each with its box as the browser laid it out. */
function measureBar(page: Page): Promise<BarLayout> {
  return page.getByRole('banner').evaluate((bar) => {
    const style = getComputedStyle(bar);
    const box = bar.getBoundingClientRect();
    const clipped = (element: Element): boolean => element.scrollWidth > element.clientWidth + 1;
    const shown = [...bar.querySelectorAll('.topbar__title, a, button, input, .topbar__user')].filter((element) => element.checkVisibility());
    const items = shown.map((element) => {
      const rect = element.getBoundingClientRect();
      return {
        name: element.getAttribute('data-testid') ?? element.className,
        left: rect.left,
        right: rect.right,
        top: rect.top,
        bottom: rect.bottom,
        clipped: clipped(element) || [...element.children].some(clipped),
      };
    });
    return { height: box.height, rowHeight: parseFloat(style.minHeight), top: box.top, viewWidth: document.documentElement.clientWidth, items };
  });
}

const overlap = (a: BarItem, b: BarItem): boolean => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

/** Pairs of items whose boxes overlap, named, so a failure says which. */
const overlaps = (items: BarItem[]): string[] => items.flatMap((a, i) => items.slice(i + 1).filter((b) => overlap(a, b)).map((b) => `${a.name} × ${b.name}`));

/** What is wrong with a layout that must be correct at any width: overlaps, items out of the window, cut-off text. */
function problems(layout: BarLayout): string[] {
  return [
    ...overlaps(layout.items),
    ...layout.items.filter((item) => item.left < 0 || item.right > layout.viewWidth + 0.5).map((item) => `${item.name} leaves the window`),
    ...layout.items.filter((item) => item.clipped).map((item) => `${item.name} is cut off`),
  ];
}

/** …and at 1366 px also: a taller bar than one row, or an item that is not on the row. */
function oneRowProblems(layout: BarLayout): string[] {
  const middle = layout.top + layout.height / 2;
  return [
    ...problems(layout),
    ...(Math.round(layout.height) > layout.rowHeight ? [`the bar is ${layout.height} px high, one row is ${layout.rowHeight} px`] : []),
    ...layout.items.filter((item) => item.top > middle || item.bottom < middle).map((item) => `${item.name} is not on the row`),
  ];
}

/** The pages each role has in the top bar, in order: 用户 only for those who create accounts, 警报 not for branch secretaries. */
const PAGES: Record<Role, string[]> = {
  admin: ['orgs', 'reminders', 'transfers', 'mobile', 'meetings', 'kiosks', 'alarms', 'flows', 'exports', 'users'],
  organiser: ['orgs', 'reminders', 'transfers', 'mobile', 'meetings', 'kiosks', 'alarms', 'flows', 'exports', 'users'],
  secretary: ['orgs', 'reminders', 'transfers', 'mobile', 'meetings', 'kiosks', 'flows', 'exports'],
  auditor: ['orgs', 'reminders', 'transfers', 'mobile', 'meetings', 'kiosks', 'alarms', 'flows', 'exports'],
};

/** The pages `links` lead to, by their test ids (nav-orgs: orgs). */
const pagesIn = (page: Page, links: string): Promise<string[]> => page.locator(links).evaluateAll((found) => found.map((link) => link.getAttribute('data-testid')?.replace(/^nav-/, '') ?? ''));

/** The pages the bar shows, and those under "more", one after the other: every page the role has, once, in order. */
async function pagesReachable(page: Page): Promise<string[]> {
  const more = page.getByTestId('nav-more');
  if ((await more.count()) === 0) return pagesIn(page, 'header nav > a');
  await more.click();
  const listed = [...(await pagesIn(page, 'header nav > a')), ...(await pagesIn(page, `[id="${await more.getAttribute('aria-controls')}"] a`))];
  await more.click();
  return listed;
}

describe('the top bar on a 1366 px laptop screen', () => {
  it.each(['admin', 'organiser', 'secretary', 'auditor'] as const)('when %s signs in, then the bar is one row in Chinese and in English with every page within reach, and at 1024 px nothing overlaps', async (role) => {
    const tab = await world.open(users[role]);
    const { page } = tab;
    await page.getByTestId('org-tree').waitFor();
    const chinese = await measureBar(page);
    // A bar with nothing in it would pass every check below.
    expect(chinese.items.length).toBeGreaterThan(PAGES[role].length);
    expect(oneRowProblems(chinese)).toEqual([]);
    // In Chinese every page is right there, none behind "more".
    expect(await pagesIn(page, 'header nav > a')).toEqual(PAGES[role]);
    await tab.screenshot(`top-bar-${role}`);

    await page.getByTestId('switch-language').click();
    await page.getByTestId('nav-orgs').getByText('Organisations').waitFor();
    expect(oneRowProblems(await measureBar(page))).toEqual([]);
    expect(await pagesReachable(page)).toEqual(PAGES[role]);
    await tab.screenshot(`top-bar-${role}-en`);

    await page.setViewportSize({ width: 1024, height: 768 });
    // The bar makes room in the frame after the window changes size, not in the same instant.
    await expect.poll(async () => problems(await measureBar(page))).toEqual([]);
    expect(await pagesReachable(page)).toEqual(PAGES[role]);
    await page.getByTestId('switch-language').click();
    await page.getByTestId('nav-orgs').getByText('组织').waitFor();
    expect(problems(await measureBar(page))).toEqual([]);
    expect(await pagesReachable(page)).toEqual(PAGES[role]);
    if (role === 'admin') await tab.screenshot('top-bar-admin-1024');
  });

  it('when the pages do not all fit, then "more" opens and closes by keyboard, says so to screen readers, and marks the page shown in it', async () => {
    const tab = await world.open(users.organiser);
    const { page } = tab;
    await page.getByTestId('switch-language').click();
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    const more = nav.getByRole('button', { name: 'More', expanded: false });
    await more.waitFor();
    const focused = (): Promise<string | null | undefined> => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

    // From the last page in the bar, Tab reaches "more"; Enter opens it and Tab goes on into its pages.
    await page.locator('header nav > a').last().focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('nav-more');
    await page.keyboard.press('Enter');
    await nav.getByRole('button', { name: 'More', expanded: true }).waitFor();
    const list = page.locator(`[id="${await page.getByTestId('nav-more').getAttribute('aria-controls')}"]`);
    expect(await list.isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await list.getByRole('link').first().evaluate((link) => link === document.activeElement)).toBe(true);
    await tab.screenshot('top-bar-more-en');

    // Escape closes it and puts the keyboard back on "more".
    await page.keyboard.press('Escape');
    await more.waitFor();
    expect(await list.isVisible()).toBe(false);
    expect(await focused()).toBe('nav-more');

    // Opened again with the space bar, a page is chosen with the keyboard: it opens and the list closes.
    await page.keyboard.press(' ');
    await page.keyboard.press('Tab');
    for (let presses = 0; presses < 10 && (await focused()) !== 'nav-users'; presses += 1) await page.keyboard.press('Tab');
    expect(await focused()).toBe('nav-users');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    expect(await list.isVisible()).toBe(false);
    // The page shown is under "more": the button is highlighted, and the link says it is the current page.
    expect(await page.getByTestId('nav-more').getAttribute('class')).toContain('topbar__link--current');
    expect(await page.getByTestId('nav-users').getAttribute('aria-current')).toBe('page');

    // A click anywhere else closes it too.
    await more.click();
    await list.waitFor();
    await page.getByRole('heading', { name: 'Users' }).click();
    await list.waitFor({ state: 'hidden' });
  });
});
