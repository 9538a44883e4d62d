import { beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime, setOrgTimeZone } from '../../console/ui/i18n/format.ts';
import { EnrollResultSchema, KioskListSchema } from '../../server/schemas/kiosks.ts';
import { errorCode, expectOk } from '../server/support/http.ts';
import { newKioskKey } from '../server/support/kiosk-keys.ts';
import type { EnrolledKiosk } from '../server/support/test-server.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * 设备 / Kiosks: the organiser of 甲镇党委 looks after the kiosks of its branches. One in 甲镇第一支部 last
 * called in with its clock ten minutes fast and twelve check-ins waiting; the other there was set up and
 * never heard from; one in 甲镇第二支部 is in step with nothing waiting; 乙镇's kiosk is outside the organiser's
 * reach. Fixture tree:
 *   CTY ─┬─ A ─┬─ A1
 *        │     └─ A2
 *        └─ B ─── B1
 */

const world = useConsoleWorld();
let organiser: ConsoleUser;
let secretary: ConsoleUser;
let auditor: ConsoleUser;
let behind: EnrolledKiosk;
let silent: EnrolledKiosk;
let steady: EnrolledKiosk;
let elsewhere: EnrolledKiosk;
let behindSeenAt: string;

/** One configuration pull by the kiosk, with the headers the kiosk core sends about itself. */
async function callIn(kiosk: EnrolledKiosk, headers: Record<string, string>): Promise<void> {
  const { t } = world;
  const response = await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk), headers });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  const { t } = world;
  // The expected texts are the console's own formatting, in the organisation's zone as the console has it.
  setOrgTimeZone(t.server.context.calendar.timeZone);
  organiser = await createUser(t, 'organiser', 'A');
  secretary = await createUser(t, 'secretary', 'A1');
  auditor = await createUser(t, 'auditor', 'A');
  behind = await t.enrollKiosk('A1', '甲一支部 1 号机');
  silent = await t.enrollKiosk('A1', '甲一支部 2 号机');
  steady = await t.enrollKiosk('A2', '甲二支部签到机');
  elsewhere = await t.enrollKiosk('B1', '乙一支部签到机');
  await callIn(behind, { 'Mic-Outbox-Pending': '12', 'Mic-Clock-Offset': '600' });
  behindSeenAt = t.clock.now().toISOString();
  await callIn(steady, { 'Mic-Outbox-Pending': '0', 'Mic-Clock-Offset': '0' });
});

