import { beforeAll, describe, expect, it } from 'vitest';
import { createMember } from '../server/support/fixtures.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * Signing in and out, the organisation tree, the language switch, and what each role sees: the console
 * shows only the user's subtree and refuses, with the server's reason, anything outside it. Fixture tree:
 *   CTY ─┬─ A ─┬─ A1
 *        │     └─ A2
 *        └─ B ─── B1
 */

const world = useConsoleWorld();
let organiser: ConsoleUser;
let auditorA: ConsoleUser;
let memberOfB: string;

beforeAll(async () => {
  const { t } = world;
  organiser = await createUser(t, 'organiser', 'CTY');
  auditorA = await createUser(t, 'auditor', 'A');
  memberOfB = (await createMember(t, 'B1', { name: '李乙' })).memberNumber;
  await createMember(t, 'A1', { name: '王甲' });
});

describe('the console: signing in, the tree, language and reach', () => {
  it('when the password is wrong, then the sign-in form says so and what to do, with the server’s reason', async () => {
    const tab = await world.open();
    await tab.page.getByLabel('用户名').fill(organiser.username);
    await tab.page.getByLabel('密码').fill('not-the-password');
    await tab.page.getByRole('button', { name: '登录' }).click();
    const error = tab.page.getByTestId('error');
    await expect.poll(() => error.getAttribute('data-code')).toBe('ERR_LOGIN_FAILED');
    expect(await error.textContent()).toContain('用户名或密码不对');
    expect(await error.textContent()).toContain('the username or password is wrong');
    await tab.screenshot('sign-in-refused');
  });

  it('when an organiser signs in, then the tree shows the county opened one level, and branches open and close', async () => {
    const tab = await world.open(organiser);
    const tree = tab.page.getByTestId('org-tree');
    await tree.getByText('某某县委').waitFor();
    // Opened one level: the committees are listed, their branches not yet.
    expect(await tree.getByText('甲镇党委').isVisible()).toBe(true);
    expect(await tree.getByText('甲镇第一支部').count()).toBe(0);
    await tab.page.getByRole('button', { name: '展开 甲镇党委' }).click();
    await tree.getByText('甲镇第一支部').waitFor();
    expect(await tree.getByText('乙镇第一支部').count()).toBe(0);
    await tab.screenshot('org-tree');
    await tab.page.getByRole('button', { name: '收起 甲镇党委' }).click();
    await expect.poll(() => tree.getByText('甲镇第一支部').count()).toBe(0);
    await tab.page.getByTestId('expand-all').click();
    await tree.getByText('乙镇第一支部').waitFor();
  });

  it('when the language is switched, then the console speaks English, keeps it after a reload, and switches back', async () => {
    const tab = await world.open(organiser);
    await tab.page.getByTestId('switch-language').click();
    await tab.page.getByTestId('nav-orgs').getByText('Organisations').waitFor();
    expect(await tab.page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await tab.page.getByTestId('signed-in-user').textContent()).toContain('Organiser');
    await tab.screenshot('org-tree-english');
    await tab.page.getByTestId('nav-transfers').click();
    await tab.page.getByTestId('tab-inbox').getByText('To accept (incoming)').waitFor();
    await tab.screenshot('transfers-english');
    await tab.page.reload();
    // The session survives the reload (sessionStorage); the language choice too (this computer).
    await tab.page.getByTestId('nav-orgs').getByText('Organisations').waitFor();
    await tab.page.getByTestId('switch-language').click();
    await tab.page.getByTestId('nav-orgs').getByText('组织').waitFor();
  });

  it('when an auditor of one subtree signs in, then nothing of another subtree is listed or can be opened', async () => {
    const tab = await world.open(auditorA);
    const tree = tab.page.getByTestId('org-tree');
    await tree.getByText('甲镇党委').waitFor();
    await tab.page.getByTestId('expand-all').click();
    await tree.getByText('甲镇第二支部').waitFor();
    const listed = await tree.locator('[data-testid^="org-"]').evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')));
    expect(listed.sort()).toEqual(['org-A', 'org-A1', 'org-A2']);
    await tab.screenshot('auditor-tree');
    // Auditors read only: no transfer letters to issue, no meetings to schedule.
    await tab.page.getByTestId('nav-transfers').click();
    await tab.page.getByTestId('tab-inbox').waitFor();
    expect(await tab.page.getByTestId('tab-issue').count()).toBe(0);
    await tab.page.getByTestId('nav-meetings').click();
    await tab.page.getByRole('heading', { name: '会议' }).waitFor();
    expect(await tab.page.getByTestId('schedule-meeting').count()).toBe(0);

    // Typed-in addresses of the other subtree are refused by the server, and the console says why.
    await tab.page.goto(`${world.t.url}/console/orgs/B`);
    await expect.poll(() => tab.page.getByTestId('error').getAttribute('data-code')).toBe('ERR_OUT_OF_SCOPE');
    expect(await tab.page.getByText('乙镇党委').count()).toBe(0);
    await tab.page.getByTestId('member-search').fill(memberOfB);
    await tab.page.getByTestId('member-search').press('Enter');
    await expect.poll(() => tab.page.getByTestId('error').getAttribute('data-code')).toBe('ERR_OUT_OF_SCOPE');
    expect(await tab.page.getByText('李乙').count()).toBe(0);
    await tab.screenshot('auditor-refused');
  });

  it('when the user signs out, then the sign-in form returns and a reload does not sign them back in', async () => {
    const tab = await world.open(organiser);
    await tab.page.getByTestId('sign-out').click();
    await tab.page.getByRole('button', { name: '登录' }).waitFor();
    expect(await tab.page.getByText('已退出登录').isVisible()).toBe(true);
    await tab.page.reload();
    await tab.page.getByRole('button', { name: '登录' }).waitFor();
    expect(await tab.page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
  });
});
