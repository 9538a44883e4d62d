import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemberSchema } from '../../server/schemas/members.ts';
import { validIdNumber, withWrongCheckChar } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * The organisation department of 甲镇党委 (A) registers its members in the console: 王芳 by hand at 甲镇第一支部
 * (A1), then a list from a spreadsheet, some of whose rows are wrong in the ways lists usually are. A branch
 * secretary and an auditor are offered neither.
 */

const world = useConsoleWorld();
let organiser: ConsoleUser;
let secretary: ConsoleUser;
let auditor: ConsoleUser;

/** ID numbers of this file, far from those the fixtures draw (birth offsets 12000 and up). */
const idNumber = (n: number): string => validIdNumber(20_000 * (n % 1000) + 12_000 + Math.floor(n / 1000));

const HEADER = 'member_number,name,id_number,org,since';

/** The list: rows 2, 3, 5 and 8 are good; 4 has a wrong check digit, 6 an unknown org, 7 an org outside A, 9 repeats row 2's ID number. */
const LIST = [
  HEADER,
  `IMP-001,赵一,${idNumber(1)},A1,2024-07-01`,
  `IMP-002,钱二,${idNumber(2)},A2,`,
  `IMP-003,孙三,${withWrongCheckChar(idNumber(3))},A1,`,
  `IMP-004,李四,${idNumber(4)},A,2023-03-15`,
  `IMP-005,周五,${idNumber(5)},NOPE,`,
  `IMP-006,吴六,${idNumber(6)},B1,`,
  `IMP-007,郑七,${idNumber(7)},A2,`,
  `IMP-008,王八,${idNumber(1)},A1,`,
].join('\r\n');
const GOOD = ['IMP-001', 'IMP-002', 'IMP-004', 'IMP-007'];

const csv = (name: string, content: string | Buffer) => ({ name, mimeType: 'text/csv', buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });

const memberStatus = async (number: string): Promise<number> => (await world.t.call('GET', `/api/v1/members/${number}`, { token: await world.t.adminToken() })).status;

/** The refused rows as the table shows them: row number, column in words and the code. */
const refusedRows = (page: Page) =>
  page
    .getByTestId('import-errors')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [row.children[0]?.textContent, row.children[1]?.textContent, row.getAttribute('data-code')]));

async function importFile(page: Page, file: ReturnType<typeof csv>): Promise<void> {
  await page.getByTestId('import-file').setInputFiles(file);
  await page.getByTestId('import-start').click();
}

beforeAll(async () => {
  const { t } = world;
  organiser = await createUser(t, 'organiser', 'A');
  secretary = await createUser(t, 'secretary', 'A1');
  auditor = await createUser(t, 'auditor', 'CTY');
});

describe('the console: adding a member by hand', () => {
  it('when the organiser adds 王芳 at 甲镇第一支部, then she is registered there, listed, and her page opens from the confirmation', async () => {
    const tab = await world.open(organiser, '/console/orgs/A1');
    const { page } = tab;
    await page.getByTestId('add-member').click();
    const form = page.getByTestId('add-member-form');
    expect(await form.textContent()).toContain('新党员的组织关系在“甲镇第一支部”');
    await form.getByTestId('add-member-number').fill('3301020101');
    await form.getByTestId('add-member-name').fill('王芳');
    await form.getByTestId('add-member-id-number').fill(idNumber(100).toLowerCase());
    await form.getByTestId('add-member-since').fill('2024-07-01');
    await tab.screenshot('member-add');
    await form.getByTestId('add-member-submit').click();

    await expect.poll(() => page.getByTestId('done').textContent()).toContain('已新增党员 王芳（编号 3301020101）。');
    expect(await page.getByTestId('add-member-form').count()).toBe(0);
    expect(await page.getByTestId('org-members').textContent()).toContain('王芳');
    await tab.screenshot('member-added');
    const stored = expectOk(await world.t.call('GET', '/api/v1/members/3301020101', { token: await world.t.adminToken() }), 200, MemberSchema);
    expect(stored).toMatchObject({ name: '王芳', homeOrg: 'A1', status: 'active', periods: [expect.objectContaining({ org: 'A1', kind: 'home', from: '2024-07-01' })] });

    await page.getByTestId('added-member-link').click();
    await expect.poll(() => page.getByTestId('member-name').textContent()).toContain('王芳');
    expect(page.url()).toMatch(/\/console\/members\/3301020101$/);
  });

  it('when the ID number is short, then the form says so before sending; when its check digit is wrong, then the server’s refusal is shown in words under it', async () => {
    const tab = await world.open(organiser, '/console/orgs/A2');
    const { page } = tab;
    await page.getByTestId('add-member').click();
    const form = page.getByTestId('add-member-form');
    await form.getByTestId('add-member-number').fill('3301020102');
    await form.getByTestId('add-member-name').fill('陈刚');
    await form.getByTestId('add-member-id-number').fill(idNumber(101).slice(0, 17));
    await form.getByTestId('add-member-submit').click();
    const problem = form.getByTestId('add-member-idNumber-problem');
    await expect.poll(() => problem.textContent()).toBe('身份证号应为 18 位：前 17 位是数字，最后一位是数字或 X。请对照身份证核对。');

    await form.getByTestId('add-member-id-number').fill(withWrongCheckChar(idNumber(101)));
    await form.getByTestId('add-member-submit').click();
    await expect.poll(() => problem.textContent()).toBe('身份证号的最后一位（校验位）和前面 17 位对不上，多半有一位抄错了。请对照身份证逐位核对。');
    expect(await form.getByTestId('add-member-id-number').getAttribute('aria-invalid')).toBe('true');
    await tab.screenshot('member-add-bad-id');
    expect(await memberStatus('3301020102')).toBe(404);

    await form.getByTestId('add-member-number').fill('3301020101');
    await form.getByTestId('add-member-id-number').fill(idNumber(101));
    await form.getByTestId('add-member-submit').click();
    await expect.poll(() => form.getByTestId('add-member-memberNumber-problem').textContent()).toContain('党员编号 3301020101 已经有人用了');
    expect(await form.getByTestId('add-member-idNumber-problem').count()).toBe(0);
  });
});

