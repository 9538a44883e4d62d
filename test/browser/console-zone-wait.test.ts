import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * Every time the console shows is in the organisation's time zone, which the server names in its public
 * health answer. While that answer is on its way the frame (menu, language, signing out) is already there and
 * only the page area waits; when it does not come, the page area says why and what to do, and asks again at
 * "try again". No page, and so no time, is shown before the zone is known.
 *
 * Playwright's page.route stands in for a slow or failing server: it holds back or replaces the health
 * answer, and only that one, while every other request reaches the real server.
 */

const world = useConsoleWorld();
const HEALTH = '**/api/v1/health';
let organiser: ConsoleUser;

beforeAll(async () => {
  organiser = await createUser(world.t, 'organiser', 'CTY');
});

/** Signed in on the organisation tree, as before a reload. */
async function signedIn(): Promise<Awaited<ReturnType<typeof world.open>>> {
  const tab = await world.open(organiser);
  await tab.page.getByTestId('org-tree').waitFor();
  return tab;
}

/** The frame: the menu, who is signed in, the language and signing out. */
async function expectFrame(page: Page): Promise<void> {
  const bar = page.getByRole('banner');
  await bar.getByRole('navigation').getByTestId('nav-orgs').waitFor();
  for (const part of ['nav-meetings', 'nav-account', 'switch-language', 'sign-out']) expect(await bar.getByTestId(part).isVisible(), part).toBe(true);
  expect(await bar.getByTestId('signed-in-user').textContent()).toContain(organiser.username);
}

describe('the console while it learns the organisation’s time zone', () => {
  it('when a signed-in page is reloaded and the server is slow to answer, then the top bar is there at once and only the page area waits', async () => {
    const tab = await signedIn();
    const { page } = tab;
    let release = (): void => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    let asked = 0;
    await page.route(HEALTH, async (route) => {
      asked += 1;
      await answered;
      await route.continue();
    });
    await page.reload();
    await expectFrame(page);
    expect(asked).toBe(1);
    expect(await page.getByRole('main').textContent()).toBe('正在加载…');
    expect(await page.getByTestId('org-tree').count()).toBe(0);
    // The frame works while the page waits.
    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.getByRole('main').textContent()).toBe('Loading…');
    await tab.screenshot('zone-wait');

    release();
    await page.getByTestId('org-tree').waitFor();
    expect(await page.getByTestId('zone-loading').count()).toBe(0);
  });

  it('when the server’s database is down, then the page area says so and what to do in both languages, and "try again" opens the page once it is back', async () => {
    const tab = await signedIn();
    const { page } = tab;
    let databaseUp = false;
    let asked = 0;
    await page.route(HEALTH, async (route) => {
      asked += 1;
      if (databaseUp) return route.continue();
      // The answer the server's health route gives when its database does not answer.
      const real = await route.fetch();
      await route.fulfill({ response: real, status: 503, json: { ...((await real.json()) as object), status: 'degraded', db: 'unavailable' } });
    });
    await page.reload();
    const unknown = page.getByTestId('zone-unknown');
    await unknown.waitFor();
    await expectFrame(page);
    expect(await unknown.getByRole('heading').textContent()).toBe('页面暂时打不开');
    expect(await unknown.getByRole('alert').textContent()).toContain('服务器连不上它的数据库，所以页面暂时打不开。请过一分钟再按“重试”；如果一直这样，请告诉系统管理员。');
    expect(await page.getByTestId('org-tree').count()).toBe(0);
    // No time anywhere, not even the server's clock from the failed answer.
    expect(await page.locator('body').innerText()).not.toMatch(/\d:\d\d/);
    await tab.screenshot('zone-database-down');

    await page.getByTestId('switch-language').click();
    expect(await unknown.getByRole('heading').textContent()).toBe('The pages cannot open just now');
    expect(await unknown.getByRole('alert').textContent()).toContain('The server cannot reach its database, so the pages cannot open just now. Press Try again in a minute; if it stays like this, tell the system administrator.');
    await tab.screenshot('zone-database-down-en');

    // Still down: asked again, and said again.
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => asked).toBe(2);
    await unknown.waitFor();
    expect(await page.getByTestId('org-tree').count()).toBe(0);

    databaseUp = true;
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('org-tree').waitFor();
    expect(asked).toBe(3);
    expect(await unknown.count()).toBe(0);
  });

  it('when the server cannot be reached at all, then the page area says to check the network', async () => {
    const tab = await signedIn();
    const { page } = tab;
    await page.route(HEALTH, (route) => route.abort('connectionrefused'));
    await page.reload();
    const unknown = page.getByTestId('zone-unknown');
    await unknown.waitFor();
    await expectFrame(page);
    expect(await unknown.getByRole('alert').textContent()).toContain('连不上服务器，所以页面暂时打不开。请检查网络，过一会儿再按“重试”');
    await page.unroute(HEALTH);
    await page.getByRole('button', { name: '重试' }).click();
    await page.getByTestId('org-tree').waitFor();
  });
});
