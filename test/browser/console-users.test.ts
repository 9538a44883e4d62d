import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserListSchema, UserSchema, type UserView } from '../../server/schemas/users.ts';
import { createMember } from '../server/support/fixtures.ts';
import { errorCode, expectOk } from '../server/support/http.ts';
import { ADMIN } from '../server/support/test-server.ts';
import { contrastRatio } from './support/contrast.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * 用户 / Users and 我的账户 / My account. The admin makes an account for 王芳, secretary of 甲镇第一支部,
 * sets a new password when she forgets hers, and later makes her an auditor; she changes her own password
 * and carries on. The organiser of 甲镇党委 looks after the accounts of its subtree only: puts her misspelt name
 * right, links her account to the member she is, moves the link and takes it away; she then changes her name
 * herself. Fixture tree:
 *   CTY ─┬─ A ─┬─ A1
 *        │     └─ A2
 *        └─ B ─── B1
 */

const world = useConsoleWorld();
const admin: ConsoleUser = ADMIN;
const WANG = { username: 'wang.fang', name: '王芳', first: 'first-pass-123', reset: '新密码-reset-2024', own: 'my-own-password-9' };
let organiser: ConsoleUser;
let auditorOfA2: ConsoleUser;
let secretaryOfB1: ConsoleUser;

/** The text colour of `locator` against the first opaque background behind it. */
async function contrastOf(locator: Locator): Promise<number> {
  const look = await locator.evaluate((element) => {
    let behind: Element | null = element;
    let background = 'rgba(0, 0, 0, 0)';
    while (behind && /rgba\(.*, 0\)$/.test(background)) {
      background = getComputedStyle(behind).backgroundColor;
      behind = behind.parentElement;
    }
    return { colour: getComputedStyle(element).color, background };
  });
  return contrastRatio(look.colour, look.background);
}

const row = (page: Page, username: string): Locator => page.getByTestId(`user-${username}`);

/** The account as the server has it now, not as the page shows it. */
async function stored(username: string): Promise<UserView | undefined> {
  const { t } = world;
  return expectOk(await t.call('GET', '/api/v1/users', { token: await t.adminToken() }), 200, UserListSchema).users.find((user) => user.username === username);
}

async function openUsers(user: ConsoleUser): Promise<Awaited<ReturnType<typeof world.open>>> {
  const tab = await world.open(user);
  await tab.page.getByTestId('nav-users').click();
  await tab.page.getByRole('heading', { name: '用户' }).waitFor();
  await tab.page.getByTestId('users').waitFor();
  return tab;
}

beforeAll(async () => {
  const { t } = world;
  organiser = await createUser(t, 'organiser', 'A');
  auditorOfA2 = await createUser(t, 'auditor', 'A2');
  secretaryOfB1 = await createUser(t, 'secretary', 'B1');
});

