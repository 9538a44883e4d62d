import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ReaderStatus } from '../../kiosk/core/readers/reader-status.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { MEETING, TRANSFER, issueCards } from '../kiosk/support/world.ts';
import { kioskWorldPerTest } from './support/browser-kiosk-world.ts';
import { contrastRatio } from './support/contrast.ts';

/*
 * The kiosk screen when no card reader can read a card, driven by the real kiosk core in browser mode through
 * its in-memory reader source, which announces reader states as ResilientReaders does. The same screen over a
 * real pcscd that is stopped and started is in test/e2e/kiosk-reader-screen.test.ts; a reader failing while pcscd
 * stays up cannot be produced with the virtual reader, so that state is only ever driven from here.
 */

const cards = await issueCards();

const UNPLUGGED: ReaderStatus = { state: 'no-readers', readers: [] };
const READER = 'ACS ACR1252 1S CL Reader PICC 0';
const FAILED: ReaderStatus = { state: 'failed', readers: [], failure: { reader: READER, message: 'SCardGetStatusChange error: RPC transport error.(0x80100013)' } };
const BACK: ReaderStatus = { state: 'connected', readers: [READER] };
/** What ResilientReaders says while pcscd runs but will not let the kiosk in: a failure that names no reader. */
const REFUSED: ReaderStatus = { state: 'failed', readers: [], failure: { message: 'SCardEstablishContext error: Access denied.(0x8010006a)' } };

const open = kioskWorldPerTest(cards);

const waiting = (page: Page) => page.getByTestId('waiting');

/** Size and contrast of one line of the screen, against the first opaque background behind it. */
function look(page: Page, selector: string): Promise<{ fontSize: number; colour: string; background: string }> {
  return page.locator(selector).evaluate((element) => {
    let holder: Element | null = element;
    let background = 'rgba(0, 0, 0, 0)';
    while (holder && /rgba\(.*, 0\)$|transparent/.test(background)) {
      background = getComputedStyle(holder).backgroundColor;
      holder = holder.parentElement;
    }
    return { fontSize: Number.parseFloat(getComputedStyle(element).fontSize), colour: getComputedStyle(element).color, background };
  });
}

async function openKioskInfo(page: Page): Promise<void> {
  await page.getByRole('button', { name: '书记管理' }).click();
  await page.getByRole('button', { name: '签到机信息' }).click();
}

/** The value beside a label on the kiosk information screen. */
const infoValue = (page: Page, label: string) => page.locator('.info__row').filter({ has: page.getByRole('term').getByText(label, { exact: true }) }).locator('dd');

