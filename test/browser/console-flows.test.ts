import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMember, registeredIssuer } from '../server/support/fixtures.ts';
import { acceptedTransfer, checkIns, meetingAt, memberWithOldCard, mobileRegistration } from './support/console-history-world.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * The flows page on a known fixture, with the expected matrices worked out by hand. Tree:
 *   CTY ─┬─ A ─┬─ A1
 *        │     └─ A2
 *        └─ B ─── B1
 * In the window (1 Jan 2025 to today):
 *   transfers accepted (today)     B1 → A1, A2 → B1, A1 → A2
 *   mobile registrations starting  A1 member at B1 (1 Mar 2025), B1 member at A2 (1 Apr 2025)
 *   check-ins elsewhere            an A1 member twice at B1, a B1 member once at A1
 *   not flows                      an open (unaccepted) letter B1 → A1; a check-in at home
 *
 * Level 1 under CTY (A, B):         transfers  mobile  check-ins  total
 *   A → B                               1        1        2        4
 *   B → A                               1        1        1        3
 *   A → A (inside A: not drawn)         1        0        0        1
 * Level 2 under CTY (the branches):
 *   A1 → B1  0 1 2 3 · A2 → B1  1 0 0 1 · B1 → A1  1 0 1 2 · B1 → A2  0 1 0 1 · A1 → A2  1 0 0 1
 */

const world = useConsoleWorld();
let organiser: ConsoleUser;
let auditorA: ConsoleUser;

const local = (day: string, time: string): string => new Date(`${day}T${time}:00`).toISOString();
const today = (): string => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

beforeAll(async () => {
  const { t } = world;
  organiser = await createUser(t, 'organiser', 'CTY');
  auditorA = await createUser(t, 'auditor', 'A');
  const issuer = await registeredIssuer(t);

  await acceptedTransfer(t, (await createMember(t, 'B1', { name: '转入甲一', since: '2024-01-01' })).memberNumber, 'A1');
  await acceptedTransfer(t, (await createMember(t, 'A2', { name: '转出乙一', since: '2024-01-01' })).memberNumber, 'B1');
  await acceptedTransfer(t, (await createMember(t, 'A1', { name: '镇内转接', since: '2024-01-01' })).memberNumber, 'A2');
  const open = await createMember(t, 'B1', { name: '未接收', since: '2024-01-01' });
  const letter = await t.call('POST', '/api/v1/transfers', { token: await t.adminToken(), json: { member: open.memberNumber, toOrg: 'A1', reason: '待定' } });
  expect(letter.status).toBe(201);

  await mobileRegistration(t, (await createMember(t, 'A1', { name: '外出甲', since: '2024-01-01' })).memberNumber, 'B1', '2025-03-01', '2025-06-01');
  await mobileRegistration(t, (await createMember(t, 'B1', { name: '外出乙', since: '2024-01-01' })).memberNumber, 'A2', '2025-04-01', '2025-10-01');

  const visitorFromA1 = await memberWithOldCard(t, issuer, 'A1', '串门甲');
  const visitorFromB1 = await memberWithOldCard(t, issuer, 'B1', '串门乙');
  const atB1 = [await meetingAt(t, 'B1', 'theme_day', local('2025-05-05', '14:00')), await meetingAt(t, 'B1', 'theme_day', local('2025-06-05', '14:00'))];
  const atA1 = await meetingAt(t, 'A1', 'general_meeting', local('2025-07-20', '09:00'));
  await checkIns(t, 'B1', [
    { card: visitorFromA1, meeting: atB1[0]!, at: local('2025-05-05', '14:05') },
    { card: visitorFromA1, meeting: atB1[1]!, at: local('2025-06-05', '14:05') },
  ]);
  await checkIns(t, 'A1', [
    { card: visitorFromB1, meeting: atA1, at: local('2025-07-20', '09:05') },
    { card: visitorFromA1, meeting: atA1, at: local('2025-07-20', '09:06') },
  ]);
}, 120_000);

/** The table as { "A>B": [transfers, mobile, check-ins, total] }, and its totals row. */
async function flowTable(page: Page): Promise<{ cells: Record<string, number[]>; totals: number[] }> {
  return page.getByTestId('flow-table').evaluate((table) => {
    const numbers = (row: Element): number[] => [...row.querySelectorAll('td[data-column]')].map((cell) => Number(cell.textContent));
    const cells: Record<string, number[]> = {};
    for (const row of table.querySelectorAll('tbody tr')) {
      const [, from, to] = /^flow-(.+)-(.+)$/.exec(row.getAttribute('data-testid') ?? '') ?? [];
      cells[`${from}>${to}`] = numbers(row);
    }
    return { cells, totals: numbers(table.querySelector('tfoot tr')!) };
  });
}

