import { beforeAll, describe, expect, it } from 'vitest';
import { ReferenceApplet } from '../../card-firmware-spec/reference/applet.ts';
import { MemoryTransport } from '../../shared/card/memory-transport.ts';
import { AlarmListSchema, type AlarmView } from '../../server/schemas/alarms.ts';
import { FindingListSchema, type FindingView } from '../../server/schemas/findings.ts';
import { registeredIssuer } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { ingest, KioskSigner, memberWithCard, scheduleMeeting, type TestCard } from '../server/support/ingest-world.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * 警报 / Alarms, raised by real ingest: a copy of a 甲镇第一支部 member's card (the same key, so the same
 * counter) is tapped at the branch's kiosk after the real card, and 甲镇第二支部's kiosk sends a second,
 * different record under a sequence number it already used. The rules turn both into reminders whose
 * evidence names the alarm and the kiosk.
 */

const world = useConsoleWorld();
let organiser: ConsoleUser;
let auditor: ConsoleUser;
let secretary: ConsoleUser;
let card: TestCard;
let cloneKiosk: KioskSigner;
let forkKiosk: KioskSigner;
let clone: AlarmView;
let fork: AlarmView;

async function alarmsOf(type: AlarmView['type']): Promise<AlarmView[]> {
  const { t } = world;
  return expectOk(await t.call('GET', `/api/v1/alarms?type=${type}`, { token: await t.adminToken() }), 200, AlarmListSchema).alarms;
}

async function findingOf(rule: string, org: string): Promise<FindingView> {
  const { t } = world;
  const { findings } = expectOk(await t.call('GET', `/api/v1/findings?org=${org}&rule=${rule}`, { token: await t.adminToken() }), 200, FindingListSchema);
  const [finding] = findings;
  if (!finding) throw new Error(`no ${rule} finding at ${org}`);
  return finding;
}

beforeAll(async () => {
  const { t } = world;
  const issuer = await registeredIssuer(t);
  card = await memberWithCard(t, issuer, 'A1');
  const copy = ReferenceApplet.load(card.applet.save());
  cloneKiosk = new KioskSigner(await t.enrollKiosk('A1', '甲一支部签到机'));
  await ingest(t, cloneKiosk.kiosk, [
    await cloneKiosk.checkin(card, await scheduleMeeting(t, 'A1')),
    await cloneKiosk.checkin({ ...card, applet: copy, transport: new MemoryTransport(copy) }, await scheduleMeeting(t, 'A1')),
  ]);
  forkKiosk = new KioskSigner(await t.enrollKiosk('A2', '甲二支部签到机'));
  const original = await forkKiosk.sign({ type: 'card.denied', reason: 'expired' }, { advance: false });
  await ingest(t, forkKiosk.kiosk, [original, await forkKiosk.sign({ type: 'card.denied', reason: 'revoked' })]);
  [clone] = (await alarmsOf('clone')) as [AlarmView];
  [fork] = (await alarmsOf('fork')) as [AlarmView];
  await t.server.context.diagnostics.runFull();
  organiser = await createUser(t, 'organiser', 'A');
  auditor = await createUser(t, 'auditor', 'A');
  secretary = await createUser(t, 'secretary', 'A1');
});

