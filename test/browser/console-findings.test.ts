import { beforeAll, describe, expect, it } from 'vitest';
import { FindingDetailSchema, FindingListSchema, type FindingView } from '../../server/schemas/findings.ts';
import { createMember, type TestMember } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { FOUR_MONTHS_MS } from '../server/support/findings-world.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';
import { contrastRatio } from './support/contrast.ts';

/*
 * The reminders dashboard: two members of 甲镇第一支部 have taken no part in organisational life for four
 * months (they were registered four months ago by the server's clock, which is then back at today, so the
 * browser and the server agree on dates). The rules find a six-month warning for each; the branch
 * secretary reads them in Chinese, acknowledges one, resolves the other with a note, and reads them again
 * in English.
 */

const world = useConsoleWorld();
let secretary: ConsoleUser;
let organiser: ConsoleUser;
let auditor: ConsoleUser;
let zhang: TestMember;
let li: TestMember;

beforeAll(async () => {
  const { t } = world;
  t.clock.advance(-FOUR_MONTHS_MS);
  zhang = await createMember(t, 'A1', { name: '张长久' });
  li = await createMember(t, 'A1', { name: '李未到' });
  t.clock.advance(FOUR_MONTHS_MS);
  await t.server.context.diagnostics.runFull();
  secretary = await createUser(t, 'secretary', 'A1');
  organiser = await createUser(t, 'organiser', 'A');
  auditor = await createUser(t, 'auditor', 'A');
});

async function findingAbout(member: TestMember, status = 'live'): Promise<FindingView> {
  const { t } = world;
  const { findings } = expectOk(await t.call('GET', `/api/v1/findings?org=A1&rule=six-month&status=${status}`, { token: await t.adminToken() }), 200, FindingListSchema);
  const finding = findings.find((candidate) => candidate.people.some((person) => person.memberNumber === member.memberNumber));
  if (!finding) throw new Error(`no ${status} six-month finding about ${member.name}`);
  return finding;
}

describe('the console: reminders', () => {
  it('when a secretary opens the reminders, then each finding is explained in Chinese, and one is acknowledged and one resolved with a note', async () => {
    const first = await findingAbout(zhang);
    const second = await findingAbout(li);
    const tab = await world.open(secretary);
    const { page } = tab;
    await page.getByTestId('nav-reminders').click();
    await expect.poll(() => page.getByTestId('reminders-title').textContent()).toBe('提醒：甲镇第一支部');
    expect(await page.getByTestId('count-warning').getAttribute('data-count')).toBe('2');
    expect(await page.getByTestId('count-warning').textContent()).toContain('注意');
    expect(await page.getByTestId('live-total').textContent()).toContain('未解决 2 条');
    // Every severity is a word, readable on its colour (7:1, the console's standard for text).
    for (const severity of ['critical', 'serious', 'warning', 'info'] as const) {
      const badge = page.getByTestId(`count-${severity}`).getByTestId('severity');
      expect((await badge.textContent())?.trim().length, severity).toBeGreaterThan(0);
      const look = await badge.evaluate((element) => ({ colour: getComputedStyle(element).color, background: getComputedStyle(element).backgroundColor }));
      expect(contrastRatio(look.colour, look.background), severity).toBeGreaterThanOrEqual(7);
    }

    const firstCard = page.getByTestId(`finding-${first.id}`);
    const secondCard = page.getByTestId(`finding-${second.id}`);
    expect(await firstCard.getByRole('heading').textContent()).toBe(first.explanation.zh.title);
    expect(await firstCard.getByTestId('finding-why').textContent()).toBe(first.explanation.zh.why);
    expect(await firstCard.getByTestId('finding-action').textContent()).toBe(first.explanation.zh.action);
    expect(await firstCard.getByTestId('severity').textContent()).toBe('注意');
    expect(await firstCard.getByTestId('finding-person').textContent()).toBe('张长久');
    expect(await firstCard.getByTestId('evidence-member').getAttribute('href')).toBe(`/console/members/${zhang.memberNumber}`);

    await firstCard.getByTestId('acknowledge').click();
    await page.getByTestId('finding-dialog').getByTestId('confirm-finding').click();
    await expect.poll(() => firstCard.getByTestId('finding-status').textContent()).toBe('已知悉');
    expect(await page.getByTestId('done').textContent()).toContain('已标记为已知悉');
    expect(await firstCard.getByTestId('acknowledge').count()).toBe(0);

    await secondCard.getByTestId('resolve').click();
    await page.getByTestId('finding-dialog').getByTestId('finding-note').fill('已与本人谈话，下周参加支部会');
    await page.getByTestId('finding-dialog').getByTestId('confirm-finding').click();
    await expect.poll(() => secondCard.count()).toBe(0);
    await expect.poll(() => page.getByTestId('live-total').textContent()).toContain('未解决 1 条');
    const resolved = expectOk(await world.t.call('GET', `/api/v1/findings/${second.id}`, { token: await world.t.adminToken() }), 200, FindingDetailSchema);
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: secretary.username });
    expect(resolved.history.at(-1)).toMatchObject({ action: 'resolved', by: secretary.username, note: '已与本人谈话，下周参加支部会' });

    await firstCard.getByTestId('toggle-history').click();
    const history = firstCard.getByTestId('finding-history');
    await expect.poll(() => history.textContent()).toContain('已知悉');
    expect(await history.textContent()).toContain('发现');
    expect(await history.textContent()).toContain(secretary.username);
    await tab.screenshot('findings');

    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.getByTestId('reminders-title').textContent()).toBe('Reminders: 甲镇第一支部');
    expect(await firstCard.getByRole('heading').textContent()).toBe(first.explanation.en.title);
    expect(await firstCard.getByTestId('finding-why').textContent()).toBe(first.explanation.en.why);
    expect(await firstCard.getByTestId('finding-status').textContent()).toBe('Acknowledged');
    expect(await page.getByTestId('done').textContent()).toBe(`Resolved: ${second.explanation.en.title}`);
    expect(await firstCard.getByTestId('severity').first().textContent()).toBe('Warning');
    await tab.screenshot('findings-en');
  });

  it('when an organiser opens the reminders from a branch’s page, then they see its findings, the resolved ones on request, and its thresholds', async () => {
    const tab = await world.open(organiser, '/console/orgs/A1');
    const { page } = tab;
    await page.getByTestId('org-reminders').click();
    await expect.poll(() => page.getByTestId('reminders-title').textContent()).toBe('提醒：甲镇第一支部');
    expect(new URL(page.url()).pathname).toBe('/console/reminders/A1');
    const thresholds = page.getByTestId('thresholds');
    await expect.poll(() => thresholds.getByTestId('thresholds-six-month').textContent()).toContain('3 个月未参加：注意');
    expect(await thresholds.getByTestId('thresholds-meeting-cadence').textContent()).toContain('每 3 个月');

    const resolved = await findingAbout(li, 'resolved');
    await page.getByTestId('finding-status-filter').selectOption('resolved');
    const card = page.getByTestId(`finding-${resolved.id}`);
    await expect.poll(() => card.getByTestId('finding-status').textContent()).toBe('已解决');
    expect(await card.textContent()).toContain(`由${secretary.username}关闭`);
    expect(await card.getByTestId('resolve').count()).toBe(0);
    await tab.screenshot('findings-organiser');
  });

  it('when an auditor reads the reminders, then there is nothing to press', async () => {
    const live = await findingAbout(zhang);
    const tab = await world.open(auditor, '/console/reminders/A1');
    const card = tab.page.getByTestId(`finding-${live.id}`);
    await expect.poll(() => card.getByTestId('finding-status').textContent()).toBe('已知悉');
    expect(await card.getByTestId('resolve').count()).toBe(0);
    expect(await card.getByTestId('acknowledge').count()).toBe(0);
  });
});

