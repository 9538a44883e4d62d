import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserKioskServer, type BrowserKioskServer } from '../../kiosk/browser/server.ts';
import type { ReaderState } from '../../kiosk/core/readers/reader-status.ts';
import { VIRTUAL_READERS } from '../../scripts/lib/vpcd-card.ts';
import { buildUiOnce } from '../browser/support/browser-kiosk-world.ts';
import { SCREENSHOTS, launchChromium } from '../browser/support/chromium.ts';
import { openKioskWorld, type KioskWorld } from './support/kiosk-world.ts';
import { restoreNormalPcscd, startPcscdWithoutReaders, stopPcscd } from './support/pcscd-control.ts';

/*
 * The kiosk screen when the card reader really goes: a real kiosk enrolled with a real server, in a meeting, its
 * own ResilientReaders over pcscd + vpcd + nfc-pcsc, and its browser-mode screen in Debian's Chromium. pcscd is
 * stopped, then started with no reader (every reader unplugged), then started normally again, and the screen must
 * follow by itself. Here, not in test/browser, because it takes the shared pcscd away: end-to-end files take turns.
 */

/** ResilientReaders retries pcscd at most 5 s apart; the rest is pcscd's own start and the screen's update. */
const RECOVERY_MS = 8_000;

let world: KioskWorld;
let browser: Browser;
let ui: { uiDir: string; remove: () => void };
let host: BrowserKioskServer;
let page: Page;
/** every reader state the kiosk published, in order */
const readerStates: ReaderState[] = [];

beforeAll(async () => {
  [browser, ui] = await Promise.all([launchChromium(), buildUiOnce()]);
  world = await openKioskWorld({ county: { members: 2 } });
  world.kiosk.subscribe((notice) => {
    if (notice.type === 'status' && notice.status.reader) readerStates.push(notice.status.reader.state);
  });
  host = await startBrowserKioskServer({ kiosk: world.kiosk, uiDir: ui.uiDir });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  await page.goto(host.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await world?.close();
  ui?.remove();
  await restoreNormalPcscd();
});

const waiting = () => page.getByTestId('waiting');
const screenshot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `kiosk-${name}.png`) });

describe('kiosk screen with the real card reader path', () => {
  it('when pcscd stops and comes back with no reader, then the tap screen says the reader is not connected (中文 and English); once the reader is back, a tap checks in', async () => {
    await expect.poll(() => waiting().getAttribute('data-state')).toBe('meeting');
    expect(world.kiosk.status().reader).toEqual({ state: 'connected', readers: expect.arrayContaining([...VIRTUAL_READERS]) });

    await stopPcscd('SIGTERM');
    await expect.poll(() => waiting().getAttribute('data-reader-state'), { timeout: RECOVERY_MS }).toBe('waiting-for-pcscd');
    expect(await page.getByRole('heading').textContent()).toBe('正在连接读卡器');
    expect(await page.getByRole('heading', { name: '请将党员卡放在读卡区' }).count()).toBe(0);
    await screenshot('reader-waiting-for-pcscd');

    await startPcscdWithoutReaders();
    await expect.poll(() => waiting().getAttribute('data-reader-state'), { timeout: RECOVERY_MS }).toBe('no-readers');
    expect(await page.getByRole('heading').textContent()).toBe('读卡器没有连接');
    expect(await page.getByTestId('reader-member').textContent()).toBe('暂时不能刷卡签到，请稍等。');
    expect(await page.getByTestId('reader-action').textContent()).toContain('请工作人员检查读卡器的连接线');
    await screenshot('reader-not-connected');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'The card reader is not connected' }).waitFor();
    expect(await page.getByTestId('reader-action').textContent()).toContain("Staff: please check the reader's cable.");
    await screenshot('reader-not-connected-english');
    await page.getByRole('button', { name: '中文' }).click();

    await restoreNormalPcscd();
    await expect.poll(() => waiting().getAttribute('data-state'), { timeout: RECOVERY_MS }).toBe('meeting');
    expect(await page.getByRole('heading').textContent()).toBe('请将党员卡放在读卡区');

    const member = world.county.members[0]!;
    expect(await world.tap(member)).toMatchObject({ kind: 'checked-in', person: { name: member.name } });
    await expect.poll(() => page.getByTestId('result-name').textContent()).toBe(member.name);
    await screenshot('reader-back-checked-in');

    expect(readerStates).toEqual(expect.arrayContaining(['waiting-for-pcscd', 'no-readers', 'connected']));
    // pcscd going away fails every reader with the codes a broken reader gives: it must not read as a reader fault.
    expect(readerStates).not.toContain('failed');
    expect(world.kioskErrors).toEqual([]);
  });
});
