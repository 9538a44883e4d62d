import { beforeAll, describe, expect, it } from 'vitest';
import { MobileListSchema } from '../../server/schemas/mobile-periods.ts';
import { createMember } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * Mobile members through the console: the host organisation's organiser registers a member of another
 * township, extends the registration and ends it early. The console asks for last days; the server keeps
 * exclusive ends, so each step is checked on the server too.
 */

const world = useConsoleWorld();
let organiserB: ConsoleUser;

beforeAll(async () => {
  organiserB = await createUser(world.t, 'organiser', 'B');
});

/** A calendar day `days` from the server's today, as YYYY-MM-DD in this machine's time zone (the browser's). */
function day(days: number): string {
  const now = world.t.clock.now();
  const date = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

async function periodsOf(member: string) {
  const { t } = world;
  return expectOk(await t.call('GET', `/api/v1/mobile-periods?member=${member}`, { token: await t.adminToken() }), 200, MobileListSchema).periods;
}

describe('the console: mobile members', () => {
  it('when the host registers, extends and ends a registration early, then the list and the server agree at each step', async () => {
    const member = await createMember(world.t, 'A1', { name: '郑外出', since: '2021-05-01' });
    const tab = await world.open(organiserB);
    const { page } = tab;
    await page.getByTestId('nav-mobile').click();
    await page.getByTestId('register-mobile').click();
    const form = page.getByTestId('register-mobile-form');
    await form.getByTestId('mobile-member').fill(member.memberNumber);
    await form.getByTestId('mobile-org').fill('B1');
    await form.getByTestId('mobile-from').fill(day(-30));
    await form.getByTestId('mobile-last').fill(day(60));
    await form.getByTestId('mobile-reason').fill('外出务工');
    await tab.screenshot('mobile-register');
    await form.getByTestId('mobile-submit').click();

    const row = page.getByTestId('mobile').getByTestId(`mobile-${member.memberNumber}`);
    await expect.poll(() => row.textContent()).toContain(`${day(-30)} – ${day(60)}`);
    expect(await row.textContent()).toContain('外出务工');
    expect(await page.getByTestId('done').textContent()).toContain('乙镇第一支部');
    expect((await periodsOf(member.memberNumber)).map((period) => [period.org, period.from, period.to, period.status])).toEqual([['B1', day(-30), day(61), 'active']]);
    await tab.screenshot('mobile-list');

    await row.getByTestId('extend').click();
    await page.getByTestId('mobile-dialog').getByTestId('mobile-day').fill(day(120));
    await page.getByTestId('mobile-dialog').getByTestId('confirm-mobile').click();
    await expect.poll(() => row.textContent()).toContain(`${day(-30)} – ${day(120)}`);
    expect((await periodsOf(member.memberNumber))[0]?.to).toBe(day(121));

    await row.getByTestId('end-early').click();
    // Today is offered: from today the member counts as a visitor at the host.
    expect(await page.getByTestId('mobile-dialog').getByTestId('mobile-day').inputValue()).toBe(day(0));
    await page.getByTestId('mobile-dialog').getByTestId('confirm-mobile').click();
    await expect.poll(() => page.getByTestId('mobile').getByTestId(`mobile-${member.memberNumber}`).count()).toBe(0);
    expect((await periodsOf(member.memberNumber)).map((period) => [period.to, period.status, period.endedEarly])).toEqual([[day(0), 'ended', true]]);
    await page.getByText('同时显示已结束的登记').click();
    await expect.poll(() => row.textContent()).toContain('已提前结束');
    await tab.screenshot('mobile-ended');
  });

  it('when a registration overlaps one the member already has, then the form shows the refusal and what to do', async () => {
    const { t } = world;
    const member = await createMember(t, 'A2', { name: '冯重叠', since: '2021-05-01' });
    expectOk(
      await t.call('POST', `/api/v1/members/${member.memberNumber}/mobile-periods`, { token: await t.adminToken(), json: { org: 'B1', from: day(-10), to: day(30), reason: '求学' } }),
      201,
      MobileListSchema.shape.periods.element,
    );
    const tab = await world.open(organiserB);
    await tab.page.getByTestId('nav-mobile').click();
    await tab.page.getByTestId('register-mobile').click();
    const form = tab.page.getByTestId('register-mobile-form');
    await form.getByTestId('mobile-member').fill(member.memberNumber);
    await form.getByTestId('mobile-org').fill('B1');
    await form.getByTestId('mobile-from').fill(day(0));
    await form.getByTestId('mobile-submit').click();
    await expect.poll(() => form.getByTestId('error').getAttribute('data-code')).toBe('ERR_PERIOD_OVERLAPS');
    expect(await form.getByTestId('error').textContent()).toContain('请调整日期');
  });
});