describe('the console: reminders beyond the first page', () => {
  /** one more than a page of the reminders list */
  const SILENT = 201;
  let branchOrganiser: ConsoleUser;

  beforeAll(async () => {
    const { t } = world;
    t.clock.advance(-FOUR_MONTHS_MS);
    for (let i = 0; i < SILENT; i += 1) await createMember(t, 'B1');
    t.clock.advance(FOUR_MONTHS_MS);
    await t.server.context.diagnostics.runFull();
    branchOrganiser = await createUser(t, 'organiser', 'B');
  });

  it('when a branch has more reminders than a page, then the pages reach every one and the counts cover them all', async () => {
    const { t } = world;
    const all = expectOk(await t.call('GET', '/api/v1/findings?org=B1&rule=six-month&limit=1000', { token: await t.adminToken() }), 200, FindingListSchema).findings;
    expect(all).toHaveLength(SILENT);
    const oldest = all.at(-1);
    if (!oldest) throw new Error('no findings at B1');

    const tab = await world.open(branchOrganiser, '/console/reminders/B1');
    const { page } = tab;
    await expect.poll(() => page.getByTestId('count-warning').getAttribute('data-count')).toBe(String(SILENT));
    const cards = page.getByTestId('findings').locator('article');
    await expect.poll(() => cards.count()).toBe(200);
    expect(await page.getByTestId(`finding-${oldest.id}`).count()).toBe(0);
    expect(await page.getByTestId('page-number').textContent()).toBe('第 1 页');

    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByTestId('page-number').textContent()).toBe('第 2 页');
    await expect.poll(() => cards.count()).toBe(SILENT - 200);
    expect(await page.getByTestId(`finding-${oldest.id}`).getByTestId('finding-person').textContent()).toBe(oldest.people[0]?.name);
    expect(await page.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
    expect(await page.getByTestId('count-warning').getAttribute('data-count')).toBe(String(SILENT));
    await tab.screenshot('findings-second-page');

    // Another filter is another list: it starts again from its first page.
    await page.getByTestId('finding-rule').selectOption('six-month');
    await expect.poll(() => page.getByTestId('page-number').textContent()).toBe('第 1 页');
    await expect.poll(() => cards.count()).toBe(200);
    await page.getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByTestId(`finding-${oldest.id}`).count()).toBe(1);
    await page.getByRole('button', { name: '上一页' }).click();
    await expect.poll(() => page.getByTestId('page-number').textContent()).toBe('第 1 页');
    expect(await page.getByTestId(`finding-${oldest.id}`).count()).toBe(0);
  });
});
