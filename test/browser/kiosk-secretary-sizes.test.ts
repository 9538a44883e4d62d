import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ConfigContent } from '../kiosk/support/contract-server.ts';
import { contractContent } from '../kiosk/support/kiosk-harness.ts';
import { MEETING, ORG, TRANSFER, issueCards, meetings, transfers } from '../kiosk/support/world.ts';
import { kioskWorldPerTest, type KioskWorld } from './support/browser-kiosk-world.ts';
import { NO_PROBLEM_ANYWHERE, problemsOnEverySize } from './support/kiosk-screens.ts';

/*
 * What a branch secretary sees, on the screens kiosks come with (the sizes the member's screens are checked
 * at): a touch panel has no mouse wheel and no keyboard, so a screen that scrolls hides its buttons. On every
 * size, in Chinese and English, each secretary screen fits the window, every button and field outside a list
 * is whole, uncovered and big enough for a finger, no text runs out of its box or breaks inside a word, and
 * a list longer than the room it has scrolls inside its own panel, with a button saying there is more. A
 * secretary must see what they are choosing: every list shows at least two of its options whole (all of
 * them when it has fewer; the kinds of meeting, three), and the button saying there is more covers none of them.
 */

/** The smallest target a finger hits reliably (WCAG 2.5.5, Apple's and Android's guidelines). */
const TOUCH_MIN_PX = 44;
/** A branch with a busy quarter: more scheduled meetings and waiting members than any screen shows at once. */
const MANY = 14;

const cards = await issueCards();
const open = kioskWorldPerTest(cards);

function busyBranch(): ConfigContent {
  const extraMeetings = Array.from({ length: MANY - 1 }, (_, index) => ({
    id: `0193a5d2-7c00-7000-8000-0000000002${String(index).padStart(2, '0')}`,
    org: ORG,
    kind: index % 2 === 0 ? 'committee' : 'group',
    title: `第${index + 1}次支部委员会：学习贯彻全会精神专题研讨`,
    startsAt: new Date(Date.UTC(2026, 10, 27 + index, 1)).toISOString(),
    endsAt: null,
    place: '党群服务中心二楼会议室',
  }));
  const extraTransfers = Array.from({ length: MANY - 1 }, (_, index) => ({
    ...transfers()[0]!,
    id: `transfer-${100 + index}`,
    member: `33018800${String(10 + index)}`,
    name: `转入党员${index + 1}`,
    fromOrgName: '河口乡第二党总支第三支部',
  }));
  return { ...contractContent(cards), meetings: [...meetings(), ...extraMeetings], transfers: [...transfers(), ...extraTransfers] };
}

const SCROLLS = 'scrolls inside, saying there is more';
const FITS = 'fits';

/** Options a list shows whole, unless it says otherwise below. */
const OPTIONS_SHOWN = 2;
/** The kinds of meeting: a secretary opening an ad-hoc meeting compares a few before choosing one. */
const KINDS_SHOWN = 3;

/**
 * What is wrong with the secretary screen on show, after its layout has settled at the window's size: nothing
 * when it fits. `lists` names the list panels (by test id) that must be in a given state; any other list may
 * fit or scroll, but must do either properly. `shown` names the lists that must show more options whole than
 * OPTIONS_SHOWN.
 */
