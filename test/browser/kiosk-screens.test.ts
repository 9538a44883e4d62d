import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { generateIssuerKey } from '../../shared/issuance/issuer-key.ts';
import { contractContent } from '../kiosk/support/kiosk-harness.ts';
import { LiftingCard } from '../kiosk/support/lifting-card.ts';
import { MEETING, TRANSFER, issueCards, revoked } from '../kiosk/support/world.ts';
import { issueMemoryCard } from '../support/issued-card.ts';
import { kioskWorldPerTest, type KioskWorld } from './support/browser-kiosk-world.ts';
import { contrastRatio, parseRgb } from './support/contrast.ts';

/*
 * The kiosk screen in Debian's Chromium, driven by the real kiosk core in browser mode: taps come from an
 * in-memory reader with reference-applet cards, the server is the contract double (or gone, for offline).
 * Each state is saved to .artifacts/screenshots/kiosk-*.png for people to look at.
 */

const cards = await issueCards();
const INTERNAL_AUTHENTICATE = 0x88;

const open = kioskWorldPerTest(cards);

const result = (page: Page) => page.getByTestId('result');

interface ResultLook {
  background: string;
  texts: { text: string; colour: string; fontSize: number }[];
}

/** The computed colours and sizes of the result screen, as the member sees them. */
function resultLook(page: Page): Promise<ResultLook> {
  return result(page).evaluate((section) => ({
    background: getComputedStyle(section).backgroundColor,
    texts: [...section.querySelectorAll('p')].map((p) => ({
      text: p.textContent ?? '',
      colour: getComputedStyle(p).color,
      fontSize: Number.parseFloat(getComputedStyle(p).fontSize),
    })),
  }));
}

/** WCAG AAA for every line of text on the result screen, whatever its size. */
function expectAaaContrast(look: ResultLook): void {
  expect(look.texts.length).toBeGreaterThan(0);
  for (const { text, colour } of look.texts) {
    expect(contrastRatio(colour, look.background), `contrast of "${text}"`).toBeGreaterThanOrEqual(7);
  }
}

/** Contrast of an element's text against the first opaque background behind it. */
async function textContrast(page: Page, testId: string): Promise<number> {
  const { colour, background } = await page.getByTestId(testId).evaluate((element) => {
    let holder: Element | null = element;
    let background = 'rgba(0, 0, 0, 0)';
    while (holder && /rgba\(.*, 0\)$|transparent/.test(background)) {
      background = getComputedStyle(holder).backgroundColor;
      holder = holder.parentElement;
    }
    return { colour: getComputedStyle(element).color, background };
  });
  return contrastRatio(colour, background);
}

type Hue = 'green' | 'amber' | 'red';

function hueOf(colour: string): Hue | 'other' {
  const [r, g, b] = parseRgb(colour);
  if (g > r * 1.5 && g > b * 1.5) return 'green';
  if (r > 200 && g > 140 && b < 80) return 'amber';
  if (r > g * 3 && r > b * 3) return 'red';
  return 'other';
}

async function openScheduledMeeting(kiosk: KioskWorld): Promise<void> {
  await kiosk.running.kiosk.openMeeting({ kind: 'scheduled', meetingId: MEETING });
  await expect.poll(() => kiosk.page.getByTestId('waiting').getAttribute('data-state')).toBe('meeting');
}