/** How much of the Sankey canvas is painted, and whether the senders' red is among it. */
async function sankeyPaint(page: Page): Promise<{ painted: number; red: number }> {
  return page.getByTestId('sankey').locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    let red = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
      if (a > 0 && (r < 240 || g < 240 || b < 240)) painted += 1;
      if (a > 200 && r > 150 && g < 70 && b < 70) red += 1;
    }
    return { painted, red };
  });
}

async function showFlows(page: Page, root: string, level: string): Promise<void> {
  await page.getByTestId('flows-from').fill('2025-01-01');
  await page.getByTestId('flows-to').fill(today());
  await page.getByTestId('flows-root').selectOption(root);
  await page.getByTestId('flows-level').selectOption(level);
  await page.getByTestId('flows-show').click();
  await page.getByTestId('flows-heading').waitFor();
}

describe('the console: flows between organisations', () => {
  it('when the county is rolled up to townships, then the Sankey draws both directions and the table has the hand-computed numbers', async () => {
    const tab = await world.open(organiser);
    const { page } = tab;
    await page.getByTestId('nav-flows').click();
    await showFlows(page, 'CTY', '1');
    await expect.poll(() => flowTable(page)).toEqual({
      cells: { 'A>B': [1, 1, 2, 4], 'B>A': [1, 1, 1, 3], 'A>A': [1, 0, 0, 1] },
      totals: [3, 2, 3, 8],
    });
    // A → B and B → A; the move inside A is in the table only.
    expect(await page.getByTestId('sankey').getAttribute('data-links')).toBe('2');
    await expect.poll(async () => (await sankeyPaint(page)).painted).toBeGreaterThan(5_000);
    expect((await sankeyPaint(page)).red).toBeGreaterThan(200);
    await tab.screenshot('flows-level1');

    await showFlows(page, 'CTY', '2');
    await expect.poll(() => flowTable(page)).toEqual({
      cells: { 'A1>A2': [1, 0, 0, 1], 'A1>B1': [0, 1, 2, 3], 'A2>B1': [1, 0, 0, 1], 'B1>A1': [1, 0, 1, 2], 'B1>A2': [0, 1, 0, 1] },
      totals: [3, 2, 3, 8],
    });
    expect(await page.getByTestId('sankey').getAttribute('data-links')).toBe('5');
    await page.getByRole('radiogroup').getByText('转接', { exact: true }).click();
    await expect.poll(() => page.getByTestId('sankey').getAttribute('data-links')).toBe('3');
    await tab.screenshot('flows-level2-transfers');
  });

  it('when the CSV is downloaded, then it holds the same cells as the table', async () => {
    const { page } = await world.open(organiser);
    await page.getByTestId('nav-flows').click();
    await showFlows(page, 'CTY', '1');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('flows-csv').click()]);
    const lines = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('from,from_name,to,to_name,transfers,mobile,checkins,total');
    expect(lines.slice(1).map((line) => line.split(',')).map((cells) => [cells[0], cells[2], ...cells.slice(4)])).toEqual(
      expect.arrayContaining([
        ['A', 'B', '1', '1', '2', '4'],
        ['B', 'A', '1', '1', '1', '3'],
        ['A', 'A', '1', '0', '0', '1'],
      ]),
    );
    expect(lines).toHaveLength(4);
  });

  it('when an auditor of one township looks at flows, then the other township is only "outside this scope", never named', async () => {
    const tab = await world.open(auditorA);
    const { page } = tab;
    await page.getByTestId('nav-flows').click();
    await expect.poll(() => page.getByTestId('flows-root').locator('option').allTextContents()).toEqual(['甲镇党委 (A)', '\u3000甲镇第一支部 (A1)', '\u3000甲镇第二支部 (A2)']);
    await showFlows(page, 'A', '1');
    await expect.poll(() => flowTable(page)).toEqual({
      cells: { 'A1>A2': [1, 0, 0, 1], 'A1>outside': [0, 1, 2, 3], 'A2>outside': [1, 0, 0, 1], 'outside>A1': [1, 0, 1, 2], 'outside>A2': [0, 1, 0, 1] },
      totals: [3, 2, 3, 8],
    });
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('范围以外');
    expect(text).not.toMatch(/乙镇|B1/);
    await tab.screenshot('flows-auditor-scope');
  });
});