describe('the console: alarms', () => {
  it('when an organiser opens 警报, then the clone and fork alarms are explained in plain Chinese with their kiosk, card and records, and in English after the switch', async () => {
    expect(clone).toMatchObject({ org: 'A1', kiosk: cloneKiosk.kid, csn: card.csn });
    expect(fork).toMatchObject({ org: 'A2', kiosk: forkKiosk.kid });
    const tab = await world.open(organiser);
    const { page } = tab;
    await page.getByTestId('nav-alarms').click();
    await page.getByRole('heading', { name: '警报' }).waitFor();
    const cards = page.getByTestId('alarms').locator('article');
    await expect.poll(() => cards.count()).toBe(2);
    // Newest first: the fork came in after the clone.
    expect(await cards.first().getAttribute('data-testid')).toBe(`alarm-${fork.id}`);

    const cloneCard = page.getByTestId(`alarm-${clone.id}`);
    expect(await cloneCard.getByTestId('alarm-name').textContent()).toBe('复制卡');
    expect(await cloneCard.getByTestId('alarm-meaning').textContent()).toContain('同一张卡的同一个计数值签了两次名，签的却是两次不同的刷卡');
    expect(await cloneCard.getByTestId('alarm-meaning').textContent()).toContain('卡里的密钥有第二份');
    expect(await cloneCard.getByTestId('alarm-action').textContent()).toContain('吊销这张卡');
    expect(await cloneCard.getByTestId('alarm-kiosk').textContent()).toBe('甲一支部签到机');
    expect(await cloneCard.getByTestId('alarm-card').textContent()).toContain(card.csn);
    expect(await cloneCard.getByTestId('alarm-card').textContent()).toContain(`卡的计数值 ${String(clone.details.counter)}`);
    expect(await cloneCard.getByTestId('alarm-member').getAttribute('href')).toBe(`/console/members/${card.member.memberNumber}`);
    expect(await cloneCard.getByTestId('alarm-events').locator('li').allTextContents()).toEqual(clone.events);
    expect(await cloneCard.textContent()).toContain('甲镇第一支部');

    const forkCard = page.getByTestId(`alarm-${fork.id}`);
    expect(await forkCard.getByTestId('alarm-name').textContent()).toBe('签到机记录分叉');
    expect(await forkCard.getByTestId('alarm-meaning').textContent()).toContain('同一个序号上发来了两条不同的记录');
    expect(await forkCard.textContent()).toContain('记录序号 1');
    expect(await forkCard.getByTestId('alarm-card').count()).toBe(0);
    await tab.screenshot('alarms');

    await page.getByTestId('alarm-type').selectOption('clone');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cloneCard.count()).toBe(1);
    await page.getByTestId('alarm-type').selectOption('');
    await page.getByTestId('alarm-org').selectOption('A2');
    // The clone-only list stays one card until the new one arrives: the wait names the card that must be left.
    await expect.poll(async () => [await cards.count(), await forkCard.count()]).toEqual([1, 1]);
    await page.getByTestId('alarm-org').selectOption('');
    await expect.poll(() => cards.count()).toBe(2);

    await page.getByTestId('switch-language').click();
    await page.getByRole('heading', { name: 'Alarms' }).waitFor();
    expect(await cloneCard.getByTestId('alarm-name').textContent()).toBe('Cloned card');
    expect(await cloneCard.getByTestId('alarm-meaning').textContent()).toContain('The same card counter was signed twice, over two different taps');
    expect(await cloneCard.getByTestId('alarm-meaning').textContent()).toContain('the card key exists twice');
    expect(await forkCard.getByTestId('alarm-name').textContent()).toBe('Kiosk records forked');
    expect(await forkCard.textContent()).toContain('sequence number 1');
    await tab.screenshot('alarms-en');
  });

  it('when an organiser follows a reminder’s alarm and kiosk evidence, then the alarms page opens at that alarm and the kiosks page at that kiosk', async () => {
    const finding = await findingOf('card-clone', 'A1');
    expect(finding.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'alarm', id: String(clone.id) }), expect.objectContaining({ kind: 'kiosk', id: cloneKiosk.kid })]));
    const tab = await world.open(organiser, '/console/reminders/A1');
    const { page } = tab;
    const findingCard = page.getByTestId(`finding-${finding.id}`);
    const alarmLink = findingCard.getByTestId('evidence-alarm');
    expect(await alarmLink.getAttribute('href')).toBe(`/console/alarms/${clone.id}`);
    // Cards and events have no page of their own: they stay as text.
    expect(await findingCard.getByTestId('evidence-card').count()).toBe(0);
    expect(await findingCard.getByTestId('evidence-event').count()).toBe(0);
    expect(await findingCard.textContent()).toContain(card.csn);

    await alarmLink.click();
    await page.getByTestId('alarm-focus').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/alarms/${clone.id}`);
    expect(await page.getByTestId('alarm-focus').textContent()).toContain(`警报 #${clone.id} 在最上面`);
    const cards = page.getByTestId('alarms').locator('article');
    expect(await cards.first().getAttribute('data-testid')).toBe(`alarm-${clone.id}`);
    expect(await cards.first().getAttribute('aria-current')).toBe('true');
    // Older alarms only: the fork came later.
    expect(await page.getByTestId(`alarm-${fork.id}`).count()).toBe(0);
    await tab.screenshot('alarm-from-reminder');
    await page.getByTestId('all-alarms').click();
    await expect.poll(() => cards.count()).toBe(2);
    expect(await page.getByTestId('alarm-focus').count()).toBe(0);

    await page.goBack();
    await page.goBack();
    const kioskLink = findingCard.getByTestId('evidence-kiosk');
    expect(await kioskLink.getAttribute('href')).toBe(`/console/kiosks/${cloneKiosk.kid}`);
    await kioskLink.click();
    const row = page.getByTestId(`kiosk-${cloneKiosk.kid}`);
    await expect.poll(() => row.getAttribute('aria-current')).toBe('true');
    expect(await row.textContent()).toContain('甲一支部签到机');
    expect(await row.textContent()).toContain('提醒所指');
    // The kiosk is shown alone (a province has thousands); the way to all of them leads to a list where no other is marked.
    expect(await page.getByTestId('kiosks').locator('tbody tr').count()).toBe(1);
    await tab.screenshot('kiosk-from-reminder');
    await page.getByTestId('all-kiosks').click();
    const forkRow = page.getByTestId(`kiosk-${forkKiosk.kid}`);
    await expect.poll(() => forkRow.count()).toBe(1);
    expect(await forkRow.getAttribute('aria-current')).toBeNull();
    expect(await forkRow.textContent()).not.toContain('提醒所指');
    expect(await row.getAttribute('aria-current')).toBeNull();
    expect(await row.textContent()).not.toContain('提醒所指');
  });

  it('when a branch secretary reads the same reminder, then the kiosk links to their kiosks page, the alarm stays text, and the alarms page refuses them', async () => {
    const finding = await findingOf('card-clone', 'A1');
    const tab = await world.open(secretary, '/console/reminders/A1');
    const { page } = tab;
    const findingCard = page.getByTestId(`finding-${finding.id}`);
    expect(await findingCard.getByTestId('evidence-kiosk').getAttribute('href')).toBe(`/console/kiosks/${cloneKiosk.kid}`);
    expect(await findingCard.getByTestId('evidence-alarm').count()).toBe(0);
    expect(await findingCard.textContent()).toContain(`警报 ${clone.id}`);
    expect(await page.getByTestId('nav-alarms').count()).toBe(0);

    await page.goto(`${world.t.url}/console/alarms/${clone.id}`);
    await expect.poll(() => page.getByTestId('error').getAttribute('data-code')).toBe('ERR_FORBIDDEN');
    expect(await page.getByTestId('alarms').count()).toBe(0);
  });

  it('when an auditor opens 警报, then the alarms are there to read, and the kiosk they name opens without a disable button', async () => {
    const tab = await world.open(auditor);
    const { page } = tab;
    await page.getByTestId('nav-alarms').click();
    const cloneCard = page.getByTestId(`alarm-${clone.id}`);
    await expect.poll(() => cloneCard.getByTestId('alarm-name').textContent()).toBe('复制卡');
    await cloneCard.getByTestId('alarm-kiosk').click();
    const row = page.getByTestId(`kiosk-${cloneKiosk.kid}`);
    await expect.poll(() => row.getAttribute('aria-current')).toBe('true');
    expect(await page.getByTestId('disable-kiosk').count()).toBe(0);
    expect(await page.getByTestId('create-enrolment').count()).toBe(0);
  });
  it('when an organiser follows a kiosk’s link to its alarms, then only that kiosk’s alarms show, fifty to a page, and the next page and the other kiosks follow', async () => {
    const { t } = world;
    // A third kiosk sends 55 different records under the sequence number it used first: 55 fork alarms, more than a page.
    const busy = new KioskSigner(await t.enrollKiosk('A2', '甲二支部二号签到机'));
    await ingest(t, busy.kiosk, [await busy.sign({ type: 'card.denied', reason: 'expired' })]);
    await ingest(t, busy.kiosk, await Promise.all(Array.from({ length: 55 }, () => busy.sign({ type: 'card.denied', reason: 'revoked' }, { seq: 1, advance: false }))));
    const busyAlarms = expectOk(await t.call('GET', `/api/v1/alarms?kiosk=${busy.kid}&limit=100`, { token: await t.adminToken() }), 200, AlarmListSchema).alarms;
    expect(busyAlarms).toHaveLength(55);
    const ids = (alarms: AlarmView[]): string[] => alarms.map((alarm) => `alarm-${alarm.id}`);

    const tab = await world.open(organiser, '/console/kiosks');
    const { page } = tab;
    await page.getByTestId(`kiosk-${busy.kid}`).getByTestId('kiosk-alarms').click();
    await page.getByRole('heading', { name: '警报' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/alarms/kiosk/${busy.kid}`);
    const cards = page.getByTestId('alarms').locator('article');
    await expect.poll(() => cards.count()).toBe(50);
    await expect.poll(() => page.getByTestId('alarm-kiosk-filter-chosen').textContent()).toBe('甲二支部二号签到机（甲镇第二支部）');
    expect(await cards.evaluateAll((articles) => articles.map((article) => article.getAttribute('data-testid')))).toEqual(ids(busyAlarms.slice(0, 50)));
    expect(await page.getByTestId('page-number').textContent()).toBe('第 1 页');

    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByTestId('page-number').textContent()).toBe('第 2 页');
    await expect.poll(() => cards.count()).toBe(5);
    expect(await cards.evaluateAll((articles) => articles.map((article) => article.getAttribute('data-testid')))).toEqual(ids(busyAlarms.slice(50)));
    expect(await page.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
    await tab.screenshot('alarms-of-a-kiosk');

    // Every kiosk: the busy kiosk's 55 and, oldest, the fork and the clone, on two pages.
    await page.getByTestId('alarm-kiosk-filter-clear').click();
    expect(await page.getByTestId('alarm-kiosk-filter').inputValue()).toBe('');
    await expect.poll(() => page.getByTestId('page-number').textContent()).toBe('第 1 页');
    await expect.poll(() => cards.count()).toBe(50);
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => cards.count()).toBe(7);
    expect(await page.getByTestId(`alarm-${fork.id}`).count()).toBe(1);
    expect(await page.getByTestId(`alarm-${clone.id}`).count()).toBe(1);

    await page.getByTestId('alarm-kiosk-filter').fill('甲一支部');
    await page.getByTestId('alarm-kiosk-filter-match').filter({ hasText: '甲一支部签到机（甲镇第一支部）' }).click();
    await expect.poll(() => page.getByTestId('alarm-kiosk-filter-chosen').textContent()).toBe('甲一支部签到机（甲镇第一支部）');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().getAttribute('data-testid')).toBe(`alarm-${clone.id}`);
    expect(await page.getByTestId('page-number').count()).toBe(0);
  });

  it('when an organiser looks for a kiosk in the alarms’ kiosk filter, then typing part of its name or number offers the matches within reach, at most ten, and picking one shows its alarms', async () => {
    const { t } = world;
    // Eleven spare kiosks in 甲镇第一支部, one more than the filter offers at once, and one in 乙镇, outside reach.
    for (let n = 1; n <= 11; n++) await t.enrollKiosk('A1', `甲一支部备用机 ${String(n).padStart(2, '0')}`);
    await t.enrollKiosk('B1', '乙一支部备用机');
    const tab = await world.open(organiser, '/console/alarms');
    const { page } = tab;
    const cards = page.getByTestId('alarms').locator('article');
    await expect.poll(() => cards.count()).toBeGreaterThan(1);
    const filter = page.getByTestId('alarm-kiosk-filter');
    expect(await filter.getAttribute('placeholder')).toBe('全部签到机（输入名称或编号查找）');
    const matches = page.getByTestId('alarm-kiosk-filter-matches');
    const offered = page.getByTestId('alarm-kiosk-filter-match');

    await filter.fill('备用机');
    await expect.poll(() => offered.count()).toBe(10);
    expect(await offered.allTextContents()).not.toContainEqual(expect.stringContaining('乙一支部'));
    expect(await matches.textContent()).toContain('还有更多签到机符合。请多输入几个字');
    await tab.screenshot('alarm-kiosk-filter-matches');

    await filter.fill('备用机 11');
    await expect.poll(() => offered.count()).toBe(1);
    expect(await matches.textContent()).not.toContain('还有更多');
    await filter.fill('乙一支部');
    await expect.poll(() => matches.textContent()).toBe('没有名称或编号里有“乙一支部”的签到机。请少输入几个字，或者换个说法。');

    // Part of the number, in lower case: the fork's kiosk, whose alarm then shows alone.
    await filter.fill(forkKiosk.kid.slice(4, 14).toLowerCase());
    await expect.poll(() => offered.allTextContents()).toEqual([`甲二支部签到机（甲镇第二支部） ${forkKiosk.kid.slice(0, 8)}…`]);
    await offered.click();
    await expect.poll(() => page.getByTestId('alarm-kiosk-filter-chosen').textContent()).toBe('甲二支部签到机（甲镇第二支部）');
    await expect.poll(() => cards.count()).toBe(1);
    expect(await cards.first().getAttribute('data-testid')).toBe(`alarm-${fork.id}`);

    await page.getByTestId('switch-language').click();
    await page.getByRole('heading', { name: 'Alarms' }).waitFor();
    expect(await page.getByTestId('alarm-kiosk-filter-clear').textContent()).toBe('All kiosks instead');
    await page.getByTestId('alarm-kiosk-filter-clear').click();
    expect(await filter.getAttribute('placeholder')).toBe('All kiosks (type a name or number to find one)');
    await filter.fill('备用机');
    await expect.poll(() => matches.textContent()).toContain('More kiosks match. Type more of the name');
    await filter.fill('nothing like it');
    await expect.poll(() => matches.textContent()).toBe('No kiosk has “nothing like it” in its name or number. Type less, or try other words.');
  });

  it('when an organiser has chosen an organisation on the alarms page, then the kiosk filter offers only that organisation’s kiosks and says where it looked when none matches', async () => {
    const tab = await world.open(organiser, '/console/alarms');
    const { page } = tab;
    await expect.poll(() => page.getByTestId('alarms').locator('article').count()).toBeGreaterThan(1);
    const filter = page.getByTestId('alarm-kiosk-filter');
    const offered = page.getByTestId('alarm-kiosk-filter-match');
    const offeredOrgs = async () => new Set((await offered.allTextContents()).map((text) => /（(.+)）/.exec(text)?.[1]));
    await filter.fill('签到机');
    await expect.poll(offeredOrgs).toEqual(new Set(['甲镇第一支部', '甲镇第二支部']));

    await page.getByTestId('alarm-org').selectOption('A2');
    await expect.poll(offeredOrgs).toEqual(new Set(['甲镇第二支部']));
    expect(await offered.allTextContents()).toContain(`甲二支部签到机（甲镇第二支部） ${forkKiosk.kid.slice(0, 8)}…`);
    await filter.fill('甲一支部签到机');
    await expect.poll(() => page.getByTestId('alarm-kiosk-filter-matches').textContent()).toBe(
      '甲镇第二支部没有名称或编号里有“甲一支部签到机”的签到机。请少输入几个字，或者把上面的组织选成“全部”。',
    );
    await page.getByTestId('alarm-org').selectOption('');
    await expect.poll(() => offered.allTextContents()).toEqual([`甲一支部签到机（甲镇第一支部） ${cloneKiosk.kid.slice(0, 8)}…`]);
  });

  it('when a branch secretary opens the kiosks page, then no kiosk offers a way to alarms they may not read', async () => {
    const tab = await world.open(secretary, '/console/kiosks');
    await expect.poll(() => tab.page.getByTestId(`kiosk-${cloneKiosk.kid}`).count()).toBe(1);
    expect(await tab.page.getByTestId('kiosk-alarms').count()).toBe(0);
  });
});