function misfits(page: Page, lists: Record<string, string> = {}, shown: Record<string, number> = {}): Promise<string[]> {
  return page.evaluate(async ({ touchMin, expected, good, least, leastOf }) => {
    const frame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    await frame();
    await frame();
    const width = window.innerWidth;
    const height = window.innerHeight;
    const problems: string[] = [];
    const main = document.querySelector('main')!;
    const lists = [...main.querySelectorAll<HTMLElement>('[data-testid$="-list"]')];
    const inList = (element: Element): boolean => lists.some((list) => list.contains(element));
    const shown = (element: Element): boolean => element.checkVisibility({ visibilityProperty: true });
    const describe = (element: Element): string =>
      `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ')[0]}` : ''} "${(element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 24)}"`;

    const page = document.scrollingElement ?? document.documentElement;
    if (page.scrollHeight > height || page.scrollWidth > width) problems.push(`the page is ${page.scrollWidth}×${page.scrollHeight}`);

    // An input scrolls the text typed into it by nature; everything else must hold its content.
    for (const element of [main, ...main.querySelectorAll(':not(input)')]) {
      if (inList(element) || !shown(element)) continue;
      const style = getComputedStyle(element);
      const tall = element.scrollHeight - element.clientHeight;
      const wide = element.scrollWidth - element.clientWidth;
      if (style.overflowY !== 'visible' && tall > 1) problems.push(`${describe(element)} scrolls ${tall} px`);
      if (style.overflowX !== 'visible' && wide > 1) problems.push(`${describe(element)} scrolls ${wide} px sideways`);
      const box = element.getBoundingClientRect();
      if (box.width > 0 && (box.bottom > height + 0.5 || box.right > width + 0.5)) problems.push(`${describe(element)} ends outside the window`);
    }

    for (const text of main.querySelectorAll('h1, h2, p, button, label, legend, dt, span')) {
      if (!shown(text) || text.clientWidth === 0) continue;
      if (text.scrollWidth > text.clientWidth + 1) problems.push(`${describe(text)} is ${text.scrollWidth - text.clientWidth} px wider than its box`);
    }
    // A line may end after a space, a hyphen or a slash, or between Chinese characters; never between two letters or digits.
    // The kiosk's id and the server's address (in <dd>) are single long tokens and may wrap anywhere.
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (node.parentElement?.closest('dd') || !shown(node.parentElement!)) continue;
      let lineTop: number | undefined;
      for (let index = 0; index < node.data.length; index += 1) {
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        const box = range.getClientRects()[0];
        if (!box || box.width === 0) continue;
        if (lineTop !== undefined && box.top > lineTop + box.height / 2 && /[A-Za-z0-9]/.test(node.data[index - 1] ?? '') && /[A-Za-z0-9]/.test(node.data[index]!)) {
          problems.push(`"${node.data.slice(Math.max(0, index - 12), index)}|${node.data.slice(index, index + 12)}" breaks inside a word`);
        }
        lineTop = box.top;
      }
    }

    for (const control of main.querySelectorAll('button, input')) {
      if (inList(control) || !shown(control)) continue;
      const box = control.getBoundingClientRect();
      if (box.width < touchMin || box.height < touchMin) problems.push(`${describe(control)} is only ${Math.round(box.width)}×${Math.round(box.height)}`);
      if (box.left < 0 || box.top < 0 || box.right > width + 0.5 || box.bottom > height + 0.5) {
        problems.push(`${describe(control)} is outside the window`);
      } else {
        const onTop = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (!onTop || !control.contains(onTop)) problems.push(`${describe(control)} is covered by ${onTop ? describe(onTop) : 'nothing'}`);
      }
    }

    const report = async (list: HTMLElement): Promise<string> => {
      const items = [...(list.firstElementChild?.children ?? [])];
      const panel = list.getBoundingClientRect();
      const whole = (item: Element | undefined): boolean => {
        const box = item?.getBoundingClientRect();
        // scrollTop is whole pixels while layout is not: a panel scrolled to its end may still hide a fraction of one
        return box !== undefined && box.top >= Math.max(panel.top, 0) - 1 && box.bottom <= Math.min(panel.bottom, height) + 1;
      };
      const cue = document.querySelector(`[aria-controls="${list.id}"]`);
      const cueShown = cue !== null && shown(cue);
      // The options are what the secretary touches; the kiosk's details have no buttons, and their rows count.
      const buttons = [...list.querySelectorAll('button')];
      const options = buttons.length > 0 ? buttons : items;
      const cueBox = cueShown ? cue.getBoundingClientRect() : undefined;
      const uncovered = (option: Element): boolean => {
        const box = option.getBoundingClientRect();
        return !cueBox || box.bottom <= cueBox.top || box.top >= cueBox.bottom || box.right <= cueBox.left || box.left >= cueBox.right;
      };
      const seen = options.filter((option) => whole(option) && uncovered(option)).length;
      if (seen < Math.min(leastOf[list.dataset.testid!] ?? least, options.length)) return `shows ${seen} of its ${options.length} options whole and clear of the cue`;
      if (list.scrollHeight <= list.clientHeight + 1) return cueShown ? 'fits, yet says there is more' : good.fits;
      if (!/auto|scroll/.test(getComputedStyle(list).overflowY)) return `cuts ${list.scrollHeight - list.clientHeight} px off`;
      if (!whole(items[0])) return 'shows not even one whole item';
      if (!cueShown) return 'scrolls without saying there is more';
      list.scrollTop = list.scrollHeight;
      await frame();
      await frame();
      const last = whole(items.at(-1));
      const cueAtEnd = shown(cue);
      const pageMoved = page.scrollTop !== 0 || main.scrollTop !== 0;
      list.scrollTop = 0;
      await frame();
      await frame();
      if (!last) return 'scrolls, but not to its last item';
      if (pageMoved) return 'scrolls the page with it';
      return cueAtEnd ? 'scrolls, but still says there is more at its end' : good.scrolls;
    };
    for (const list of lists) {
      const state = await report(list);
      const name = list.dataset.testid!;
      if (expected[name] ? state !== expected[name] : state !== good.fits && state !== good.scrolls) problems.push(`${name} ${state}`);
    }
    for (const name of Object.keys(expected)) if (!lists.some((list) => list.dataset.testid === name)) problems.push(`${name} is missing`);
    return problems;
  }, { touchMin: TOUCH_MIN_PX, expected: lists, good: { fits: FITS, scrolls: SCROLLS }, least: OPTIONS_SHOWN, leastOf: shown });
}

/** The secretary screen on show, measured on every screen size in both languages. */
const misfitsEverywhere = (kiosk: KioskWorld, what: string, lists: Record<string, string> = {}, shown: Record<string, number> = {}): Promise<Record<string, string[]>> =>
  problemsOnEverySize(kiosk, `800x600-secretary-${what}`, (page) => misfits(page, lists, shown));

async function back(page: Page): Promise<void> {
  await page.getByRole('button', { name: '← 返回' }).click();
}

/**
 * A busy branch's secretary unlocks the kiosk (and mistypes the PIN first), then opens each screen of the
 * menu in turn; each is measured everywhere, its misfits collected so one run reports every screen.
 */
async function everySecretaryScreen(kiosk: KioskWorld, state: string): Promise<void> {
  await kiosk.running.kiosk.setAdminPin('2468');
  const { page } = kiosk;
  const measured = async (what: string, lists?: Record<string, string>, shown?: Record<string, number>): Promise<void> => {
    expect.soft(await misfitsEverywhere(kiosk, `${what}-${state}`, lists, shown), what).toEqual(NO_PROBLEM_ANYWHERE);
  };

  await page.getByRole('button', { name: '书记管理' }).click();
  await page.getByText('请输入管理密码').waitFor();
  await page.keyboard.type('1111');
  await page.getByRole('button', { name: '确定' }).click();
  // With the wrong-PIN message: the pad's tallest state.
  await page.getByTestId('secretary-error').waitFor();
  await measured('pin');
  await page.keyboard.type('2468');
  await page.getByRole('button', { name: '确定' }).click();

  await page.getByRole('button', { name: '开启会议' }).waitFor();
  await measured('menu');

  await page.getByRole('button', { name: '开启会议' }).click();
  await page.getByRole('button', { name: /第13次支部委员会/ }).waitFor({ state: 'attached' });
  await page.getByRole('button', { name: '党课' }).click();
  await measured('open-meeting', { 'meeting-list': SCROLLS }, { 'kind-list': KINDS_SHOWN });
  // The cue is a button too: pressing it brings later meetings up, and the page stays where it is.
  await page.setViewportSize({ width: 800, height: 600 });
  const list = page.getByTestId('meeting-list');
  await page.locator(`[aria-controls="${await list.getAttribute('id')}"]`, { hasText: '下面还有' }).click();
  await expect.poll(() => list.evaluate((panel) => panel.scrollTop)).toBeGreaterThan(0);
  expect(await page.evaluate(() => document.querySelector('main')!.scrollTop)).toBe(0);
  await page.setViewportSize({ width: 1280, height: 800 });
  await back(page);

  await page.getByRole('button', { name: '办理组织关系转入' }).click();
  await page.getByRole('button', { name: /转入党员13/ }).waitFor({ state: 'attached' });
  await measured('transfers', { 'transfer-list': SCROLLS });
  await back(page);

  await page.getByRole('button', { name: '设置管理密码' }).click();
  await page.getByLabel('现在的密码').waitFor();
  await measured('set-pin');
  await back(page);

  await page.getByRole('button', { name: '签到机信息' }).click();
  await page.getByRole('button', { name: '立即上传' }).waitFor();
  await measured('info');
}

/** Seven screens, each measured on every size in both languages: longer than vitest's default on a busy two-core machine. */
const EVERY_SCREEN_MS = 90_000;

describe('kiosk secretary screen sizes', () => {
  it('when a busy branch’s secretary unlocks the kiosk, then the PIN pad, the menu, the meeting and transfer lists, the PIN form and the kiosk’s details fit every screen in both languages', { timeout: EVERY_SCREEN_MS }, async () => {
    await everySecretaryScreen(await open({ content: busyBranch() }), 'online');
  });

  it('when the kiosk is offline, then the same screens still fit every screen beside the offline banner', { timeout: EVERY_SCREEN_MS }, async () => {
    const kiosk = await open({ content: busyBranch() });
    await kiosk.contract.stop();
    await kiosk.running.kiosk.syncNow();
    await kiosk.page.getByTestId('offline-banner').waitFor();
    await everySecretaryScreen(kiosk, 'offline');
    expect(await kiosk.page.getByTestId('offline-banner').isVisible()).toBe(true);
  });

  it('when the secretary presses 开始签到 before choosing a kind, then the kinds to choose from stay in view beside the error on every screen in both languages, online and offline', async () => {
    const kiosk = await open({ content: busyBranch() });
    const { page } = kiosk;
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByRole('button', { name: '开启会议' }).click();
    await page.getByRole('button', { name: /第13次支部委员会/ }).waitFor({ state: 'attached' });
    await page.getByRole('button', { name: '开始签到' }).click();
    await expect.poll(() => page.getByTestId('secretary-error').getAttribute('data-code')).toBe('ERR_MEETING_INVALID');
    const lists = { 'meeting-list': SCROLLS };
    expect.soft(await misfitsEverywhere(kiosk, 'open-meeting-error-online', lists, { 'kind-list': KINDS_SHOWN }), 'online').toEqual(NO_PROBLEM_ANYWHERE);

    await kiosk.contract.stop();
    await kiosk.running.kiosk.syncNow();
    await page.getByTestId('offline-banner').waitFor();
    expect.soft(await misfitsEverywhere(kiosk, 'open-meeting-error-offline', lists, { 'kind-list': KINDS_SHOWN }), 'offline').toEqual(NO_PROBLEM_ANYWHERE);
  });

  it('when a branch has one meeting scheduled, then its list shows it whole and says nothing of more', async () => {
    const kiosk = await open();
    const { page } = kiosk;
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByRole('button', { name: '开启会议' }).click();
    await page.getByRole('button', { name: /第四季度支部党员大会/ }).waitFor();
    expect(await misfits(page, { 'meeting-list': FITS })).toEqual([]);
  });

  it('when the secretary is asked to confirm closing a meeting or cancelling a transfer, then both choices fit every screen in both languages', async () => {
    const kiosk = await open();
    const { page } = kiosk;
    await kiosk.running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('meeting');
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByRole('button', { name: '结束会议' }).click();
    await page.getByText('结束会议“第四季度支部党员大会”吗？').waitFor();
    expect.soft(await misfitsEverywhere(kiosk, 'close-meeting'), 'close-meeting').toEqual(NO_PROBLEM_ANYWHERE);
    await back(page);
    await back(page);

    await kiosk.running.kiosk.closeMeeting();
    await kiosk.running.kiosk.startTransferAcceptance(TRANSFER);
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('transfer-member');
    await page.getByRole('button', { name: '取消转入' }).first().click();
    await page.getByRole('heading', { name: '取消转入' }).waitFor();
    expect.soft(await misfitsEverywhere(kiosk, 'cancel-transfer'), 'cancel-transfer').toEqual(NO_PROBLEM_ANYWHERE);
  });

  it('when a new kiosk is set up, then the first-run button and the set-up form, with the server’s refusal shown, fit every screen in both languages', async () => {
    const kiosk = await open({ enrol: false });
    const { page } = kiosk;
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('not-enrolled');
    expect.soft(await misfitsEverywhere(kiosk, 'first-run'), 'first-run').toEqual(NO_PROBLEM_ANYWHERE);
    await page.getByRole('button', { name: '开始设置' }).click();
    await page.getByLabel('服务器地址').fill(kiosk.contract.url);
    await page.getByLabel('登记码').fill('not-a-code-anyone-issued');
    await page.getByLabel(/签到机名称/).fill('城关镇第七支部 2 号机');
    await page.getByRole('button', { name: '完成设置' }).click();
    await expect.poll(() => page.getByTestId('secretary-error').getAttribute('data-code')).toBe('ERR_SERVER_REFUSED');
    expect.soft(await misfitsEverywhere(kiosk, 'enrol'), 'enrol').toEqual(NO_PROBLEM_ANYWHERE);
  });
});
