import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * A secretary of 甲镇第一支部 who cannot remember her password tries too many times: the console tells her, in her
 * language, that signing in is paused, when she can try again, and that the organisation department can reset the
 * password, on the sign-in page and in the dialog that asks for the password again when a session has run out.
 */

const world = useConsoleWorld();
const MINUTE = 60_000;
const WRONG = 'not-her-password';

let onPage: ConsoleUser;
let inDialog: ConsoleUser;
beforeAll(async () => {
  onPage = await createUser(world.t, 'secretary', 'A1');
  inDialog = await createUser(world.t, 'secretary', 'A1');
});

/** Submits the password typed into `form` and waits for the server's answer to it. */
async function submitWrong(page: Page, form: Locator, button: string): Promise<number> {
  await form.getByLabel('密码').fill(WRONG);
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
  await form.getByRole('button', { name: button, exact: true }).click();
  return (await answered).status();
}

describe('too many sign-in attempts in the console', () => {
  it('when a secretary types a wrong password a sixth time, then the sign-in page says signing in is paused, for how long, and who resets a password', async () => {
    const { page, screenshot } = await world.open();
    await page.getByLabel('用户名').fill(onPage.username);
    for (let i = 0; i < 5; i += 1) expect(await submitWrong(page, page.locator('form'), '登录')).toBe(401);
    expect(await submitWrong(page, page.locator('form'), '登录')).toBe(429);

    const notice = page.getByTestId('error');
    expect(await notice.getAttribute('data-code')).toBe('ERR_TOO_MANY_ATTEMPTS');
    expect(await notice.textContent()).toContain('密码输错的次数太多');
    expect(await notice.textContent()).toContain('联系组织部门重设');
    expect(await page.getByTestId('try-again-in').textContent()).toBe('请在 60 秒后再试。');
    await screenshot('sign-in-too-many-attempts');

    await page.getByTestId('switch-language').click();
    expect(await page.getByTestId('try-again-in').textContent()).toBe('You can try again in 60 seconds.');
    expect(await notice.textContent()).toContain('ask the organisation department to reset it');
  });

  it('when her session has run out and she types a wrong password a sixth time in the dialog, then the dialog says the same', async () => {
    const { page } = await world.open(inDialog, '/console/', { runningFrom: world.t.clock.now() });
    // Nobody touches the console for over 30 minutes: it asks for the password again.
    world.t.clock.advance(31 * MINUTE);
    await page.clock.runFor(31 * MINUTE);
    const dialog = page.getByTestId('session-expired');
    await dialog.waitFor();
    for (let i = 0; i < 5; i += 1) expect(await submitWrong(page, dialog, '继续')).toBe(401);
    expect(await submitWrong(page, dialog, '继续')).toBe(429);

    expect(await dialog.getByTestId('error').getAttribute('data-code')).toBe('ERR_TOO_MANY_ATTEMPTS');
    expect(await dialog.getByTestId('try-again-in').textContent()).toBe('请在 60 秒后再试。');
  });
});