describe('kiosk screen: one big answer per tap', () => {
  it('when a member of the branch taps during a meeting, then green with their name, branch and 签到成功, a rising chime, then back to waiting', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    await expect.poll(() => kiosk.page.getByRole('heading', { name: '请将党员卡放在读卡区' }).isVisible()).toBe(true);
    expect(await kiosk.page.getByTestId('current-meeting').textContent()).toBe('会议：第四季度支部党员大会');
    await kiosk.screenshot('waiting');
    await kiosk.takeTones();

    kiosk.tap(new MemoryTransport(cards.member.applet, 'reader-1'));
    await result(kiosk.page).waitFor();
    expect(await result(kiosk.page).getAttribute('data-kind')).toBe('checked-in');
    expect(await kiosk.page.getByTestId('result-name').textContent()).toBe('王芳');
    expect(await result(kiosk.page).textContent()).toContain('城关镇第七支部');
    expect(await kiosk.page.getByTestId('result-headline').textContent()).toBe('签到成功');
    const look = await resultLook(kiosk.page);
    expect(hueOf(look.background)).toBe('green');
    expectAaaContrast(look);
    expect(look.texts.find((line) => line.text === '王芳')!.fontSize).toBeGreaterThanOrEqual(64);
    await kiosk.screenshot('checked-in');

    const chime = await kiosk.takeTones();
    expect(chime).toHaveLength(3);
    expect([...chime].sort((a, b) => a - b)).toEqual(chime);
    expect(await kiosk.page.getByTestId('queue-length').textContent()).toMatch(/^待上传 \d+ 条$/);

    // The answer leaves by itself after a few seconds, and the next member sees what to do.
    await result(kiosk.page).waitFor({ state: 'detached', timeout: 8_000 });
    expect(await kiosk.page.getByRole('heading', { name: '请将党员卡放在读卡区' }).isVisible()).toBe(true);
  });

  it('when the same member taps again, then amber 已签到 with a double beep, and no second attendance', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => result(kiosk.page).getAttribute('data-kind')).toBe('checked-in');
    await kiosk.takeTones();

    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => result(kiosk.page).getAttribute('data-kind')).toBe('already');
    expect(await kiosk.page.getByTestId('result-headline').textContent()).toBe('已签到');
    expect(await kiosk.page.getByTestId('result-name').textContent()).toBe('王芳');
    const look = await resultLook(kiosk.page);
    expect(hueOf(look.background)).toBe('amber');
    expectAaaContrast(look);
    await kiosk.screenshot('already');
    const beeps = await kiosk.takeTones();
    expect(beeps).toHaveLength(2);
    expect(beeps[0]).toBe(beeps[1]);
    await kiosk.running.kiosk.syncNow();
    expect(kiosk.contract.eventsOf(kiosk.running.kiosk.kioskId).filter((event) => event.payload.type === 'checkin')).toHaveLength(1);
  });

  // The kiosk cannot tell a card lifted too soon from a reader (or pcscd) gone mid-read: both end the read the same way.
  it('when the read stops before the kiosk is done, then amber 请重新刷卡 says the card was not read to the end, blaming nobody, and nothing is recorded', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const { page } = kiosk;
    kiosk.tap(new MemoryTransport(new LiftingCard(cards.member.applet, INTERNAL_AUTHENTICATE)));
    await expect.poll(() => result(page).getAttribute('data-kind')).toBe('tap-again');
    expect(await page.getByTestId('result-headline').textContent()).toBe('请重新刷卡');
    expect(await page.getByTestId('result-detail').textContent()).toBe('这次没有读完。请把卡放在读卡区，等屏幕变色后再拿开。');
    const look = await resultLook(page);
    expect(hueOf(look.background)).toBe('amber');
    expectAaaContrast(look);
    await kiosk.screenshot('tap-again');
    expect(kiosk.running.kiosk.status().queueLength).toBe(0);

    await result(page).click();
    await page.getByRole('button', { name: 'English' }).click();
    kiosk.tap(new MemoryTransport(new LiftingCard(cards.member.applet, INTERNAL_AUTHENTICATE)));
    await expect.poll(() => page.getByTestId('result-headline').textContent()).toBe('Please tap again');
    expect(await page.getByTestId('result-detail').textContent()).toBe(
      'The card was not read to the end. Place it on the reader and hold it still until the screen changes colour.',
    );
  });

  it('when the reader cannot connect to a card, then amber 没有读到卡 says to take it away and place it again, in Chinese and English, nothing is recorded, and the next tap checks in', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const { page } = kiosk;
    await kiosk.takeTones();

    kiosk.readers.cardNotRead('reader-1');
    await expect.poll(() => result(page).getAttribute('data-kind')).toBe('not-read');
    expect(await page.getByTestId('result-headline').textContent()).toBe('没有读到卡');
    expect(await result(page).textContent()).toContain('请把卡拿开，再放一次。');
    const look = await resultLook(page);
    expect(hueOf(look.background)).toBe('amber');
    expectAaaContrast(look);
    expect(look.texts.find((line) => line.text === '没有读到卡')!.fontSize).toBeGreaterThanOrEqual(56);
    await kiosk.screenshot('not-read');
    expect(await kiosk.takeTones()).toHaveLength(2);

    await result(page).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Place your member card on the reader' }).waitFor();
    kiosk.readers.cardNotRead('reader-1');
    await expect.poll(() => page.getByTestId('result-headline').textContent()).toBe('The card could not be read');
    expect(await result(page).textContent()).toContain('Take it away and place it again.');
    await kiosk.screenshot('not-read-english');
    await result(page).click();

    expect(kiosk.running.kiosk.status().queueLength).toBe(0);
    // The reader is fine: the tap screen is back, and the next tap is an ordinary one.
    await page.getByRole('heading', { name: '请将党员卡放在读卡区' }).waitFor();
    kiosk.tap(new MemoryTransport(cards.member.applet, 'reader-1'));
    await expect.poll(() => result(page).getAttribute('data-kind')).toBe('checked-in');
  });

  it('when a revoked card is tapped, then red with the reason in plain words and whom to ask, and a low tone', async () => {
    const kiosk = await open({ content: { ...contractContent(cards), revoked: [revoked(cards.member)] } });
    await openScheduledMeeting(kiosk);
    await kiosk.takeTones();

    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => result(kiosk.page).getAttribute('data-kind')).toBe('refused');
    expect(await kiosk.page.getByTestId('result-outcome').textContent()).toBe('签到未成功');
    expect(await kiosk.page.getByTestId('result-headline').textContent()).toBe('此卡已挂失或停用');
    expect(await result(kiosk.page).textContent()).toContain('请联系支部书记');
    const look = await resultLook(kiosk.page);
    expect(hueOf(look.background)).toBe('red');
    expectAaaContrast(look);
    await kiosk.screenshot('refused-revoked');
    const tone = await kiosk.takeTones();
    expect(tone).toHaveLength(1);
    expect(tone[0]).toBeLessThan(250);
  });

  it('when a card from an unknown issuer is tapped, then red: the card is not recognised, ask the branch secretary', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const stranger = await issueMemoryCard({ member: '3399000001', issuer: await generateIssuerKey('other-county-od') });
    kiosk.tap(new MemoryTransport(stranger.applet));
    await expect.poll(() => result(kiosk.page).getAttribute('data-kind')).toBe('refused');
    expect(await kiosk.page.getByTestId('result-outcome').textContent()).toBe('签到未成功');
    expect(await kiosk.page.getByTestId('result-headline').textContent()).toBe('无法识别这张卡');
    expect(await result(kiosk.page).textContent()).toContain('请联系支部书记');
    const look = await resultLook(kiosk.page);
    expect(hueOf(look.background)).toBe('red');
    expectAaaContrast(look);
    await kiosk.screenshot('refused-unknown-issuer');
  });

  it('when no meeting is open, then the screen says check-in has not started, and a tap says so in amber', async () => {
    const kiosk = await open();
    await expect.poll(() => kiosk.page.getByTestId('waiting').getAttribute('data-state')).toBe('idle');
    expect(await kiosk.page.getByTestId('current-meeting').textContent()).toBe('当前没有会议');
    await kiosk.screenshot('idle');
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => result(kiosk.page).getAttribute('data-kind')).toBe('not-ready');
    expect(await kiosk.page.getByTestId('result-headline').textContent()).toBe('签到还没有开始');
    expectAaaContrast(await resultLook(kiosk.page));
  });
});