describe('kiosk screen: no card reader', () => {
  it('when the reader is unplugged during a meeting, then large plain words say so instead of inviting a tap, in Chinese and English, and the tap screen is back with the reader', async () => {
    const kiosk = await open();
    await kiosk.running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    const { page } = kiosk;
    await expect.poll(() => waiting(page).getAttribute('data-state')).toBe('meeting');

    kiosk.readers.setStatus(UNPLUGGED);
    await expect.poll(() => waiting(page).getAttribute('data-reader-state')).toBe('no-readers');
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('读卡器没有连接');
    expect(await page.getByRole('heading', { name: '请将党员卡放在读卡区' }).count()).toBe(0);
    expect(await page.getByTestId('reader-member').textContent()).toBe('暂时不能刷卡签到，请稍等。');
    expect(await page.getByTestId('reader-action').textContent()).toBe('请工作人员检查读卡器的连接线。插好后不用重启，马上就能刷卡。');
    // Which meeting is still said, so nobody thinks the meeting was closed.
    expect(await waiting(page).textContent()).toContain('第四季度支部党员大会');
    for (const [selector, minimum] of [['.waiting__title', 64], ['[data-testid=reader-member]', 40], ['[data-testid=reader-action]', 36]] as const) {
      const line = await look(page, selector);
      expect(line.fontSize, selector).toBeGreaterThanOrEqual(minimum);
      expect(contrastRatio(line.colour, line.background), selector).toBeGreaterThanOrEqual(7);
    }
    await kiosk.screenshot('reader-unplugged');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'The card reader is not connected' }).waitFor();
    expect(await page.getByTestId('reader-member').textContent()).toBe('Cards cannot be read right now. Please wait.');
    expect(await page.getByTestId('reader-action').textContent()).toBe("Staff: please check the reader's cable. Once it is plugged in, cards work again; no restart needed.");
    await kiosk.screenshot('reader-unplugged-english');
    await page.getByRole('button', { name: '中文' }).click();

    kiosk.readers.setStatus(BACK);
    await page.getByRole('heading', { name: '请将党员卡放在读卡区' }).waitFor();
    expect(await waiting(page).getAttribute('data-state')).toBe('meeting');
    kiosk.tap(new MemoryTransport(cards.member.applet, READER));
    await expect.poll(() => page.getByTestId('result').getAttribute('data-kind')).toBe('checked-in');
    expect(await page.getByTestId('result-name').textContent()).toBe('王芳');
  });

  it('when the reader fails, then the screen says it has a fault and to replug it, and the kiosk information names the reader and what it reported', async () => {
    const kiosk = await open();
    await kiosk.running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    const { page } = kiosk;

    await openKioskInfo(page);
    expect(await infoValue(page, '读卡器').textContent()).toBe('正常：memory');
    kiosk.readers.setStatus(BACK);
    await expect.poll(() => infoValue(page, '读卡器').textContent()).toBe(`正常：${READER}`);

    kiosk.readers.setStatus(FAILED);
    await expect.poll(() => infoValue(page, '读卡器').textContent()).toBe(`故障：${READER}`);
    expect(await infoValue(page, '读卡器报告的问题').textContent()).toBe(FAILED.failure!.message);
    await kiosk.screenshot('reader-failed-info');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await infoValue(page, 'Card reader').textContent()).toBe(`Fault: ${READER}`);
    await page.getByRole('button', { name: '中文' }).click();

    // From the information back to the menu, and from the menu back to the member's screen.
    await page.getByRole('button', { name: '← 返回' }).click();
    await page.getByRole('button', { name: '签到机信息' }).waitFor();
    await page.getByRole('button', { name: '← 返回' }).click();
    await expect.poll(() => waiting(page).getAttribute('data-reader-state')).toBe('failed');
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('读卡器出了故障');
    expect(await page.getByTestId('reader-action').textContent()).toBe('请工作人员把读卡器的连接线拔下，再重新插好。如果还是不行，请重启签到机。');
    await kiosk.screenshot('reader-failed');

    kiosk.readers.setStatus(UNPLUGGED);
    await openKioskInfo(page);
    expect(await infoValue(page, '读卡器').textContent()).toBe('没有连接读卡器，请检查连接线');
    expect(await infoValue(page, '读卡器报告的问题').count()).toBe(0);
  });

  it('when pcscd refuses the kiosk or keeps it waiting, then the screen says the card service is not responding and the kiosk keeps trying, not to replug the reader, in Chinese and English', async () => {
    const kiosk = await open();
    await kiosk.running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
    const { page } = kiosk;

    kiosk.readers.setStatus(REFUSED);
    await expect.poll(() => waiting(page).getAttribute('data-reader-state')).toBe('failed');
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('读卡服务没有响应');
    expect(await page.getByTestId('reader-member').textContent()).toBe('暂时不能刷卡签到，请稍等。');
    expect(await page.getByTestId('reader-action').textContent()).toBe('签到机会自己一直重试。如果几分钟后仍是这样，请工作人员重启签到机（关机后再开机）。');
    for (const selector of ['.waiting__title', '[data-testid=reader-action]']) {
      const line = await look(page, selector);
      expect(contrastRatio(line.colour, line.background), selector).toBeGreaterThanOrEqual(7);
    }
    await kiosk.screenshot('reader-refused');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'The card reader service is not responding' }).waitFor();
    expect(await page.getByTestId('reader-action').textContent()).toBe(
      'The kiosk keeps trying by itself. If this lasts a few minutes, staff: please restart the kiosk (switch it off and on again).',
    );
    await kiosk.screenshot('reader-refused-english');
    await page.getByRole('button', { name: '中文' }).click();

    await openKioskInfo(page);
    expect(await infoValue(page, '读卡器').textContent()).toBe('故障：读卡服务（pcscd）拒绝连接');
    expect(await infoValue(page, '读卡器报告的问题').textContent()).toBe(REFUSED.failure!.message);
  });

  it('when no meeting is open, or a transfer waits for its taps, then the reader trouble shows there too, and the transfer can still be cancelled', async () => {
    const kiosk = await open();
    const { page } = kiosk;
    await expect.poll(() => waiting(page).getAttribute('data-state')).toBe('idle');
    kiosk.readers.setStatus({ state: 'waiting-for-pcscd', readers: [] });
    await expect.poll(() => waiting(page).getAttribute('data-reader-state')).toBe('waiting-for-pcscd');
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('正在连接读卡器');
    expect(await page.getByTestId('reader-action').textContent()).toBe('如果一分钟后仍是这样，请工作人员重启签到机。');

    kiosk.readers.setStatus(UNPLUGGED);
    await kiosk.running.kiosk.startTransferAcceptance(TRANSFER);
    await expect.poll(() => waiting(page).textContent()).toContain('组织关系转入');
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('读卡器没有连接');
    await kiosk.screenshot('reader-unplugged-transfer');
    // The same way out as from the tap screen: the secretary confirms once.
    await page.getByRole('button', { name: '取消转入' }).click();
    await page.locator('.button--danger', { hasText: '取消转入' }).click();
    await expect.poll(() => kiosk.running.kiosk.status().mode).toEqual({ kind: 'idle' });
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('读卡器没有连接');
  });
});