describe('the console: user accounts', () => {
  it('when an admin creates a secretary, then the form explains the password rule, catches typos before sending, says a taken username in plain words, and the list shows her', async () => {
    const { t } = world;
    const tab = await openUsers(admin);
    const { page } = tab;
    expect(await page.getByTestId('nav-users').textContent()).toBe('用户');
    await page.getByTestId('create-user').click();
    const dialog = page.getByTestId('create-user-dialog');
    expect(await dialog.getByTestId('user-password-rule').textContent()).toBe('至少 10 个字（字母、数字、符号、汉字都算），区分大小写。');
    // What each role may do is said under the choice; an administrator has no organisation to choose.
    await dialog.getByTestId('user-role-choice').selectOption('admin');
    expect(await dialog.getByTestId('user-org-choice').count()).toBe(0);
    expect(await dialog.getByTestId('user-admin-no-org').textContent()).toContain('不属于某个组织');
    await dialog.getByTestId('user-role-choice').selectOption('secretary');
    expect(await dialog.getByTestId('user-role-hint').textContent()).toBe('只管所选组织：安排会议、处理转接、查看提醒。');

    await dialog.getByTestId('user-display-name').fill(WANG.name);
    await dialog.getByTestId('user-username').fill(WANG.username);
    await dialog.getByTestId('user-org-choice').selectOption('A1');
    await dialog.getByTestId('user-password').fill('short');
    await dialog.getByTestId('user-password-repeat').fill('short');
    await dialog.getByTestId('confirm-create-user').click();
    expect(await dialog.getByTestId('user-password-rule').textContent()).toBe('密码太短：至少要 10 个字。');
    expect(await dialog.getByTestId('user-password').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('user-password');

    await dialog.getByTestId('user-password').fill(WANG.first);
    await dialog.getByTestId('user-password-repeat').fill(`${WANG.first}x`);
    await dialog.getByTestId('confirm-create-user').click();
    expect(await dialog.getByTestId('user-password-mismatch').textContent()).toBe('两次输入的密码不一样，请重新输入。');
    // Nothing was sent: the server knows no such user yet.
    const before = expectOk(await t.call('GET', '/api/v1/users', { token: await t.adminToken() }), 200, UserListSchema);
    expect(before.users.some((user) => user.username === WANG.username)).toBe(false);

    // The username of an existing account: the server refuses, and the console says what to do.
    await dialog.getByTestId('user-username').fill(organiser.username);
    await dialog.getByTestId('user-password-repeat').fill(WANG.first);
    await dialog.getByTestId('confirm-create-user').click();
    const error = dialog.getByTestId('error');
    await expect.poll(() => error.getAttribute('data-code')).toBe('ERR_USERNAME_TAKEN');
    expect(await error.textContent()).toContain('这个用户名已被使用。请换一个。');
    await tab.screenshot('users-create');

    await dialog.getByTestId('user-username').fill(WANG.username);
    await dialog.getByTestId('confirm-create-user').click();
    await expect.poll(() => page.getByTestId('create-user-dialog').count()).toBe(0);
    expect(await page.getByTestId('done').textContent()).toContain(`已创建用户 ${WANG.name}（${WANG.username}）。请当面或打电话把用户名和初始密码告诉本人`);

    const wang = row(page, WANG.username);
    await wang.waitFor();
    expect(await wang.getByTestId('user-name').textContent()).toBe(WANG.name);
    expect(await wang.getByTestId('user-role').textContent()).toBe('支部书记');
    expect(await wang.getByTestId('user-org').textContent()).toContain('甲镇第一支部');
    expect(await wang.getByTestId('user-status').textContent()).toBe('可以登录');
    expect(await row(page, 'admin').getByTestId('user-org').textContent()).toBe('全部组织');
    // Nobody disables their own account or resets their own password here.
    expect(await row(page, 'admin').getByTestId('user-status-action').count()).toBe(0);
    expect(await row(page, 'admin').getByTestId('reset-password').count()).toBe(0);
    expect(await row(page, 'admin').textContent()).toContain('本人');
    // Readable: the status words at the console's AA standard, and row actions as big a target as the console's buttons.
    expect(await contrastOf(wang.getByTestId('user-status'))).toBeGreaterThanOrEqual(4.5);
    expect((await wang.getByTestId('reset-password').boundingBox())?.height).toBeGreaterThanOrEqual(32);
    await tab.screenshot('users');

    expect((await t.call('POST', '/api/v1/auth/login', { json: { username: WANG.username, password: WANG.first } })).status).toBe(200);
  });

  it('when the admin resets her forgotten password, then the dialog says what happens, and only the new password signs her in', async () => {
    const { t } = world;
    const tab = await openUsers(admin);
    const { page } = tab;
    await row(page, WANG.username).getByTestId('reset-password').click();
    const dialog = page.getByTestId('reset-password-dialog');
    expect(await dialog.getAttribute('aria-label')).toBe(`为 ${WANG.name}（${WANG.username}） 重设密码`);
    const meaning = await dialog.getByTestId('reset-password-meaning').textContent();
    expect(meaning).toContain('在所有电脑上的登录都会结束');
    expect(meaning).toContain('把新密码告诉本人');
    await dialog.getByTestId('reset-password').fill(WANG.reset);
    await dialog.getByTestId('reset-password-repeat').fill(WANG.reset);
    await tab.screenshot('users-reset-password');
    await dialog.getByTestId('confirm-reset-password').click();
    await expect.poll(() => page.getByTestId('reset-password-dialog').count()).toBe(0);
    expect(await page.getByTestId('done').textContent()).toBe(`已为 ${WANG.name}（${WANG.username}） 设好新密码，本人原来的登录都已结束。请把新密码告诉本人。`);

    const old = await t.call('POST', '/api/v1/auth/login', { json: { username: WANG.username, password: WANG.first } });
    expect([old.status, errorCode(old)]).toEqual([401, 'ERR_LOGIN_FAILED']);
  });

  it('when she changes her own password under 我的账户, then the console goes on with the fresh session and her other sessions end', async () => {
    const { t } = world;
    const elsewhere = await t.login(WANG.username, WANG.reset);
    const tab = await world.open({ username: WANG.username, password: WANG.reset });
    const { page } = tab;
    // A secretary looks after no accounts.
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    await page.getByTestId('nav-account').click();
    await page.getByRole('heading', { name: '我的账户' }).waitFor();
    expect(await page.getByTestId('account-name').textContent()).toBe(WANG.name);
    expect(await page.getByTestId('account-role').textContent()).toBe('支部书记');
    expect(await page.getByTestId('account-org').textContent()).toContain('甲镇第一支部');

    // A page asked for before the change and answered after it carries the old token, which the server then
    // refuses: that refusal says nothing about the session the console goes on with.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const asked = page.waitForRequest((request) => request.url().includes('/api/v1/meetings'));
    await page.route('**/api/v1/meetings**', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByTestId('nav-meetings').click();
    await asked;
    await page.getByTestId('nav-account').click();
    await page.getByRole('heading', { name: '我的账户' }).waitFor();

    // A wrong current password is said as such, and she stays signed in.
    const form = page.getByTestId('change-password-form');
    await form.getByTestId('current-password').fill('not-my-password');
    await form.getByTestId('new-password').fill(WANG.own);
    await form.getByTestId('new-password-repeat').fill(WANG.own);
    await form.getByTestId('change-password').click();
    await expect.poll(() => form.getByTestId('error').getAttribute('data-code')).toBe('ERR_PASSWORD_WRONG');
    expect(await form.getByTestId('error').textContent()).toContain('当前密码不对');
    expect(await page.getByTestId('signed-in-user').textContent()).toContain(WANG.username);

    await form.getByTestId('current-password').fill(WANG.reset);
    await form.getByTestId('change-password').click();
    await expect.poll(() => form.getByTestId('done').count()).toBe(1);
    expect(await form.getByTestId('done').textContent()).toBe('密码已修改。您在其他电脑和浏览器上的登录都已退出，要用新密码重新登录；这里可以接着用。');
    expect(await form.getByTestId('current-password').inputValue()).toBe('');
    await tab.screenshot('users-account-password');
    const lateAnswer = page.waitForResponse((response) => response.url().includes('/api/v1/meetings'));
    release();
    expect((await lateAnswer).status()).toBe(401);
    await page.unroute('**/api/v1/meetings**');

    const other = await t.call('GET', '/api/v1/auth/me', { token: elsewhere });
    expect([other.status, errorCode(other)]).toEqual([401, 'ERR_SESSION_INVALID']);

    // She keeps working: the next page loads with the fresh session, and so does a reload of the tab.
    await page.getByTestId('nav-meetings').click();
    await page.getByRole('heading', { name: '会议' }).waitFor();
    await page.getByTestId('empty').or(page.getByTestId('meetings')).first().waitFor();
    expect(await page.getByTestId('session-expired').count()).toBe(0);
    expect(await page.getByRole('button', { name: '登录', exact: true }).count()).toBe(0);
    await page.reload();
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toContain(WANG.username);
    await page.getByRole('heading', { name: '会议' }).waitFor();
    expect(await page.getByRole('button', { name: '登录', exact: true }).count()).toBe(0);

    expect((await t.call('POST', '/api/v1/auth/login', { json: { username: WANG.username, password: WANG.own } })).status).toBe(200);
  });

  it('when the admin changes her role, then her open console is refused and shows the sign-in with why, and she signs in to her new role', async () => {
    const theirs = await world.open({ username: WANG.username, password: WANG.own });
    const tab = await openUsers(admin);
    const { page } = tab;
    await row(page, WANG.username).getByTestId('change-role').click();
    const dialog = page.getByTestId('change-role-dialog');
    expect(await dialog.getByTestId('change-role-current').textContent()).toBe(`${WANG.name}（${WANG.username}） 现在是“甲镇第一支部”的支部书记。`);
    const meaning = await dialog.getByTestId('change-role-meaning').textContent();
    expect(meaning).toContain('登录都会结束');
    expect(meaning).toContain('最后一位系统管理员不能改成别的角色');
    // Nothing changed yet, nothing to save.
    expect(await dialog.getByTestId('confirm-change-role').isDisabled()).toBe(true);
    await dialog.getByTestId('user-role-choice').selectOption('auditor');
    await dialog.getByTestId('user-org-choice').selectOption('A');
    await tab.screenshot('users-role');
    await dialog.getByTestId('confirm-change-role').click();
    await expect.poll(() => page.getByTestId('change-role-dialog').count()).toBe(0);
    expect(await page.getByTestId('done').textContent()).toBe(`已把 ${WANG.name}（${WANG.username}） 改为审计人员。本人原来的登录都已结束，需要重新登录。`);
    const wang = row(page, WANG.username);
    await expect.poll(() => wang.getByTestId('user-role').textContent()).toBe('审计人员');
    expect(await wang.getByTestId('user-org').textContent()).toContain('甲镇党委');

    // Her next step in the console she left open is refused: the sign-in page says why.
    await theirs.page.getByTestId('nav-reminders').click();
    await theirs.page.getByRole('button', { name: '登录', exact: true }).waitFor();
    expect(await theirs.page.getByRole('status').textContent()).toContain('登录已失效（已经退出登录，密码或角色改过了，或者账号被停用）');
    await theirs.screenshot('users-session-ended');
    await theirs.page.getByLabel('用户名').fill(WANG.username);
    await theirs.page.getByLabel('密码').fill(WANG.own);
    await theirs.page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => theirs.page.getByTestId('signed-in-user').textContent()).toContain('审计人员');
  });

  it('when the admin disables an account, then a confirmation says what that means and she cannot sign in; enabled again, she can', async () => {
    const { t } = world;
    const tab = await openUsers(admin);
    const { page } = tab;
    const wang = row(page, WANG.username);
    await wang.getByTestId('user-status-action').click();
    const dialog = page.getByTestId('user-status-dialog');
    expect(await dialog.textContent()).toContain(`停用 ${WANG.name}（${WANG.username}） 的账号吗？`);
    expect(await dialog.getByTestId('user-status-meaning').textContent()).toContain('在所有电脑上的登录马上结束，也不能再登录');
    await dialog.getByTestId('confirm-user-status').click();
    await expect.poll(() => wang.getAttribute('data-status')).toBe('disabled');
    expect(await wang.getByTestId('user-status').textContent()).toBe('已停用');
    expect(await contrastOf(wang.getByTestId('user-status'))).toBeGreaterThanOrEqual(4.5);
    expect(await page.getByTestId('done').textContent()).toBe(`已停用 ${WANG.name}（${WANG.username}） 的账号，本人已被退出登录。`);
    await tab.screenshot('users-disabled');
    const refused = await t.call('POST', '/api/v1/auth/login', { json: { username: WANG.username, password: WANG.own } });
    expect([refused.status, errorCode(refused)]).toEqual([401, 'ERR_LOGIN_FAILED']);

    await wang.getByTestId('user-status-action').click();
    expect(await page.getByTestId('user-status-dialog').getByTestId('user-status-meaning').textContent()).toContain('可以用原来的密码重新登录');
    await page.getByTestId('user-status-dialog').getByTestId('confirm-user-status').click();
    await expect.poll(() => wang.getAttribute('data-status')).toBe('enabled');
    expect((await t.call('POST', '/api/v1/auth/login', { json: { username: WANG.username, password: WANG.own } })).status).toBe(200);
  });

  it('when an organiser opens 用户, then only the users of their subtree are listed, with no role change and no administrator to create', async () => {
    const tab = await openUsers(organiser);
    const { page } = tab;
    const rows = page.getByTestId('users').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    for (const inside of [organiser.username, auditorOfA2.username, WANG.username]) expect(await row(page, inside).count(), inside).toBe(1);
    expect(await row(page, secretaryOfB1.username).count()).toBe(0);
    expect(await row(page, 'admin').count()).toBe(0);
    expect(await page.getByTestId('change-role').count()).toBe(0);
    expect(await row(page, auditorOfA2.username).getByTestId('reset-password').count()).toBe(1);
    expect(await row(page, auditorOfA2.username).getByTestId('user-status-action').textContent()).toBe('停用');
    expect(await row(page, organiser.username).getByTestId('reset-password').count()).toBe(0);
    await tab.screenshot('users-organiser');

    await page.getByTestId('users-org').selectOption('A2');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await row(page, auditorOfA2.username).count()).toBe(1);

    await page.getByTestId('create-user').click();
    const roles = await page.getByTestId('create-user-dialog').getByTestId('user-role-choice').locator('option').allTextContents();
    expect(roles).toEqual(['组织部门', '支部书记', '审计人员']);
    expect(await page.getByTestId('create-user-dialog').getByTestId('user-org-choice').inputValue()).toBe('A2');
  });

  it('when a secretary signs in, then there is no 用户 menu, and the address itself is refused in plain words', async () => {
    const tab = await world.open(secretaryOfB1);
    const { page } = tab;
    await page.getByTestId('nav-account').waitFor();
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    await page.goto(`${world.t.url}/console/users`);
    await expect.poll(() => page.getByTestId('error').getAttribute('data-code')).toBe('ERR_FORBIDDEN');
    expect(await page.getByTestId('error').textContent()).toContain('您的角色不能做这项操作');
    expect(await page.getByTestId('create-user').count()).toBe(0);
  });

  it('in English, the list and the dialogs speak English', async () => {
    const tab = await openUsers(admin);
    const { page } = tab;
    await page.getByTestId('switch-language').click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const wang = row(page, WANG.username);
    expect(await wang.getByTestId('user-role').textContent()).toBe('Auditor');
    expect(await wang.getByTestId('user-status').textContent()).toBe('Can sign in');
    expect(await page.getByTestId('nav-account').textContent()).toBe('My account');
    await tab.screenshot('users-en');
    await wang.getByTestId('reset-password').click();
    const dialog = page.getByTestId('reset-password-dialog');
    expect(await dialog.getAttribute('aria-label')).toBe(`Reset the password of ${WANG.name} (${WANG.username})`);
    expect(await dialog.getByTestId('reset-password-rule').textContent()).toBe('At least 10 characters (letters, digits, symbols and Chinese characters all count); upper and lower case differ.');
  });

  it('when the only administrator tries to give up the role, then the server refuses and the console says what to do', async () => {
    const { t } = world;
    const tab = await openUsers(admin);
    const { page } = tab;
    await row(page, 'admin').getByTestId('change-role').click();
    const dialog = page.getByTestId('change-role-dialog');
    expect(await dialog.getByTestId('change-role-own').textContent()).toContain('您也会被退出登录');
    await dialog.getByTestId('user-role-choice').selectOption('organiser');
    await dialog.getByTestId('user-org-choice').selectOption('CTY');
    await dialog.getByTestId('confirm-change-role').click();
    const error = dialog.getByTestId('error');
    await expect.poll(() => error.getAttribute('data-code')).toBe('ERR_LAST_ADMIN');
    expect(await error.textContent()).toContain('这是最后一个系统管理员，不能改成别的角色。请先把另一个账号设为系统管理员。');
    await tab.screenshot('users-last-admin');
    expect((await t.call('GET', '/api/v1/auth/me', { token: await t.adminToken() })).status).toBe(200);
  });
  it('when the organiser renames her, then the dialog starts from her name, says what a name may be, and the list and the server carry the new one; emptied, she has none', async () => {
    const tab = await openUsers(organiser);
    const { page } = tab;
    const wang = row(page, WANG.username);
    await wang.getByTestId('rename-user').click();
    const dialog = page.getByTestId('rename-user-dialog');
    expect(await dialog.getAttribute('aria-label')).toBe(`为 ${WANG.name}（${WANG.username}） 改名`);
    expect(await dialog.getByTestId('rename-user-name').inputValue()).toBe(WANG.name);
    expect(await dialog.getByTestId('rename-user-name-rule').textContent()).toBe('1 到 64 个字，前后的空格会去掉。不写姓名的，留空即可，列表里就只显示用户名。');
    expect(await dialog.getByTestId('rename-user-name').getAttribute('maxlength')).toBe('64');
    // The same name, even with spaces around it, is nothing to save.
    await dialog.getByTestId('rename-user-name').fill(` ${WANG.name} `);
    expect(await dialog.getByTestId('confirm-rename-user').isDisabled()).toBe(true);
    await dialog.getByTestId('rename-user-name').fill('  汪芳 ');
    await tab.screenshot('users-rename');
    await dialog.getByTestId('confirm-rename-user').click();
    await expect.poll(() => page.getByTestId('rename-user-dialog').count()).toBe(0);
    expect(await page.getByTestId('done').textContent()).toBe(`已把 ${WANG.username} 的姓名改为“汪芳”。`);
    await expect.poll(() => wang.getByTestId('user-name').textContent()).toBe('汪芳');
    expect((await stored(WANG.username))?.displayName).toBe('汪芳');

    await wang.getByTestId('rename-user').click();
    await page.getByTestId('rename-user-dialog').getByTestId('rename-user-name').fill('   ');
    await page.getByTestId('rename-user-dialog').getByTestId('confirm-rename-user').click();
    await expect.poll(() => page.getByTestId('rename-user-dialog').count()).toBe(0);
    expect(await page.getByTestId('done').textContent()).toBe(`已去掉 ${WANG.username} 的姓名，列表里只显示用户名。`);
    await expect.poll(() => wang.getByTestId('user-name').count()).toBe(0);
    expect((await stored(WANG.username))?.displayName).toBeNull();
  });

  it('when the organiser links her account to a member, then the number is looked up and the name shown first; a wrong or out-of-reach number is said plainly; the link can move and be taken away', async () => {
    const { t } = world;
    const herself = await createMember(t, 'A1', { name: '汪芳' });
    const namesake = await createMember(t, 'A2', { name: '汪方' });
    const outside = await createMember(t, 'B1', { name: '孙丽' });
    const tab = await openUsers(organiser);
    const { page } = tab;
    const wang = row(page, WANG.username);
    await wang.getByTestId('link-member').click();
    const dialog = page.getByTestId('link-member-dialog');
    expect(await dialog.getByTestId('link-member-current').textContent()).toBe('现在没有对应的党员。');
    expect(await dialog.getByTestId('unlink-member').count()).toBe(0);
    // Nothing found yet, nothing to link.
    expect(await dialog.getByTestId('confirm-link-member').isDisabled()).toBe(true);

    const number = dialog.getByTestId('link-member-number');
    await number.fill('NOBODY-1');
    await dialog.getByTestId('find-member').click();
    await expect.poll(() => dialog.getByTestId('error').getAttribute('data-code')).toBe('ERR_MEMBER_NOT_FOUND');
    expect(await dialog.getByTestId('error').textContent()).toContain('没有这个党员编号。请核对编号。');
    await number.fill(outside.memberNumber);
    await dialog.getByTestId('find-member').click();
    await expect.poll(() => dialog.getByTestId('error').getAttribute('data-code')).toBe('ERR_OUT_OF_SCOPE');
    expect(await dialog.getByTestId('confirm-link-member').isDisabled()).toBe(true);

    // Enter in the number field looks it up, as the button does.
    await number.fill(herself.memberNumber);
    await number.press('Enter');
    await expect.poll(() => dialog.getByTestId('link-member-found').textContent()).toBe('找到党员：汪芳（甲镇第一支部）');
    expect(await dialog.getByTestId('error').count()).toBe(0);
    await tab.screenshot('users-link-member');
    await dialog.getByTestId('confirm-link-member').click();
    await expect.poll(() => page.getByTestId('link-member-dialog').count()).toBe(0);
    expect(await page.getByTestId('done').textContent()).toBe(`已把 ${WANG.username} 关联到党员 ${herself.memberNumber}。`);
    await expect.poll(() => wang.getByTestId('user-member').textContent()).toBe(herself.memberNumber);
    expect((await stored(WANG.username))?.member).toBe(herself.memberNumber);

    // The link moves to another member; the one linked already is nothing to link again.
    await wang.getByTestId('link-member').click();
    expect(await dialog.getByTestId('link-member-current').textContent()).toBe(`现在对应的党员编号是 ${herself.memberNumber}。`);
    await number.fill(herself.memberNumber);
    await dialog.getByTestId('find-member').click();
    await dialog.getByTestId('link-member-same').waitFor();
    expect(await dialog.getByTestId('confirm-link-member').isDisabled()).toBe(true);
    await number.fill(namesake.memberNumber);
    // The member shown belongs to the number typed: a changed number hides the earlier one until it is looked up.
    expect(await dialog.getByTestId('link-member-found').count()).toBe(0);
    await dialog.getByTestId('find-member').click();
    await expect.poll(() => dialog.getByTestId('link-member-found').textContent()).toBe('找到党员：汪方（甲镇第二支部）');
    await dialog.getByTestId('confirm-link-member').click();
    await expect.poll(() => page.getByTestId('link-member-dialog').count()).toBe(0);
    await expect.poll(() => wang.getByTestId('user-member').textContent()).toBe(namesake.memberNumber);
    expect((await stored(WANG.username))?.member).toBe(namesake.memberNumber);

    // Unlinked, the account belongs to no member.
    await wang.getByTestId('link-member').click();
    expect(await dialog.getByTestId('unlink-member-meaning').textContent()).toContain('不能再用自己的党员卡在签到机上确认转接');
    await dialog.getByTestId('unlink-member').click();
    await expect.poll(() => page.getByTestId('link-member-dialog').count()).toBe(0);
    expect(await page.getByTestId('done').textContent()).toBe(`已解除 ${WANG.username} 与党员的关联。`);
    await expect.poll(() => wang.getByTestId('user-member').textContent()).toBe('—');
    expect((await stored(WANG.username))?.member).toBeNull();
  });

  it('when she gives herself a name under 我的账户, then it is saved, shown at once and after a reload, and the form speaks English too', async () => {
    const { t } = world;
    const tab = await world.open({ username: WANG.username, password: WANG.own });
    const { page } = tab;
    await page.getByTestId('nav-account').click();
    await page.getByRole('heading', { name: '我的账户' }).waitFor();
    expect(await page.getByTestId('account-name').textContent()).toBe('—');
    const form = page.getByTestId('change-name-form');
    expect(await form.getByTestId('own-name').inputValue()).toBe('');
    expect(await form.getByTestId('change-name').isDisabled()).toBe(true);
    await form.getByTestId('own-name').fill(` ${WANG.name} `);
    await form.getByTestId('change-name').click();
    await expect.poll(() => form.getByTestId('done').count()).toBe(1);
    expect(await form.getByTestId('done').textContent()).toBe('姓名已修改。');
    expect(await page.getByTestId('account-name').textContent()).toBe(WANG.name);
    expect(await form.getByTestId('own-name').inputValue()).toBe(WANG.name);
    await tab.screenshot('users-account-name');
    const me = UserSchema.parse((await t.call('GET', '/api/v1/auth/me', { token: await t.login(WANG.username, WANG.own) })).body);
    expect(me.displayName).toBe(WANG.name);

    // Renaming oneself ends no session: the page goes on, and a reload shows the new name.
    await page.reload();
    await expect.poll(() => page.getByTestId('account-name').textContent()).toBe(WANG.name);
    await page.getByTestId('switch-language').click();
    await page.getByRole('heading', { name: 'My account' }).waitFor();
    expect(await form.getByRole('heading').textContent()).toBe('Change my name');
    expect(await form.getByTestId('own-name-rule').textContent()).toBe('1 to 64 characters; spaces at either end are dropped. For no name, leave it empty: the list then shows the username alone.');
  });
});
