import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { WHOLE_DIRECTORY_LIMIT } from '../../console/ui/orgs/whole-directory-limit.ts';
import { createMember } from '../server/support/fixtures.ts';
import { addLargeTree, largeTreeBranch } from '../server/support/large-tree.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * A reach of a city's or province's size: the fixture county with 20,000 organisations grown below 甲镇党委 (A):
 * 40 committees 第c镇党委 (AX-c), each with 10 general branches (AX-c-g), each with 49 branches (AX-c-g-b).
 * The console must not read them all: it reads the top levels, the tree reads a level when it is opened, and
 * pickers and names ask the server for what they show.
 */

const world = useConsoleWorld();
let organiser: ConsoleUser;
let total: number;
/** a branch outside the first part of the list the console reads at sign-in, so its name must be asked for */
let deep: { code: string; name: string };
let auditorThere: ConsoleUser;
/** the general branch whose branches were numbered across id 10,000, and an organiser of it (a reach the console holds whole) */
let crossing: { code: string; branches: string[] };
let organiserThere: ConsoleUser;
const DEEP_KIOSK = '远处支部签到机';

interface OrgAnswer {
  url: string;
  orgs: number;
}

/** Every answer of the organisation reads the page receives, with how many organisations each carried. */
function watchOrgAnswers(page: Page): OrgAnswer[] {
  const answers: OrgAnswer[] = [];
  page.on('response', async (response) => {
    if (!/\/api\/v1\/orgs(\?|\/|$)/.test(response.url())) return;
    const body = (await response.json().catch(() => undefined)) as { orgs?: unknown[] } | undefined;
    answers.push({ url: response.url(), orgs: body?.orgs?.length ?? 0 });
  });
  return answers;
}

async function signIn(page: Page, user: ConsoleUser): Promise<void> {
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toContain(user.username);
}

beforeAll(async () => {
  const { t } = world;
  total = 6 + addLargeTree(t, 'A', 'AX', { committees: 40, generals: 10, branches: 49 });
  organiser = await createUser(t, 'organiser', 'CTY');
  const db = t.server.store.handles.readable;
  const readFirst = new Set(db.prepare('SELECT code FROM organisations ORDER BY sort_path LIMIT ?').pluck().all(WHOLE_DIRECTORY_LIMIT) as string[]);
  deep = [...Array(40).keys()].map((c) => largeTreeBranch('AX', 40 - c, 5, 3)).find((branch) => !readFirst.has(branch.code)) ?? largeTreeBranch('AX', 40, 5, 3);
  auditorThere = await createUser(t, 'auditor', deep.code);
  await t.enrollKiosk(deep.code, DEEP_KIOSK);
  const crossingId = db.prepare('SELECT parent_id FROM organisations WHERE id = 10000').pluck().get() as number;
  crossing = {
    code: db.prepare('SELECT code FROM organisations WHERE id = ?').pluck().get(crossingId) as string,
    branches: db.prepare('SELECT name FROM organisations WHERE parent_id = ? ORDER BY id').pluck().all(crossingId) as string[],
  };
  organiserThere = await createUser(t, 'organiser', crossing.code);
});