describe('the console: kiosks', () => {
  it('when an organiser opens 设备, then the kiosks of their subtree are listed with when each was last heard from, its clock and its backlog', async () => {
    const tab = await world.open(organiser);
    const { page } = tab;
    await page.getByTestId('nav-kiosks').click();
    expect(await page.getByTestId('nav-kiosks').textContent()).toBe('设备');
    await page.getByRole('heading', { name: '签到机' }).waitFor();
    const rows = page.getByTestId('kiosks').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.getByTestId(`kiosk-${elsewhere.kid}`).count()).toBe(0);

    const behindRow = page.getByTestId(`kiosk-${behind.kid}`);
    expect(await behindRow.textContent()).toContain('甲一支部 1 号机');
    expect(await behindRow.textContent()).toContain('甲镇第一支部');
    expect(await behindRow.getByTestId('kiosk-status').textContent()).toBe('使用中');
    expect(await behindRow.getByTestId('kiosk-last-seen').textContent()).toBe(formatDateTime(behindSeenAt));
    expect(await behindRow.getByTestId('kiosk-clock').textContent()).toBe('快 10 分钟');
    expect(await behindRow.getByTestId('kiosk-backlog-count').textContent()).toBe('12 条');
    expect(await behindRow.getByTestId('kiosk-backlog').textContent()).toContain(`${formatDateTime(behindSeenAt)} 报告`);

    const silentRow = page.getByTestId(`kiosk-${silent.kid}`);
    expect(await silentRow.getByTestId('kiosk-last-seen').textContent()).toBe('从未联系');
    expect(await silentRow.getByTestId('kiosk-clock').textContent()).toBe('—');
    expect(await silentRow.getByTestId('kiosk-backlog').textContent()).toBe('未报告');

    const steadyRow = page.getByTestId(`kiosk-${steady.kid}`);
    expect(await steadyRow.getByTestId('kiosk-clock').textContent()).toBe('准确');
    expect(await steadyRow.getByTestId('kiosk-backlog-count').textContent()).toBe('没有');
    await tab.screenshot('kiosks');

    // Narrowed to one branch, the list shows only its kiosks.
    await page.getByTestId('kiosk-org').selectOption('A2');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await steadyRow.count()).toBe(1);
    await page.getByTestId('kiosk-org').selectOption('');
    await expect.poll(() => rows.count()).toBe(3);

    await page.getByTestId('switch-language').click();
    await page.getByRole('heading', { name: 'Kiosks' }).waitFor();
    expect(await behindRow.getByTestId('kiosk-clock').textContent()).toBe('10 minutes fast');
    expect(await behindRow.getByTestId('kiosk-backlog-count').textContent()).toBe('12 records');
    expect(await silentRow.getByTestId('kiosk-last-seen').textContent()).toBe('Never');
    expect(await steadyRow.getByTestId('kiosk-clock').textContent()).toBe('Right');
    await tab.screenshot('kiosks-en');
  });

  it('when an organiser creates an enrolment code, then it is shown once with what to do at the kiosk, and a kiosk set up with it joins the list', async () => {
    const { t } = world;
    const tab = await world.open(organiser, '/console/kiosks');
    const { page } = tab;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    await page.getByTestId('create-enrolment').click();
    const dialog = page.getByTestId('enrolment-dialog');
    await dialog.getByTestId('enrolment-org').selectOption('A2');
    await dialog.getByTestId('enrolment-validity').selectOption({ label: '3 天' });
    await dialog.getByTestId('create-enrolment-code').click();

    const code = (await dialog.getByTestId('enrolment-code').textContent()) ?? '';
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await dialog.getByTestId('enrolment-server').textContent()).toBe(t.url);
    const expires = formatDateTime(new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString());
    const once = await dialog.getByTestId('enrolment-once').textContent();
    expect(once).toContain('甲镇第二支部');
    expect(once).toContain(`${expires} 前有效`);
    expect(once).toContain('只能用一次');
    const steps = await dialog.getByTestId('enrolment-steps').locator('li').allTextContents();
    expect(steps).toHaveLength(4);
    expect(steps[1]).toContain('开始设置');
    expect(steps[2]).toContain(t.url);
    expect(steps[3]).toContain('完成设置');
    await dialog.getByTestId('copy-enrolment-code').click();
    await expect.poll(() => dialog.getByTestId('copy-enrolment-code').textContent()).toBe('已复制。');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await tab.screenshot('kiosk-enrolment-code');

    // The kiosk is set up with the code, as the kiosk's own set-up screen sends it.
    const key = await newKioskKey();
    const enrolled = expectOk(await t.call('POST', '/api/v1/kiosks/enroll', { json: { token: code, name: '甲二支部新签到机', jwk: key.publicJwk } }), 201, EnrollResultSchema);
    expect(enrolled.org).toBe('A2');

    await dialog.getByTestId('enrolment-done').click();
    expect(await page.getByTestId('enrolment-dialog').count()).toBe(0);
    const row = page.getByTestId(`kiosk-${key.kid}`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('甲二支部新签到机');
    expect(await row.getByTestId('kiosk-last-seen').textContent()).toBe('从未联系');
  });

  it('when an organiser disables a kiosk, then a confirmation says what that means, and afterwards the list shows it disabled and the server refuses it', async () => {
    const { t } = world;
    const tab = await world.open(organiser, '/console/kiosks');
    const { page } = tab;
    const row = page.getByTestId(`kiosk-${behind.kid}`);
    await row.getByTestId('disable-kiosk').click();
    const dialog = page.getByTestId('disable-kiosk-dialog');
    expect(await dialog.textContent()).toContain('停用“甲镇第一支部”的签到机“甲一支部 1 号机”吗？');
    expect(await dialog.getByTestId('disable-kiosk-meaning').textContent()).toContain('从这台签到机的下一次联系起就拒绝它');
    expect(await dialog.getByTestId('disable-kiosk-meaning').textContent()).toContain('已经上传的记录全部保留');
    expect(await dialog.getByTestId('disable-kiosk-backlog').textContent()).toContain('还有 12 条记录没有上传');
    await tab.screenshot('kiosk-disable');

    // Cancelling changes nothing.
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await page.getByTestId('disable-kiosk-dialog').count()).toBe(0);
    expect(await row.getAttribute('data-status')).toBe('active');
    await callIn(behind, {});

    await row.getByTestId('disable-kiosk').click();
    await page.getByTestId('disable-kiosk-dialog').getByTestId('confirm-disable-kiosk').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('disabled');
    expect(await row.getByTestId('kiosk-status').textContent()).toBe('已停用');
    expect(await row.textContent()).toContain(`${formatDateTime(t.clock.now().toISOString())} 停用`);
    expect(await row.getByTestId('disable-kiosk').count()).toBe(0);
    expect(await page.getByTestId('done').textContent()).toBe('已停用签到机“甲一支部 1 号机”。');
    await tab.screenshot('kiosk-disabled');

    const refused = await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(behind) });
    expect([refused.status, errorCode(refused)]).toEqual([401, 'ERR_KIOSK_DISABLED']);
  });

  it('when a branch secretary opens 设备, then only their branch’s kiosks are listed, with nothing to create or disable, and 警报 is not in their menu', async () => {
    const tab = await world.open(secretary);
    const { page } = tab;
    await page.getByTestId('nav-kiosks').click();
    const rows = page.getByTestId('kiosks').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByTestId(`kiosk-${behind.kid}`).count()).toBe(1);
    expect(await page.getByTestId(`kiosk-${silent.kid}`).count()).toBe(1);
    expect(await page.getByTestId('create-enrolment').count()).toBe(0);
    expect(await page.getByTestId('disable-kiosk').count()).toBe(0);
    expect(await page.getByTestId('nav-alarms').count()).toBe(0);
    await tab.screenshot('kiosks-secretary');
  });

  it('when an auditor opens 设备, then the subtree’s kiosks are listed read-only, and a kiosk outside the subtree is not shown even by its address', async () => {
    const tab = await world.open(auditor);
    const { page } = tab;
    expect(await page.getByTestId('nav-alarms').textContent()).toBe('警报');
    await page.getByTestId('nav-kiosks').click();
    const rows = page.getByTestId('kiosks').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await page.getByTestId('create-enrolment').count()).toBe(0);
    expect(await page.getByTestId('disable-kiosk').count()).toBe(0);

    await page.goto(`${world.t.url}/console/kiosks/${elsewhere.kid}`);
    await page.getByTestId('kiosk-not-listed').waitFor();
    expect(await page.getByTestId(`kiosk-${elsewhere.kid}`).count()).toBe(0);
    expect(await page.getByText('乙一支部签到机').count()).toBe(0);
  });

  it('when there are more kiosks than a page holds, then 设备 shows fifty by name with 上一页 / 下一页, and a search or another organisation starts again at the first page', async () => {
    const { t } = world;
    // 52 more in 甲镇第二支部: with the four there already, 56 within the organiser's reach, two pages.
    for (let n = 1; n <= 52; n++) await t.enrollKiosk('A2', `甲二支部走廊 ${String(n).padStart(2, '0')}`);
    const inReach = expectOk(await t.call('GET', '/api/v1/kiosks?org=A&limit=500', { token: await t.adminToken() }), 200, KioskListSchema).kiosks;
    expect(inReach).toHaveLength(56);
    const rowIds = (kiosks: { kid: string }[]): string[] => kiosks.map((kiosk) => `kiosk-${kiosk.kid}`);

    const tab = await world.open(organiser, '/console/kiosks');
    const { page } = tab;
    const rows = page.getByTestId('kiosks').locator('tbody tr');
    const shown = (): Promise<(string | null)[]> => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-testid')));
    await expect.poll(() => rows.count()).toBe(50);
    expect(await shown()).toEqual(rowIds(inReach.slice(0, 50)));
    expect(await page.getByTestId('page-number').textContent()).toBe('第 1 页');
    expect(await page.getByRole('button', { name: '上一页' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByTestId('page-number').textContent()).toBe('第 2 页');
    await expect.poll(shown).toEqual(rowIds(inReach.slice(50)));
    expect(await page.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
    await tab.screenshot('kiosks-page-2');
    await page.getByRole('button', { name: '上一页' }).click();
    await expect.poll(() => page.getByTestId('page-number').textContent()).toBe('第 1 页');
    await expect.poll(shown).toEqual(rowIds(inReach.slice(0, 50)));

    // From the second page, another organisation is its own list, from its first page.
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByTestId('page-number').textContent()).toBe('第 2 页');
    await page.getByTestId('kiosk-org').selectOption('A1');
    await expect.poll(shown).toEqual(rowIds(inReach.filter((kiosk) => kiosk.org === 'A1')));
    expect(await page.getByTestId('page-number').count()).toBe(0);
    await page.getByTestId('kiosk-org').selectOption('');
    await expect.poll(() => rows.count()).toBe(50);

    // So is a search, by part of a name or of the number.
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByTestId('page-number').textContent()).toBe('第 2 页');
    await page.getByTestId('kiosk-search').fill('走廊 1');
    await expect.poll(shown).toEqual(rowIds(inReach.filter((kiosk) => kiosk.name.includes('走廊 1'))));
    expect(await page.getByTestId('page-number').count()).toBe(0);
    await page.getByTestId('kiosk-search').fill(steady.kid.slice(2, 12).toLowerCase());
    await expect.poll(shown).toEqual([`kiosk-${steady.kid}`]);
    await page.getByTestId('kiosk-search').fill('没有这个名字');
    await expect.poll(() => page.getByTestId('empty').textContent()).toBe('没有符合条件的签到机。请换一个组织，或者少输入几个字再试。');
    await page.getByTestId('kiosk-search').fill('');
    await expect.poll(() => rows.count()).toBe(50);

    await page.getByTestId('switch-language').click();
    await page.getByRole('heading', { name: 'Kiosks' }).waitFor();
    expect(await page.getByTestId('kiosk-search').getAttribute('placeholder')).toBe('Part of its name or number');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(shown).toEqual(rowIds(inReach.slice(50)));
  });
});
