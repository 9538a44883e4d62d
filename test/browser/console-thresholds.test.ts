import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../server/clock.ts';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { FindingListSchema, ThresholdsViewSchema } from '../../server/schemas/findings.ts';
import { MeetingKindSchema } from '../../server/schemas/meetings.ts';
import { createMember, type TestMember } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * The thresholds under 提醒 / Reminders, changed in the console. 王两月 of 甲镇第一支部 (A1) has taken no
 * part for 65 days: not yet a six-month warning at the default three months. 甲镇党委 (A) lets letters wait
 * ten days before reminding its receivers (a row the admin set). The township's organiser lowers the
 * branch's warning to two months and takes it back; secretaries and auditors only read.
 */

const world = useConsoleWorld();
let organiser: ConsoleUser;
let secretary: ConsoleUser;
let auditor: ConsoleUser;
let wang: TestMember;

beforeAll(async () => {
  const { t } = world;
  t.clock.advance(-65 * DAY_MS);
  wang = await createMember(t, 'A1', { name: '王两月' });
  t.clock.advance(65 * DAY_MS);
  const admin = await t.adminToken();
  const row = { org: 'A', orgKind: null, family: 'transfers', settings: { waitingDays: 10 } };
  expect((await t.call('PUT', '/api/v1/diagnostics/thresholds', { token: admin, json: row })).status).toBe(204);
  await t.server.context.diagnostics.runFull();
  organiser = await createUser(t, 'organiser', 'A');
  secretary = await createUser(t, 'secretary', 'A1');
  auditor = await createUser(t, 'auditor', 'A');
});

const thresholdsOf = async (org: string) =>
  expectOk(await world.t.call('GET', `/api/v1/diagnostics/thresholds?org=${org}`, { token: await world.t.adminToken() }), 200, ThresholdsViewSchema);

async function sixMonthAbout(member: TestMember, status: 'live' | 'resolved') {
  const { t } = world;
  const { findings } = expectOk(await t.call('GET', `/api/v1/findings?org=A1&rule=six-month&status=${status}`, { token: await t.adminToken() }), 200, FindingListSchema);
  return findings.filter((finding) => finding.people.some((person) => person.memberNumber === member.memberNumber));
}

/** One number in force on the panel: the sentence and, in its tag, where it comes from. */
const line = (page: Page, testId: string) => page.getByTestId('thresholds').getByTestId(testId);
const sourceOf = (page: Page, testId: string) => line(page, testId).getByTestId('threshold-source').textContent();
const findingsAbout = (page: Page, name: string) => page.getByTestId('finding-person').filter({ hasText: name });

