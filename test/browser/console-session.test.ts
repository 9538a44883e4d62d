import { decodeJwt } from 'jose';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode, type ApiResponse } from '../server/support/http.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * How long a console session lasts. A secretary of 甲镇第一支部 works on past the half hour and is not interrupted;
 * her console, left alone, asks for the password; signing out ends the session on the server, so the token the
 * tab held is of no use to anyone who copied it. The server's clock and the computer's are moved on together.
 */

const world = useConsoleWorld();
const MINUTE = 60_000;
let secretary: ConsoleUser;

beforeAll(async () => {
  secretary = await createUser(world.t, 'secretary', 'A1');
});

const RENEW = '/api/v1/auth/renew';

/** The session token the tab holds (sessionStorage, as the console keeps it). */
const storedToken = async (page: Page): Promise<string | undefined> =>
  page.evaluate(() => (JSON.parse(window.sessionStorage.getItem('mic-console-session') ?? '{}') as { token?: string }).token);

const me = (token: string | undefined): Promise<ApiResponse> => world.t.call('GET', '/api/v1/auth/me', { token });

/** A console signed in as the secretary on a computer whose clock the test moves on with the server's. */
async function openWithClock() {
  const tab = await world.open(secretary, '/console/', { runningFrom: world.t.clock.now() });
  const { page } = tab;
  const renewals: number[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith(RENEW)) renewals.push(0);
  });
  page.on('response', (response) => {
    if (response.url().endsWith(RENEW)) renewals[renewals.indexOf(0)] = response.status();
  });
  /** Moves both clocks on by `minutes`; when a renewal is due in that time, waits until the console goes on with its answer. */
  const after = async (minutes: number, { renewal = false }: { renewal?: boolean } = {}): Promise<void> => {
    const before = await storedToken(page);
    const answered = renewal ? page.waitForResponse((response) => response.url().endsWith(RENEW)) : undefined;
    world.t.clock.advance(minutes * MINUTE);
    await page.clock.runFor(minutes * MINUTE);
    if (!answered) return;
    expect((await answered).status()).toBe(200);
    await expect.poll(() => storedToken(page)).not.toBe(before);
    // React renders and runs effects (the next renewal's timers) in tasks of the page's own: one goes by first.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(undefined);
        }),
    );
  };
  return { tab, page, renewals, after };
}

describe('console sessions', () => {
  it('when a secretary keeps working past the half hour, then nothing interrupts her; left alone, the password is asked 30 minutes after the last renewal', async () => {
    const { tab, page, renewals, after } = await openWithClock();
    const signedIn = await storedToken(page);

    // An hour of work: a page opened every five minutes. The console renews a few minutes before each token runs out.
    for (let minute = 5; minute <= 60; minute += 5) {
      await page.getByTestId(minute % 10 === 0 ? 'nav-meetings' : 'nav-orgs').click();
      await after(5, { renewal: minute % 25 === 0 });
      expect(await page.getByTestId('session-expired').count(), `minute ${minute}`).toBe(0);
    }
    expect(renewals).toEqual([200, 200]);
    await page.getByTestId('nav-meetings').click();
    await page.getByRole('heading', { name: '会议' }).waitFor();
    expect(await page.getByRole('button', { name: '登录', exact: true }).count()).toBe(0);

    // The token in use is a renewal of the same session; the one signing in gave ran out long ago.
    const renewed = await storedToken(page);
    expect(decodeJwt(renewed!).sid).toBe(decodeJwt(signedIn!).sid);
    expect((await me(renewed)).status).toBe(200);
    expect(errorCode(await me(signedIn))).toBe('ERR_SESSION_EXPIRED');

    // She leaves it. What she did since the last renewal renews it once more (at 75 minutes), and nothing after that.
    for (let minute = 65; minute <= 100; minute += 5) await after(5, { renewal: minute === 75 });
    await after(4);
    expect(await page.getByTestId('session-expired').count()).toBe(0);
    await after(2);
    const dialog = page.getByTestId('session-expired');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('30 分钟没有操作');
    expect(renewals).toEqual([200, 200, 200]);
    await tab.screenshot('session-expired-idle');
  });

  it('when nobody touches a console after signing in, then it asks for the password after 30 minutes, without renewing', async () => {
    const { page, renewals, after } = await openWithClock();
    await after(29);
    expect(await page.getByTestId('session-expired').count()).toBe(0);
    await after(2);
    await page.getByTestId('session-expired').waitFor();
    expect(renewals).toEqual([]);
  });

  it('when she signs out, then the token the tab held is refused by the server, while her session on another computer goes on', async () => {
    const elsewhere = await world.open(secretary);
    const { page } = await world.open(secretary);
    const token = await storedToken(page);
    expect((await me(token)).status).toBe(200);
    await page.getByTestId('sign-out').click();
    await page.getByText('已退出登录').waitFor();
    await expect.poll(async () => errorCode(await me(token))).toBe('ERR_SESSION_INVALID');
    expect(errorCode(await world.t.call('POST', RENEW, { token }))).toBe('ERR_SESSION_INVALID');
    expect((await me(await storedToken(elsewhere.page))).status).toBe(200);
  });

  it('when the server cannot be reached, then signing out still signs out on this computer', async () => {
    const { page } = await world.open(secretary);
    await page.route('**/api/v1/auth/logout', (route) => route.abort('internetdisconnected'));
    await page.getByTestId('sign-out').click();
    await page.getByText('已退出登录').waitFor();
    expect(await page.evaluate(() => Object.keys(window.sessionStorage))).toEqual([]);
  });
});