describe('the console: importing members from a CSV file', () => {
  it('when the organiser imports a list with bad rows, then the good rows are registered and each bad one is listed by row; the same file again says they are registered already', async () => {
    const tab = await world.open(organiser, '/console/orgs/A');
    const { page } = tab;
    await page.getByTestId('import-members').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('导入党员：甲镇党委');
    expect(await page.getByTestId('import-example').textContent()).toContain(`${HEADER}\n3301020001,张伟,11010519491231002X,A,2024-07-01`);
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()]);
    expect(await readFile(await template.path(), 'utf8')).toBe(`\uFEFF${HEADER}\r\n`);

    await importFile(page, csv('支部名单.csv', LIST));
    await expect.poll(() => page.getByTestId('import-imported').textContent()).toBe('已登记 4 人');
    expect(await page.getByTestId('import-rejected').textContent()).toBe('未登记 4 行');
    expect(await refusedRows(page)).toEqual([
      ['4', '身份证号', 'ERR_ID_NUMBER_INVALID'],
      ['6', '组织代码', 'ERR_ORG_NOT_FOUND'],
      ['7', '组织代码', 'ERR_OUT_OF_SCOPE'],
      ['9', '身份证号', 'ERR_ID_NUMBER_REPEATED'],
    ]);
    const errors = page.getByTestId('import-errors');
    expect(await errors.locator('tr[data-row="4"]').textContent()).toContain('请对照身份证核对');
    expect(await errors.locator('tr[data-row="7"]').textContent()).toContain('这个组织不在您的管理范围内');
    expect(await errors.locator('tr[data-row="9"]').textContent()).toContain('本文件第 2 行已经有这个身份证号');
    await tab.screenshot('member-import-report');
    for (const number of GOOD) expect(await memberStatus(number), number).toBe(200);
    for (const number of ['IMP-003', 'IMP-005', 'IMP-006', 'IMP-008']) expect(await memberStatus(number), number).toBe(404);
    const li = expectOk(await world.t.call('GET', '/api/v1/members/IMP-004', { token: await world.t.adminToken() }), 200, MemberSchema);
    expect(li).toMatchObject({ name: '李四', homeOrg: 'A', periods: [expect.objectContaining({ from: '2023-03-15' })] });

    await page.getByTestId('import-start').click();
    await expect.poll(() => page.getByTestId('import-imported').textContent()).toBe('已登记 0 人');
    expect(await page.getByTestId('import-rejected').textContent()).toBe('未登记 8 行');
    const again = await refusedRows(page);
    expect(again.filter(([row]) => ['2', '3', '5', '8'].includes(row ?? ''))).toEqual([
      ['2', '身份证号', 'ERR_ID_NUMBER_TAKEN'],
      ['3', '身份证号', 'ERR_ID_NUMBER_TAKEN'],
      ['5', '身份证号', 'ERR_ID_NUMBER_TAKEN'],
      ['8', '身份证号', 'ERR_ID_NUMBER_TAKEN'],
    ]);
    expect(await errors.locator('tr[data-row="2"]').textContent()).toContain('已登记：这个身份证号已经登记过，多半这一行之前已经导入过');
    expect(await page.getByTestId('error').count()).toBe(0);
    await tab.screenshot('member-import-again');
  });

  it('when the file is not CSV, empty, not UTF-8, too large or has the wrong header, then nothing is sent and the page says what to do', async () => {
    const tab = await world.open(organiser, '/console/orgs/A/import');
    const { page } = tab;
    const problem = page.getByTestId('import-file-problem');
    await importFile(page, { name: '名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('PK\u0003\u0004') });
    await expect.poll(() => problem.getAttribute('data-problem')).toBe('not-csv');
    expect(await problem.textContent()).toContain('请选择扩展名为 .csv 的文件');
    await importFile(page, csv('空.csv', ''));
    await expect.poll(() => problem.getAttribute('data-problem')).toBe('empty');
    // 张伟 as Excel saves it on a Chinese system (GBK).
    await importFile(page, csv('gbk.csv', Buffer.concat([Buffer.from(`${HEADER}\r\n1,`), Buffer.from([0xd5, 0xc5, 0xce, 0xb0]), Buffer.from(',x,A,\r\n')])));
    await expect.poll(() => problem.getAttribute('data-problem')).toBe('not-utf8');
    expect(await problem.textContent()).toContain('CSV UTF-8（逗号分隔）');
    await tab.screenshot('member-import-not-utf8');
    await importFile(page, csv('大.csv', Buffer.alloc(20_000_001, 'a')));
    await expect.poll(() => problem.getAttribute('data-problem')).toBe('too-big');
    expect(await problem.textContent()).toContain('最多 20 MB');

    await importFile(page, csv('表头.csv', 'number,name\r\n1,张三\r\n'));
    const error = page.getByTestId('error');
    await expect.poll(() => error.getAttribute('data-code')).toBe('ERR_CSV_HEADER_INVALID');
    expect(await error.textContent()).toContain('请按模板的列名填写');
    expect(await problem.count()).toBe(0);
  });

  it('when a file has more bad rows than the report lists, then the first 1,000 are listed and the page says how many there are in all', { timeout: 120_000 }, async () => {
    const { page } = await world.open(organiser, '/console/orgs/A1/import');
    const rows = Array.from({ length: 1100 }, (_, i) => `CAP-${i},党员${i},${withWrongCheckChar(idNumber(3000 + i))},A1,`);
    await importFile(page, csv('1100.csv', [HEADER, ...rows].join('\r\n')));
    await expect.poll(() => page.getByTestId('import-rejected').textContent(), { timeout: 60_000 }).toBe('未登记 1100 行');
    expect(await page.getByTestId('import-errors').locator('tbody tr').count()).toBe(1000);
    expect(await page.getByTestId('import-errors-capped').textContent()).toBe(
      '一共有 1100 处问题，这里只列出 1000 处（先列文件里要改的行，再列已经登记过的行）。改好这些行后再导入同一个文件，就会列出其余的问题。',
    );
  });

  it('when a branch secretary or an auditor opens an organisation, then neither adding nor importing is offered', async () => {
    for (const user of [secretary, auditor]) {
      const { page } = await world.open(user, '/console/orgs/A1');
      await expect.poll(() => page.getByTestId('org-name').textContent()).toContain('甲镇第一支部');
      expect(await page.getByTestId('add-member').count()).toBe(0);
      expect(await page.getByTestId('import-members').count()).toBe(0);
      await page.goto(`${world.t.url}/console/orgs/A1/import`);
      await expect.poll(() => page.getByTestId('empty').textContent()).toContain('您的角色不能做这项操作');
      expect(await page.getByTestId('import-form').count()).toBe(0);
    }
  });

  it('in English, the import page and its report speak English', async () => {
    const tab = await world.open(organiser, '/console/orgs/A2/import');
    const { page } = tab;
    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Import members: 甲镇第二支部');
    const list = [HEADER, `IMP-101,冯九,${idNumber(9)},A2,`, `IMP-102,陈十,${withWrongCheckChar(idNumber(10))},A2,`, `IMP-103,褚十一,${idNumber(11)},A2,2024-13-01`].join('\n');
    await importFile(page, csv('list.csv', list));
    await expect.poll(() => page.getByTestId('import-imported').textContent()).toBe('1 registered');
    expect(await page.getByTestId('import-rejected').textContent()).toBe('2 rows not registered');
    expect(await refusedRows(page)).toEqual([
      ['3', 'Resident ID number', 'ERR_ID_NUMBER_INVALID'],
      ['4', 'Member since', 'ERR_VALIDATION'],
    ]);
    expect(await page.getByTestId('import-errors').textContent()).toContain('write it like 2024-07-01');
    await tab.screenshot('member-import-en');
    expect(await memberStatus('IMP-101')).toBe(200);
  });

  it('when the organiser imports 5,000 members, then all are registered (the time it takes is printed)', { timeout: 180_000 }, async () => {
    const { page } = await world.open(organiser, '/console/orgs/A2/import');
    const rows = Array.from({ length: 5000 }, (_, i) => `BULK-${String(i).padStart(5, '0')},党员${i},${idNumber(1000 + i)},A2,2024-01-01`);
    await page.getByTestId('import-file').setInputFiles(csv('5000.csv', [HEADER, ...rows].join('\r\n')));
    const progress = page.getByTestId('import-progress');
    const started = performance.now();
    await Promise.all([progress.waitFor(), page.getByTestId('import-start').click()]);
    expect(await progress.textContent()).toContain('正在导入“5000.csv”');
    await page.getByTestId('import-report').waitFor({ timeout: 150_000 });
    const seconds = (performance.now() - started) / 1000;
    console.log(`importing 5,000 members through the console took ${seconds.toFixed(2)} s`);
    expect(await page.getByTestId('import-imported').textContent()).toBe('已登记 5000 人');
    expect(await page.getByTestId('import-rejected').count()).toBe(0);
    expect(await memberStatus('BULK-04999')).toBe(200);
  });
});