describe('kiosk screen: offline', () => {
  it('when the server cannot be reached, then a calm 离线 banner shows, taps still check in, and the upload queue grows', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    expect(await kiosk.page.getByTestId('connection').getAttribute('data-state')).toBe('online');
    expect(await kiosk.page.getByTestId('offline-banner').count()).toBe(0);

    expect(await kiosk.page.getByTestId('queue-length').textContent()).toBe('待上传 0 条');

    // The kiosk learns the server is gone when it next has something to send: the first tap.
    await kiosk.contract.stop();
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => result(kiosk.page).getAttribute('data-kind')).toBe('checked-in');
    await kiosk.page.getByTestId('offline-banner').waitFor();
    expect(await kiosk.page.getByTestId('connection').textContent()).toBe('未联网');
    expect(await kiosk.page.getByTestId('offline-banner').textContent()).toContain('网络暂时断开');
    await expect.poll(() => kiosk.page.getByTestId('queue-length').textContent()).toBe('待上传 1 条');

    kiosk.tap(new MemoryTransport(cards.visitor.applet));
    await expect.poll(() => kiosk.page.getByTestId('result-name').textContent()).toBe(cards.visitor.credential.claims.name);
    await expect.poll(() => kiosk.page.getByTestId('queue-length').textContent()).toBe('待上传 2 条');
    for (const part of ['offline-banner', 'connection', 'queue-length', 'current-meeting']) {
      expect(await textContrast(kiosk.page, part), part).toBeGreaterThanOrEqual(7);
    }
    await result(kiosk.page).click();
    await result(kiosk.page).waitFor({ state: 'detached' });
    await kiosk.screenshot('offline');
  });

  it('when 立即上传 failed while the server was away, then its error goes once the kiosk is online again and has uploaded', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const { page } = kiosk;
    await kiosk.contract.stop();
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => page.getByTestId('queue-length').textContent()).toBe('待上传 1 条');
    await result(page).click();
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByRole('button', { name: '签到机信息' }).click();
    await page.getByRole('button', { name: '立即上传' }).click();
    await expect.poll(() => page.getByTestId('secretary-error').getAttribute('data-code')).toBe('ERR_SERVER_UNREACHABLE');
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('offline');

    await kiosk.contract.restart();
    await kiosk.running.kiosk.syncNow();
    await expect.poll(() => page.getByTestId('connection').getAttribute('data-state')).toBe('online');
    await expect.poll(() => page.getByTestId('secretary-error').count()).toBe(0);
    expect(await page.getByTestId('queue-length').textContent()).toBe('待上传 0 条');
  });
});