describe('the console at a province’s scale', () => {
  it('when an organiser of 20,000 organisations signs in, then the tree shows the top at once, having read a small part of them, and opens a level when asked', async () => {
    const tab = await world.open();
    const answers = watchOrgAnswers(tab.page);
    const started = Date.now();
    await signIn(tab.page, organiser);
    const tree = tab.page.getByTestId('org-tree');
    await tree.getByText('甲镇党委').waitFor();
    const shownAfter = Date.now() - started;
    await tab.page.getByText('这里一级一级地显示').waitFor();

    expect(total).toBeGreaterThan(20_000);
    const read = answers.reduce((sum, answer) => sum + answer.orgs, 0);
    expect(read).toBeLessThan(total / 5);
    expect(read).toBeLessThanOrEqual(WHOLE_DIRECTORY_LIMIT + 100);
    expect(shownAfter).toBeLessThan(10_000);
    expect(await tree.getByText('第37镇党委').count()).toBe(0);

    await tab.page.getByRole('button', { name: '展开 甲镇党委' }).click();
    await tree.getByText('第37镇党委', { exact: true }).waitFor();
    expect(await tree.getByTestId('org-AX-37').getByText('下级 10 个').count()).toBe(1);
    await tab.page.getByRole('button', { name: '展开 第37镇党委' }).click();
    await tree.getByText('第37镇第5党总支').waitFor();
    expect(await tree.getByTestId('org-AX-37-5').getByText('下级 49 个').count()).toBe(1);
    expect(answers.some((answer) => answer.url.endsWith('/api/v1/orgs/AX-37/children'))).toBe(true);
    await tab.screenshot('org-tree-large');

    await tab.page.getByRole('button', { name: '收起 第37镇党委' }).click();
    await expect.poll(() => tree.getByText('第37镇第5党总支').count()).toBe(0);
    await tab.page.getByTestId('org-search').fill('37镇第5总支第3');
    await tab.page.getByTestId('org-search-results').getByText('第37镇第5总支第3党支部').waitFor();
  });

  it('when an organiser types a part of a deep branch’s name into a picker, then it offers that branch, chosen with the keyboard, and says so plainly when nothing matches', async () => {
    const tab = await world.open(organiser, '/console/users');
    const { page } = tab;
    const picker = page.getByTestId('users-org');
    const rows = page.getByTestId('users').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    // The auditor's organisation is named by the name asked for by its code, not by the code alone.
    await page.getByTestId(`user-${auditorThere.username}`).getByTestId('user-org').getByText(deep.name).waitFor();

    await picker.click();
    await picker.pressSequentially(deep.name.slice(1, -2));
    const option = page.getByRole('option', { name: `${deep.name} (${deep.code})` });
    await option.waitFor();
    await tab.screenshot('org-picker-large');
    await picker.press('ArrowDown');
    await picker.press('ArrowUp');
    await picker.press('Enter');
    await expect.poll(() => picker.inputValue()).toBe(`${deep.name} (${deep.code})`);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByTestId(`user-${auditorThere.username}`).count()).toBe(1);

    await picker.click();
    await picker.fill('没有这个组织');
    await page.getByTestId('org-picker-no-match').waitFor();
    expect(await page.getByTestId('org-picker-no-match').textContent()).toContain('没有找到名称含有“没有这个组织”');
    await picker.press('Escape');
    expect(await picker.inputValue()).toBe(`${deep.name} (${deep.code})`);
  });

  it('when an organiser moves through a long list of choices and presses the words under it, then the highlight stays in sight, the field keeps its name and what was typed', async () => {
    const tab = await world.open(organiser, '/console/users');
    const { page } = tab;
    const picker = page.getByTestId('users-org');
    await picker.click();
    await picker.pressSequentially('党支部');
    const more = page.getByText('只列出了一部分');
    await more.waitFor();
    const list = page.getByRole('listbox');
    expect(await list.getByRole('option').count()).toBeGreaterThan(15);

    for (let step = 0; step < 15; step++) await picker.press('ArrowDown');
    const active = list.locator('[aria-selected="true"]');
    await expect.poll(() => active.getAttribute('id')).toBe(await list.getByRole('option').nth(15).getAttribute('id'));
    // The field is named by its label, not by the organisation highlighted in the list.
    expect(await page.getByRole('combobox', { name: '组织', exact: true }).count()).toBe(1);
    // The list scrolls itself so that the highlighted organisation is inside its box.
    await expect
      .poll(async () => {
        const [box, option] = [await list.boundingBox(), await active.boundingBox()];
        return box !== null && option !== null && option.y >= box.y && option.y + option.height <= box.y + box.height;
      })
      .toBe(true);

    await more.click();
    expect(await picker.inputValue()).toBe('党支部');
    expect(await list.isVisible()).toBe(true);
    expect(await picker.evaluate((field) => field === document.activeElement)).toBe(true);

    await picker.fill('没有这个组织');
    const noMatch = page.getByTestId('org-picker-no-match');
    await noMatch.click();
    expect(await picker.inputValue()).toBe('没有这个组织');
    expect(await noMatch.isVisible()).toBe(true);
  });

  it('when the first read of the organisations is slow, then the choice waits, disabled, and when it fails, the choice searches the server instead', async () => {
    const slow = await world.open(undefined, '/console/users');
    let answer: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (answer = resolve));
    // The directory's first read (`/orgs?limit=…`) is held back, as on a slow line.
    await slow.page.route(/\/api\/v1\/orgs\?limit=/, async (route) => {
      await held;
      await route.continue();
    });
    await signIn(slow.page, organiserThere);
    const waiting = slow.page.getByTestId('users-org');
    await expect.poll(() => waiting.textContent()).toBe('正在读取组织…');
    expect(await waiting.isDisabled()).toBe(true);
    answer();
    await expect.poll(() => waiting.isEnabled()).toBe(true);
    expect(await waiting.evaluate((field) => field.tagName)).toBe('SELECT');
    await expect.poll(() => waiting.locator('option').count()).toBe(2 + crossing.branches.length);

    const failed = await world.open(undefined, '/console/users');
    // The same read failing, as when the line drops: Playwright aborts that one request.
    await failed.page.route(/\/api\/v1\/orgs\?limit=/, (route) => route.abort('failed'));
    await signIn(failed.page, organiserThere);
    const picker = failed.page.getByRole('combobox', { name: '组织', exact: true });
    const branch = crossing.branches[3] ?? '';
    await picker.click();
    await picker.pressSequentially(branch);
    await failed.page.getByRole('option', { name: new RegExp(`^${branch} \\(`) }).click();
    await expect.poll(() => picker.inputValue()).toMatch(new RegExp(`^${branch} \\(`));
  });

  it('when an organiser names the receiving organisation of a letter by a part of its name, then the server’s search suggests it by its code, and the letter goes there', async () => {
    const member = await createMember(world.t, 'A1', { name: '吴远调' });
    const tab = await world.open(organiser, '/console/transfers');
    const { page } = tab;
    const answers = watchOrgAnswers(page);
    await page.getByTestId('tab-issue').click();
    const form = page.getByTestId('issue-form');
    await form.getByTestId('issue-member').fill(member.memberNumber);
    const to = form.getByTestId('issue-to');
    await to.pressSequentially(deep.name.slice(1, -2));
    // Suggestions are the input's list: each the code to put in the field, labelled with the name.
    const suggestion = form.locator(`datalist option[value="${deep.code}"]`);
    await expect.poll(() => suggestion.count()).toBe(1);
    expect(await suggestion.textContent()).toBe(deep.name);
    expect(answers.some((answer) => answer.url.includes(`q=${encodeURIComponent(deep.name.slice(1, -2))}`))).toBe(true);
    // Searches answer a few; the directory's own reads (capped, or the top two levels) may still be arriving.
    expect(answers.filter((answer) => answer.url.includes('q=')).every((answer) => answer.orgs <= 50)).toBe(true);
    expect(answers.filter((answer) => /\/orgs$/.test(answer.url))).toEqual([]);
    await tab.screenshot('org-code-input-large');

    // Choosing the suggestion puts its code in the field.
    await to.fill(deep.code);
    await form.getByTestId('issue-reason').fill('到远处支部工作');
    await form.getByTestId('issue-submit').click();
    const row = page.getByTestId('outbox').getByTestId(`transfer-${member.memberNumber}`);
    await expect.poll(() => row.textContent()).toContain(deep.name);
  });

  it('when an organiser looks for a kiosk of a branch deep in the tree, then the choice and the confirmations name its organisation, not its code', async () => {
    const alarms = await world.open(organiser, '/console/alarms');
    await alarms.page.getByTestId('alarm-kiosk-filter').fill('远处支部');
    const match = alarms.page.getByTestId('alarm-kiosk-filter-match');
    await expect.poll(() => match.textContent()).toContain(`${DEEP_KIOSK}（${deep.name}）`);
    await match.click();
    await expect.poll(() => alarms.page.getByTestId('alarm-kiosk-filter-chosen').textContent()).toBe(`${DEEP_KIOSK}（${deep.name}）`);

    const kiosks = await world.open(organiser, '/console/kiosks');
    await kiosks.page.getByTestId('kiosk-search').fill('远处支部');
    const row = kiosks.page.locator('[data-testid^="kiosk-"]').filter({ hasText: DEEP_KIOSK });
    await row.getByTestId('disable-kiosk').click();
    const dialog = kiosks.page.getByTestId('disable-kiosk-dialog');
    await expect.poll(() => dialog.textContent()).toContain(`停用“${deep.name}”的签到机“${DEEP_KIOSK}”吗？`);
    await dialog.getByRole('button', { name: '取消' }).click();
  });

  it('when branches were numbered across id 10,000, then the tree, the organisation’s page and the list of choices show them in the order they were created', async () => {
    expect(crossing.branches).toHaveLength(49);
    const tab = await world.open(organiserThere, '/console/orgs');
    const { page } = tab;
    const children = page.getByTestId(`org-${crossing.code}`).locator('.tree__children .tree__name');
    await expect.poll(() => children.allTextContents()).toEqual(crossing.branches);

    await page.goto(`${world.t.url}/console/orgs/${crossing.code}`);
    await page.getByTestId('tab-children').click();
    await expect.poll(() => page.locator('.plain-list a').allTextContents()).toEqual(crossing.branches);

    await page.goto(`${world.t.url}/console/users`);
    const options = page.getByTestId('users-org').locator('option');
    await expect.poll(async () => (await options.allTextContents()).slice(2).map((text) => text.trim().replace(/ \(.*\)$/, ''))).toEqual(crossing.branches);
  });

  it('when a level of the tree cannot be read, then it says so, and opening that organisation again reads it again', async () => {
    const tab = await world.open(undefined, '/console/orgs');
    const { page } = tab;
    // The first read of this level fails as when the line drops: Playwright aborts that one request.
    await page.route(/\/api\/v1\/orgs\/AX-36\/children$/, (route) => route.abort('failed'), { times: 1 });
    await signIn(page, organiser);
    const tree = page.getByTestId('org-tree');
    await page.getByRole('button', { name: '展开 甲镇党委' }).click();
    await page.getByRole('button', { name: '展开 第36镇党委' }).click();
    await tree.getByTestId('org-AX-36').getByTestId('error').waitFor();
    await page.getByRole('button', { name: '收起 第36镇党委' }).click();
    await page.getByRole('button', { name: '展开 第36镇党委' }).click();
    await tree.getByText('第36镇第4党总支').waitFor();
    expect(await tree.getByTestId('org-AX-36').getByTestId('error').count()).toBe(0);
  });

  it('when an organisation’s page cannot read its sub-organisations, then it says what to do; when they are more than it lists, the tab says so', async () => {
    const failing = await world.open(undefined, '/console/orgs/AX-35');
    // That one read fails as when the line drops: Playwright aborts the request.
    await failing.page.route(/\/api\/v1\/orgs\/AX-35\/children$/, (route) => route.abort('failed'));
    await signIn(failing.page, organiser);
    const unread = failing.page.getByTestId('org-children-error');
    await expect.poll(() => unread.textContent()).toContain('没能读出下级组织。请稍后刷新本页再试。');

    // A general branch with more branches below it than the page lists.
    addLargeTree(world.t, 'AX-34-2', 'AM', { committees: 1001, generals: 0, branches: 0 });
    const tab = await world.open(organiser, '/console/orgs/AX-34-2');
    const count = tab.page.getByTestId('tab-children');
    await expect.poll(() => count.textContent()).toBe('下级组织1000+');
    await count.click();
    await expect.poll(() => tab.page.locator('.plain-list a').count()).toBe(1000);
    expect(await tab.page.getByTestId('org-children-cut').textContent()).toContain('只列出前 1000 个');
  });
});