describe('the console: thresholds of the reminders', () => {
  it('when a township organiser lowers a branch’s six-month warning, then the number and its source change and the member is found; removing it brings the default back', async () => {
    const tab = await world.open(organiser, '/console/reminders/A1');
    const { page } = tab;
    await expect.poll(() => line(page, 'threshold-warnMonths').textContent()).toContain('3 个月未参加：注意');
    expect(await sourceOf(page, 'threshold-warnMonths')).toBe('系统默认');
    expect(await line(page, 'threshold-waitingDays').textContent()).toContain('介绍信等待 10 天提醒接收组织');
    expect(await sourceOf(page, 'threshold-waitingDays')).toBe('沿用“甲镇党委”的设定');
    expect(await sourceOf(page, 'threshold-cadence-committee')).toBe('全部党支部统一设定');
    expect(await findingsAbout(page, '王两月').count()).toBe(0);

    await page.getByTestId('edit-six-month').click();
    const dialog = page.getByTestId('threshold-dialog');
    expect(await dialog.getByTestId('threshold-scope').inputValue()).toBe('');
    expect(await dialog.textContent()).toContain('不填：沿用 3 个月（系统默认）');
    await dialog.getByTestId('threshold-input-warnMonths').fill('2');
    await dialog.getByTestId('save-thresholds').click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => line(page, 'threshold-warnMonths').textContent()).toContain('2 个月未参加：注意');
    expect(await sourceOf(page, 'threshold-warnMonths')).toBe('本组织设定');
    expect(await sourceOf(page, 'threshold-seriousMonths')).toBe('系统默认');
    expect(await page.getByTestId('done').textContent()).toContain('已保存“参加组织生活”的提醒标准');
    expect(await page.getByTestId('own-six-month-all').textContent()).toContain('适用于：甲镇第一支部及其下级的所有组织');
    expect((await thresholdsOf('A1')).ownRows).toEqual([{ org: 'A1', orgName: '甲镇第一支部', orgKind: null, family: 'six-month', settings: { warnMonths: 2 } }]);

    // The server recomputes in the background; once it is done, refreshing shows the new reminder.
    await world.t.server.context.diagnostics.idle();
    expect(await sixMonthAbout(wang, 'live')).toHaveLength(1);
    await page.getByTestId('refresh-findings').click();
    await expect.poll(() => findingsAbout(page, '王两月').count()).toBe(1);
    await tab.screenshot('thresholds-changed');

    await page.getByTestId('own-six-month-all').getByTestId('remove-own').click();
    const confirm = page.getByTestId('remove-thresholds-dialog');
    expect(await confirm.textContent()).toContain('确定删除“参加组织生活”在本组织的设定吗？');
    await confirm.getByTestId('confirm-remove-thresholds').click();
    await expect.poll(() => line(page, 'threshold-warnMonths').textContent()).toContain('3 个月未参加：注意');
    expect(await sourceOf(page, 'threshold-warnMonths')).toBe('系统默认');
    expect(await page.getByTestId('own-six-month-all').count()).toBe(0);
    expect((await thresholdsOf('A1')).ownRows).toEqual([]);
    await world.t.server.context.diagnostics.idle();
    await page.getByTestId('refresh-findings').click();
    await expect.poll(() => findingsAbout(page, '王两月').count()).toBe(0);
    expect(await sixMonthAbout(wang, 'resolved')).toHaveLength(1);
  });

  it('when a number is wrong, then the form says what is wrong and what to enter, and nothing is saved', async () => {
    const auditBefore = expectOk(await world.t.call('GET', '/api/v1/audit?org=A1&limit=100', { token: await world.t.adminToken() }), 200, AuditListSchema).entries.length;
    const tab = await world.open(organiser, '/console/reminders/A1');
    const { page } = tab;
    await page.getByTestId('edit-six-month').click();
    const dialog = page.getByTestId('threshold-dialog');
    await dialog.getByTestId('threshold-input-warnMonths').fill('两个月');
    await dialog.getByTestId('threshold-input-decideMonths').fill('0');
    await dialog.getByTestId('save-thresholds').click();
    expect(await dialog.getByTestId('threshold-problem-warnMonths').textContent()).toBe('“两个月”填得不对。请填 1 到 120 之间的整数（单位：个月），或者不填。');
    expect(await dialog.getByTestId('threshold-problem-decideMonths').textContent()).toBe('“0”填得不对。请填 1 到 120 之间的整数（单位：个月），或者不填。');
    expect(await dialog.getByTestId('threshold-input-warnMonths').evaluate((input) => input === document.activeElement)).toBe(true);
    await tab.screenshot('thresholds-invalid');

    // A warning later than the serious step (kept at 5 months) would never be shown.
    await dialog.getByTestId('threshold-input-warnMonths').fill('7');
    await dialog.getByTestId('threshold-input-decideMonths').fill('');
    await dialog.getByTestId('save-thresholds').click();
    expect(await dialog.getByTestId('threshold-form-problem').textContent()).toBe(
      '月数要一个比一个多：“注意”少于“严重”，“严重”少于“需支部大会讨论”。现在是 7、5、6 个月，请改正后再保存。',
    );
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => dialog.count()).toBe(0);

    expect((await thresholdsOf('A1')).ownRows).toEqual([]);
    const auditAfter = expectOk(await world.t.call('GET', '/api/v1/audit?org=A1&limit=100', { token: await world.t.adminToken() }), 200, AuditListSchema).entries.length;
    expect(auditAfter).toBe(auditBefore);
  });

  it('when a township sets a number for its branches only, then the township’s own numbers stay and its branch names where its number comes from', async () => {
    const tab = await world.open(organiser, '/console/reminders/A');
    const { page } = tab;
    await page.getByTestId('edit-kiosks').click();
    const dialog = page.getByTestId('threshold-dialog');
    await dialog.getByTestId('threshold-scope').selectOption('branch');
    expect(await dialog.textContent()).toContain('不填：各组织沿用上级的设定');
    await dialog.getByTestId('threshold-input-silentHours').fill('２４');
    await dialog.getByTestId('save-thresholds').click();
    await expect.poll(() => page.getByTestId('own-kiosks-branch').count()).toBe(1);
    expect(await page.getByTestId('own-kiosks-branch').textContent()).toContain('适用于：甲镇党委及其下级中的党支部');
    expect(await page.getByTestId('own-kiosks-branch').textContent()).toContain('24 小时未联系时提醒');
    expect(await line(page, 'threshold-silentHours').textContent()).toContain('72 小时未联系时提醒');
    expect(await sourceOf(page, 'threshold-silentHours')).toBe('系统默认');
    await tab.screenshot('thresholds-for-branches');
    await page.getByTestId('own-kiosks-branch').getByTestId('edit-own').click();
    expect(await dialog.getByTestId('threshold-scope').inputValue()).toBe('branch');
    expect(await dialog.getByTestId('threshold-input-silentHours').inputValue()).toBe('24');
    await dialog.getByRole('button', { name: '取消' }).click();

    await page.goto(`${world.t.url}/console/reminders/A1`);
    await expect.poll(() => line(page, 'threshold-silentHours').textContent()).toContain('24 小时未联系时提醒');
    expect(await sourceOf(page, 'threshold-silentHours')).toBe('沿用“甲镇党委”的设定（只对党支部）');
  });

  it('when a secretary or an auditor reads the thresholds, then each number says where it comes from and there is nothing to change', async () => {
    for (const user of [secretary, auditor]) {
      const tab = await world.open(user, '/console/reminders/A1');
      const { page } = tab;
      // The secretary cannot open the township's page, yet reads its name as the source.
      await expect.poll(() => sourceOf(page, 'threshold-waitingDays')).toBe('沿用“甲镇党委”的设定');
      expect(await page.getByTestId('thresholds-read-only').textContent()).toContain('请联系上级组织部门');
      expect(await page.getByTestId('thresholds').getByRole('button').count()).toBe(0);
      if (user === secretary) {
        await page.getByTestId('switch-language').click();
        await expect.poll(() => sourceOf(page, 'threshold-waitingDays')).toBe('inherited from 甲镇党委');
        expect(await sourceOf(page, 'threshold-warnMonths')).toBe('default');
        await tab.screenshot('thresholds-secretary-en');
      }
    }
  });

  it('when an admin adds a meeting kind and retires another, then the form offers the kinds in use, by name, and the new kind’s cadence can be set', async () => {
    const { t } = world;
    const admin = await t.adminToken();
    const study = { code: 'study_session', nameZh: '专题学习会', nameEn: 'Study session' };
    expectOk(await t.call('POST', '/api/v1/meeting-kinds', { token: admin, json: study }), 201, MeetingKindSchema);
    expectOk(await t.call('POST', '/api/v1/meeting-kinds/other/retire', { token: admin }), 200, MeetingKindSchema);

    const tab = await world.open(organiser, '/console/reminders/A1');
    const { page } = tab;
    await page.getByTestId('edit-meeting-cadence').click();
    const dialog = page.getByTestId('threshold-dialog');
    const cadenceInput = dialog.getByTestId('cadence-input-study_session');
    await cadenceInput.waitFor();
    const kindsOffered = await dialog.locator('[data-testid^="cadence-input-"]').evaluateAll((inputs) => inputs.map((input) => input.dataset.testid));
    expect(kindsOffered).toEqual(['general_meeting', 'committee', 'group', 'lecture', 'theme_day', 'study_session'].map((code) => `cadence-input-${code}`));
    const field = await dialog.locator('label', { has: page.getByTestId('cadence-input-study_session') }).textContent();
    expect(field).toContain('专题学习会');
    expect(field).toContain('不填：沿用 不要求（系统默认）');
    await cadenceInput.selectOption('P2M');
    await tab.screenshot('thresholds-new-meeting-kind');
    await dialog.getByTestId('save-thresholds').click();
    await expect.poll(() => dialog.count()).toBe(0);

    await expect.poll(() => line(page, 'threshold-cadence-study_session').textContent()).toContain('专题学习会：每 2 个月');
    expect(await sourceOf(page, 'threshold-cadence-study_session')).toBe('本组织设定');
    expect((await thresholdsOf('A1')).ownRows).toEqual([{ org: 'A1', orgName: '甲镇第一支部', orgKind: null, family: 'meeting-cadence', settings: { every: { study_session: 'P2M' } } }]);
    expect((await thresholdsOf('A1')).effective['meeting-cadence'].every).toMatchObject({ study_session: 'P2M', general_meeting: 'P3M' });
    await page.getByTestId('switch-language').click();
    await expect.poll(() => line(page, 'threshold-cadence-study_session').textContent()).toContain('Study session: every 2 months');
  });
});