describe('kiosk screen: secretary', () => {
  it('when the secretary opens an ad-hoc meeting from the corner button with the admin PIN, then its title is shown and members check in to it', async () => {
    const kiosk = await open();
    await kiosk.running.kiosk.setAdminPin('2468');
    const { page } = kiosk;
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByText('请输入管理密码').waitFor();
    await page.keyboard.type('1111');
    await page.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => page.getByTestId('secretary-error').textContent()).toBe('密码不对，请再输入一次。');
    await kiosk.screenshot('secretary-pin');
    for (const digit of '2468') await page.getByRole('button', { name: digit, exact: true }).click();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByRole('button', { name: '开启会议' }).waitFor();
    await kiosk.screenshot('secretary-menu');

    await page.getByRole('button', { name: '开启会议' }).click();
    await page.getByRole('button', { name: '党课' }).click();
    const title = page.getByLabel('会议名称');
    expect(await title.inputValue()).toMatch(/^党课（\d+月\d+日）$/);
    await title.fill('党课：学习新党章');
    await kiosk.screenshot('secretary-open-meeting');
    await page.getByRole('button', { name: '开始签到' }).click();

    await expect.poll(() => page.getByTestId('current-meeting').textContent()).toBe('会议：党课：学习新党章');
    expect(await page.getByTestId('waiting').textContent()).toContain('党课：学习新党章');
    expect(kiosk.running.kiosk.status().mode).toMatchObject({ kind: 'meeting', meeting: { origin: 'ad-hoc', kind: 'lecture', title: '党课：学习新党章' } });
    await kiosk.screenshot('meeting-opened');

    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => result(kiosk.page).getAttribute('data-kind')).toBe('checked-in');
    await kiosk.running.kiosk.syncNow();
    const delivered = kiosk.contract.eventsOf(kiosk.running.kiosk.kioskId).map((event) => event.payload);
    expect(delivered).toMatchObject([{ type: 'meeting.open', kind: 'lecture', title: '党课：学习新党章' }, { type: 'checkin', member: '3301020001' }]);
  });

  it('when the secretary opens an ad-hoc meeting on the English screen, then the title suggested is Chinese, the screen says why, and the record and the Chinese screens have it in Chinese', async () => {
    const kiosk = await open();
    const { page } = kiosk;
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Secretary' }).click();
    await page.getByRole('button', { name: 'Open a meeting' }).click();
    expect(await page.getByTestId('title-language').textContent()).toBe('Titles are suggested in Chinese, the language of the records.');
    await page.getByRole('button', { name: 'Party group meeting' }).click();
    const title = await page.getByLabel('Meeting title').inputValue();
    expect(title).toMatch(/^党小组会（\d+月\d+日）$/);
    await kiosk.screenshot('secretary-open-meeting-english');
    await page.getByRole('button', { name: 'Start check-in' }).click();

    // Back on the member's screen, which is Chinese once the secretary's screens close.
    await expect.poll(() => page.getByTestId('current-meeting').textContent()).toBe(`会议：${title}`);
    expect(await page.getByTestId('waiting').textContent()).toContain(title);
    await kiosk.running.kiosk.syncNow();
    expect(kiosk.contract.eventsOf(kiosk.running.kiosk.kioskId).map((event) => event.payload)).toMatchObject([{ type: 'meeting.open', kind: 'group', title }]);
  });

  it('when the secretary closes the meeting, then the kiosk names it, asks once, and goes back to not checking in', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const { page } = kiosk;
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByRole('button', { name: '结束会议' }).click();
    expect(await page.getByText('结束会议“第四季度支部党员大会”吗？').isVisible()).toBe(true);
    await page.getByRole('button', { name: '结束会议' }).last().click();
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('idle');
    expect(kiosk.running.kiosk.status().mode).toEqual({ kind: 'idle' });
  });

  it('when a transfer is accepted, then the screen guides the member tap and then the secretary tap, and says it is done', async () => {
    const kiosk = await open();
    const { page } = kiosk;
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByRole('button', { name: '办理组织关系转入' }).click();
    await page.getByRole('button', { name: /陈明/ }).click();
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('transfer-member');
    expect(await page.getByRole('heading').textContent()).toBe('第一步：请 陈明 刷党员卡');
    await kiosk.screenshot('transfer-member-step');

    kiosk.tap(new MemoryTransport(cards.transferee.applet));
    await expect.poll(() => result(page).getAttribute('data-kind')).toBe('transfer-member-ok');
    await result(page).click();
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('transfer-secretary');
    expect(await page.getByRole('heading').textContent()).toBe('第二步：请支部书记刷卡');
    await kiosk.screenshot('transfer-secretary-step');

    // A member's card where the secretary's is wanted: refused, and the transfer waits for the right card.
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => result(page).getAttribute('data-kind')).toBe('refused');
    expect(await page.getByTestId('result-outcome').textContent()).toBe('转入未完成');
    expect(await page.getByTestId('result-headline').textContent()).toBe('需要本支部书记确认');
    await kiosk.screenshot('transfer-refused-not-secretary');

    kiosk.tap(new MemoryTransport(cards.secretary.applet));
    await expect.poll(() => result(page).getAttribute('data-kind')).toBe('transfer-accepted');
    expect(await page.getByTestId('result-headline').textContent()).toBe('组织关系转入成功');
    expect(await result(page).textContent()).toContain('确认人：李书记');
    expectAaaContrast(await resultLook(page));
    await kiosk.screenshot('transfer-accepted');
  });

  it('when the secretary cancels a transfer, then the kiosk names the member, says the letter stays open, asks once, and the letter can be taken up again', async () => {
    const kiosk = await open();
    const { page } = kiosk;
    await kiosk.running.kiosk.startTransferAcceptance(TRANSFER);
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('transfer-member');
    await page.getByRole('button', { name: '取消转入' }).click();
    expect(await page.getByText('停止办理 陈明 的组织关系转入吗？').isVisible()).toBe(true);
    expect(await page.getByText('签到机将不再等待刷卡确认。介绍信不受影响').isVisible()).toBe(true);
    await kiosk.screenshot('cancel-transfer');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByText('Stop accepting the transfer of 陈明?').isVisible()).toBe(true);
    await page.getByRole('button', { name: '中文' }).click();
    await page.locator('.button--danger', { hasText: '取消转入' }).click();
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('idle');

    await kiosk.running.kiosk.syncNow();
    expect(kiosk.contract.eventsOf(kiosk.running.kiosk.kioskId)).toEqual([]);
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByRole('button', { name: '办理组织关系转入' }).click();
    await page.getByRole('button', { name: /陈明/ }).click();
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('transfer-member');
  });

  it('when the member has tapped and the secretary cancels the transfer, then the kiosk says that tap no longer counts', async () => {
    const kiosk = await open();
    const { page } = kiosk;
    await kiosk.running.kiosk.startTransferAcceptance(TRANSFER);
    kiosk.tap(new MemoryTransport(cards.transferee.applet));
    await expect.poll(() => result(page).getAttribute('data-kind')).toBe('transfer-member-ok');
    await result(page).click();
    await page.getByRole('button', { name: '取消转入' }).click();
    expect(await page.getByText('陈明 刚才刷的卡不再算数，重新办理时要再刷一次。').isVisible()).toBe(true);
  });

  it('when the corner button is looked at or read out, then it is named as the page it opens, 书记管理 / Secretary', async () => {
    const { page } = await open();
    const corner = page.locator('.status-bar__secretary');
    expect(await corner.textContent()).toBe('书记管理');
    expect(await page.getByRole('button', { name: '书记管理', exact: true }).count()).toBe(1);
    await corner.click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('书记管理');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await corner.textContent()).toBe('Secretary');
    expect(await page.getByRole('button', { name: 'Secretary', exact: true }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Secretary');
  });

  it('when the secretary sets the first admin PIN, then the corner button asks for it from then on', async () => {
    const kiosk = await open();
    const { page } = kiosk;
    await page.getByRole('button', { name: '书记管理' }).click();
    expect(await page.getByText('还没有管理密码').first().isVisible()).toBe(true);
    await page.getByRole('button', { name: '设置管理密码' }).click();
    await page.getByLabel('新密码（4 到 12 位数字）').fill('1357');
    await page.getByLabel('再输入一次新密码').fill('1375');
    await page.getByRole('button', { name: '确定' }).click();
    expect(await page.getByText('两次输入的新密码不一样').isVisible()).toBe(true);
    await page.getByLabel('再输入一次新密码').fill('1357');
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText('管理密码已设置').waitFor();
    await kiosk.screenshot('secretary-set-pin');
    expect(kiosk.running.kiosk.status().adminPinSet).toBe(true);
    expect(await kiosk.running.kiosk.verifyAdminPin('1357')).toBe(true);

    // Back to the member's screen; after the short grace period the corner button asks for the new PIN.
    await page.getByRole('button', { name: '返回', exact: true }).click();
    await page.getByRole('button', { name: '← 返回' }).click();
    await page.clock.install();
    await page.clock.fastForward(3 * 60_000);
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByText('请输入管理密码').waitFor();
  });

  it('when the secretary walks away from the secretary screens, then they close by themselves and members see the waiting screen', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const { page } = kiosk;
    await page.clock.install();
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByRole('button', { name: '结束会议' }).waitFor();
    await page.clock.fastForward(2 * 60_000);
    expect(await page.getByRole('button', { name: '结束会议' }).isVisible()).toBe(true);
    await page.clock.fastForward(60_000 + 1_000);
    await page.getByRole('heading', { name: '请将党员卡放在读卡区' }).waitFor();
  });

  it('when the kiosk is not enrolled, then a first-run screen leads to enrolment, a used code says what to do, and a good one finishes set-up', async () => {
    const kiosk = await open({ enrol: false });
    const { page } = kiosk;
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('not-enrolled');
    await kiosk.screenshot('first-run');
    await page.getByRole('button', { name: '开始设置' }).click();
    await page.getByLabel('服务器地址').fill(kiosk.contract.url);
    await page.getByLabel('登记码').fill('not-a-code-anyone-issued');
    await page.getByLabel(/签到机名称/).fill('城关镇第七支部 2 号机');
    await page.getByRole('button', { name: '完成设置' }).click();
    await expect.poll(() => page.getByTestId('secretary-error').getAttribute('data-code')).toBe('ERR_SERVER_REFUSED');
    expect(await page.getByTestId('secretary-error').textContent()).toContain('请向组织部要一个新的登记码');
    await kiosk.screenshot('enrol-refused');

    await page.getByLabel('登记码').fill(kiosk.contract.createEnrolmentToken('branch-7'));
    await page.getByRole('button', { name: '完成设置' }).click();
    await expect.poll(() => page.getByTestId('waiting').getAttribute('data-state')).toBe('idle');
    expect(kiosk.running.kiosk.status()).toMatchObject({ enrolled: true, enrolment: { name: '城关镇第七支部 2 号机' } });
  });
});

