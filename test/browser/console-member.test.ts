import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestCard } from '../server/support/ingest-world.ts';
import { registeredIssuer } from '../server/support/fixtures.ts';
import { checkIns, meetingAt, memberWithOldCard, mobileRegistration, type Tap } from './support/console-history-world.ts';
import { createUser, useConsoleWorld, type ConsoleTab, type ConsoleUser } from './support/console-world.ts';

/*
 * A member's page and an organisation's page over a year of organisational life (2025), seeded as kiosk-
 * signed check-ins. 王甲 (branch A1) attends, at home:
 *   branch committee  monthly, Jan-Dec, on the 10th   12
 *   general meeting   quarterly, 20 Jan/Apr/Jul/Oct     4
 *   party lecture     15 Mar and 15 Sep                  2
 *   party group       monthly, Jan-Jun, on the 25th     6
 * and, as a visitor, two theme days at B1 (5 May, 5 Nov): 26 meetings in all. 李乙 of B1 visits A1's
 * general meeting on 20 April. 王甲 is also registered as a mobile member of A2 in August and September.
 */

/** tsx's CLI, to run `npm run verify` as the auditor would (without npm's own output). */
const TSX = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'cli.mjs');

const HOME_TOTAL = 24;
const ALL_TOTAL = 26;
const PAGE_SIZE = 20;

const world = useConsoleWorld();
let auditorCounty: ConsoleUser;
let wang: TestCard;

/** A local time (this process's zone, which the browser shares) as the RFC 3339 instant a kiosk would send. */
const at = (day: string, time = '09:05'): string => new Date(`${day}T${time}:00`).toISOString();
const month = (n: number): string => String(n).padStart(2, '0');

beforeAll(async () => {
  const { t } = world;
  auditorCounty = await createUser(t, 'auditor', 'CTY');
  const issuer = await registeredIssuer(t);
  wang = await memberWithOldCard(t, issuer, 'A1', '王甲');
  const li = await memberWithOldCard(t, issuer, 'B1', '李乙');

  const home: Tap[] = [];
  const schedule = async (kind: string, day: string, title?: string): Promise<string> => meetingAt(t, 'A1', kind, at(day, '09:00'), title);
  for (let n = 1; n <= 12; n++) home.push({ card: wang, meeting: await schedule('committee', `2025-${month(n)}-10`), at: at(`2025-${month(n)}-10`) });
  for (const n of [1, 4, 7, 10]) {
    const meeting = await schedule('general_meeting', `2025-${month(n)}-20`);
    home.push({ card: wang, meeting, at: at(`2025-${month(n)}-20`) });
    if (n === 4) home.push({ card: li, meeting, at: at(`2025-${month(n)}-20`, '09:07') });
  }
  for (const n of [3, 9]) home.push({ card: wang, meeting: await schedule('lecture', `2025-${month(n)}-15`, '学习党章专题党课'), at: at(`2025-${month(n)}-15`) });
  for (let n = 1; n <= 6; n++) home.push({ card: wang, meeting: await schedule('group', `2025-${month(n)}-25`), at: at(`2025-${month(n)}-25`) });
  home.sort((a, b) => a.at.localeCompare(b.at));
  await checkIns(t, 'A1', home);

  const away: Tap[] = [];
  for (const n of [5, 11]) away.push({ card: wang, meeting: await meetingAt(t, 'B1', 'theme_day', at(`2025-${month(n)}-05`, '14:00')), at: at(`2025-${month(n)}-05`, '14:10') });
  await checkIns(t, 'B1', away);
  await mobileRegistration(t, wang.member.memberNumber, 'A2', '2025-08-01', '2025-10-01');
}, 120_000);

/** The visible history rows as [date, kind, host, attended as] (date without the time). */
async function historyRows(tab: ConsoleTab): Promise<string[][]> {
  return tab.page
    .getByTestId('history-row')
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].slice(0, 5).map((cell, index) => (index === 0 ? (cell.textContent ?? '').slice(0, 10) : (cell.textContent ?? '')))))
    .then((rows) => rows.map(([date = '', kind = '', , host = '', as = '']) => [date, kind, host.replace(/\s+[A-Z0-9]+$/, ''), as]));
}

async function openMember(user: ConsoleUser, number: string): Promise<ConsoleTab> {
  const tab = await world.open(user);
  await tab.page.getByTestId('member-search').fill(number);
  await tab.page.getByTestId('member-search').press('Enter');
  await tab.page.getByTestId('history-row').first().waitFor();
  return tab;
}

