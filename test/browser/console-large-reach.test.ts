import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { WHOLE_DIRECTORY_LIMIT } from '../../console/ui/orgs/whole-directory-limit.ts';
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
  const readFirst = new Set(db.prepare('SELECT code FROM organisations ORDER BY path LIMIT ?').pluck().all(WHOLE_DIRECTORY_LIMIT) as string[]);
  deep = [...Array(40).keys()].map((c) => largeTreeBranch('AX', 40 - c, 5, 3)).find((branch) => !readFirst.has(branch.code)) ?? largeTreeBranch('AX', 40, 5, 3);
  auditorThere = await createUser(t, 'auditor', deep.code);
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
    // Until the directory has said how large the reach is, the field is the plain list, empty as before.
    await expect.poll(() => picker.getAttribute('role')).toBe('combobox');
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
});