describe('kiosk screen: a meeting closed elsewhere', () => {
  it('when the server refuses a check-in because the meeting was closed at another kiosk, then the kiosk leaves it and says so calmly, in Chinese, then English, until the secretary opens the next meeting', async () => {
    const kiosk = await open();
    const { page } = kiosk;
    const waiting = page.getByTestId('waiting');
    const said = () => waiting.locator('h1, p').allTextContents();
    await openScheduledMeeting(kiosk);
    kiosk.contract.closeMeeting(MEETING);
    // The kiosk has not heard of the close: it greets the member, and the upload brings the server's refusal.
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => result(page).getAttribute('data-kind')).toBe('checked-in');
    await result(page).click();
    await kiosk.running.kiosk.syncNow();
    await expect.poll(() => waiting.getAttribute('data-state')).toBe('closed-elsewhere');
    expect(await said()).toEqual(['第四季度支部党员大会', '这个会议已经结束了', '会议已在另一台签到机上或由支部结束。支部书记可以开启下一个会议。']);
    expect(await page.getByTestId('current-meeting').textContent()).toBe('当前没有会议');
    await kiosk.screenshot('closed-elsewhere');

    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(said)
      .toEqual(['第四季度支部党员大会', 'This meeting has ended', 'It was ended at another kiosk or by the branch. The branch secretary can open the next meeting.']);
    await kiosk.screenshot('english-closed-elsewhere');

    await kiosk.running.kiosk.openMeeting({ kind: 'ad-hoc', meetingKind: 'group', title: '第一党小组会' });
    await expect.poll(() => waiting.getAttribute('data-state')).toBe('meeting');
  });
});