describe("the console: a member's page and an organisation's page", () => {
  it('when an auditor opens a member, then the history shows meetings at home and as a guest, with their evidence, a page at a time', async () => {
    const tab = await openMember(auditorCounty, wang.member.memberNumber);
    const { page } = tab;
    expect(await page.getByTestId('member-name').textContent()).toContain('王甲');
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(PAGE_SIZE);
    expect(await page.getByTestId('history').textContent()).toContain(`共 ${ALL_TOTAL} 条`);
    const first = await historyRows(tab);
    // Newest first: the December and November committees at home, then the November theme day at B1 as a visitor.
    expect(first.slice(0, 3)).toEqual([
      ['2025-12-10', '支部委员会', '甲镇第一支部', '本支部'],
      ['2025-11-10', '支部委员会', '甲镇第一支部', '本支部'],
      ['2025-11-05', '主题党日', '乙镇第一支部', '外来参加无表决权'],
    ]);
    // Each row names its evidence: the check-in's leaf in the transparency log.
    expect(await page.getByTestId('history-row').first().locator('code.evidence').textContent()).toMatch(/^日志第 \d+ 条$/);
    expect(await page.getByTestId('history-mobile').textContent()).toContain('甲镇第二支部');
    expect(await page.getByTestId('history-mobile').textContent()).toContain('2025-08-01 – 2025-09-30');
    await tab.screenshot('member-history');

    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByTestId('page-number').textContent()).toBe('第 2 页');
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(ALL_TOTAL - PAGE_SIZE);
    expect((await historyRows(tab)).at(-1)).toEqual(['2025-01-10', '支部委员会', '甲镇第一支部', '本支部']);
  });

  it('when the history is filtered by kind and by dates, then only those meetings are listed', async () => {
    const tab = await openMember(auditorCounty, wang.member.memberNumber);
    const { page } = tab;
    await page.getByTestId('filter-kind').selectOption('lecture');
    await page.getByTestId('filter-apply').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(2);
    expect((await historyRows(tab)).map(([date, kind]) => [date, kind])).toEqual([
      ['2025-09-15', '党课'],
      ['2025-03-15', '党课'],
    ]);
    await tab.screenshot('member-history-filtered');

    await page.getByTestId('filter-kind').selectOption('');
    await page.getByTestId('filter-from').fill('2025-05-01');
    await page.getByTestId('filter-to').fill('2025-05-31');
    await page.getByTestId('filter-apply').click();
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(3);
    expect((await historyRows(tab)).map(([date, kind, , as]) => [date, kind, as])).toEqual([
      ['2025-05-25', '党小组会', '本支部'],
      ['2025-05-10', '支部委员会', '本支部'],
      ['2025-05-05', '主题党日', '外来参加无表决权'],
    ]);
  });

  it('when the history is exported, then the CSV lists every meeting and the bundle verifies offline with npm run verify', async () => {
    const { page } = await openMember(auditorCounty, wang.member.memberNumber);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-member-csv').click()]);
    const lines = (await readFile(await csv.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]?.split(',').slice(0, 4)).toEqual(['member', 'at', 'meeting', 'kind']);
    expect(lines).toHaveLength(ALL_TOTAL + 1);

    const [bundle] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-member-bundle').click()]);
    const file = join(mkdtempSync(join(tmpdir(), 'mic-console-bundle-')), bundle.suggestedFilename());
    await bundle.saveAs(file);
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { format: string; events: unknown[] };
    expect([parsed.format, parsed.events.length]).toEqual(['member-card-bundle/1', ALL_TOTAL]);
    const verified = spawnSync(process.execPath, [TSX, 'scripts/verify.ts', file], { encoding: 'utf8' });
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    rmSync(dirname(file), { recursive: true, force: true });
  });

  it("when the branch's page is opened, then meetings by month and kind, attendance rates, guests and members gone elsewhere show", async () => {
    const tab = await world.open(auditorCounty, '/console/orgs/A1');
    const { page } = tab;
    await page.getByTestId('org-history-filters').locator('input').first().fill('2025-01-01');
    await page.getByTestId('org-history-filters').locator('input').nth(1).fill('2025-12-31');
    await page.getByTestId('org-history-filters').getByRole('button', { name: '查询' }).click();
    const months = page.getByTestId('org-months');
    await expect.poll(() => months.locator('tbody tr').count()).toBe(12);
    const april = await months.locator('tbody tr').nth(3).locator('td').allTextContents();
    // April: one committee, one general meeting, one group meeting, no lecture.
    expect(april[0]).toBe('2025-04');
    expect(april.slice(1).map(Number).reduce((sum, n) => sum + n, 0)).toBe(3);
    expect(await page.getByTestId('org-rates').locator('tbody tr').count()).toBe(HOME_TOTAL);
    expect(await page.getByTestId('org-guests').textContent()).toContain('李乙');
    const elsewhere = await page.getByTestId('org-elsewhere').locator('tbody tr').first().locator('td').allTextContents();
    expect([elsewhere[0], elsewhere[1]?.replace(/\s+B1$/, ''), elsewhere[2]]).toEqual(['王甲', '乙镇第一支部', '2']);
    await tab.screenshot('org-page');
  });

  it("when the exports page is used for a branch, then its meetings CSV and its bundle download", async () => {
    const tab = await world.open(auditorCounty, '/console/exports');
    const { page } = tab;
    const form = page.getByTestId('export-org');
    await form.locator('select').first().selectOption('A1');
    await page.locator('input[type="date"]').first().fill('2025-01-01');
    await page.locator('input[type="date"]').nth(1).fill('2025-12-31');
    await tab.screenshot('exports');
    const [csv] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: '下载 CSV' }).click()]);
    const lines = (await readFile(await csv.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(HOME_TOTAL + 1);
    const [bundle] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: '下载可验证数据包' }).click()]);
    const parsed = JSON.parse(await readFile(await bundle.path(), 'utf8')) as { format: string; subject: { org?: string }; events: unknown[] };
    // Every check-in at A1's meetings: 王甲's 24 and 李乙's visit.
    expect([parsed.format, parsed.subject.org, parsed.events.length]).toEqual(['member-card-bundle/1', 'A1', HOME_TOTAL + 1]);
  });
});