describe('kiosk screen: language and isolation', () => {
  it('when English is chosen, then the waiting screen and the answers are in English, and 中文 switches back', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const { page } = kiosk;
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Place your member card on the reader' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('current-meeting').textContent()).toBe('Meeting: 第四季度支部党员大会');
    await kiosk.screenshot('english-waiting');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '请将党员卡放在读卡区' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    await page.getByRole('button', { name: 'English' }).click();
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => page.getByTestId('result-headline').textContent()).toBe('Checked in');
    await kiosk.screenshot('english-checked-in');
  });

  it('when a member who chose English has tapped, then once the answer has gone the screen is Chinese again for the next member', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const { page } = kiosk;
    await page.getByRole('button', { name: 'English' }).click();
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => page.getByTestId('result-headline').textContent()).toBe('Checked in');
    // The answer leaves by itself, as it does when nobody touches it.
    await result(page).waitFor({ state: 'detached', timeout: 8_000 });
    await page.getByRole('heading', { name: '请将党员卡放在读卡区' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it('when English is chosen during someone else’s answer, then it stays for the member who chose it', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const { page } = kiosk;
    kiosk.tap(new MemoryTransport(cards.member.applet));
    await expect.poll(() => page.getByTestId('result-headline').textContent()).toBe('签到成功');
    await page.getByRole('button', { name: 'English' }).click();
    await result(page).click();
    await page.getByRole('heading', { name: 'Place your member card on the reader' }).waitFor();
  });

  it('when English is left untouched on the member’s screen for 30 s, then it is Chinese again; a touch before then gives another 30 s', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const { page } = kiosk;
    await page.clock.install();
    await page.getByRole('button', { name: 'English' }).click();
    await page.clock.fastForward(20_000);
    await page.getByTestId('waiting').click();
    await page.clock.fastForward(20_000);
    expect(await page.getByRole('heading').textContent()).toBe('Place your member card on the reader');
    await page.clock.fastForward(10_000 + 1_000);
    await page.getByRole('heading', { name: '请将党员卡放在读卡区' }).waitFor();
  });

  it('when the secretary works in English, then the secretary’s screens stay English while in use, and the member’s screen after them is Chinese', async () => {
    const kiosk = await open();
    await openScheduledMeeting(kiosk);
    const { page } = kiosk;
    await page.clock.install();
    await page.getByRole('button', { name: '书记管理' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'About this kiosk' }).waitFor();
    await page.clock.fastForward(2 * 60_000);
    expect(await page.getByRole('button', { name: 'About this kiosk' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: '← Back' }).click();
    await page.getByRole('heading', { name: '请将党员卡放在读卡区' }).waitFor();
  });

  it('when the renderer looks for Node, then there is none: only the kiosk bridge object', async () => {
    const kiosk = await open();
    const globals = await kiosk.page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      module: typeof (globalThis as { module?: unknown }).module,
      buffer: typeof (globalThis as { Buffer?: unknown }).Buffer,
      bridge: Object.keys(window.kiosk ?? {}).sort(),
    }));
    expect(globals).toEqual({
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      buffer: 'undefined',
      bridge: [
        'cancel', 'closeMeeting', 'enroll', 'leaveKioskMode', 'meetingKinds', 'onNotice', 'openMeeting', 'pendingTransfers', 'rejectedEvents',
        'scheduledMeetings', 'setAdminPin', 'shell', 'startTransferAcceptance', 'status', 'syncNow', 'verifyAdminPin',
      ],
    });
  });
});
