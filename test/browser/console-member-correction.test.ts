import { beforeAll, describe, expect, it } from 'vitest';
import { MemberSchema } from '../../server/schemas/members.ts';
import { createMember, registeredIssuer } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { issueCard, registerCard, type TestCard } from '../server/support/ingest-world.ts';
import { ADMIN } from '../server/support/test-server.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * 张红 of 甲镇第一支部 (A1) was recorded as having left the party yesterday; it was her namesake. The admin opens
 * her page, reads what the correction brings back and what it cannot, gives the reason, and sees her active again
 * at A1 — and that her card stays revoked, so she needs a new one. The organiser of 甲镇党委 is not offered it.
 */

const world = useConsoleWorld();
let zhang: TestCard;
let organiser: ConsoleUser;

const memberPath = (number: string): string => `/console/members/${encodeURIComponent(number)}`;

beforeAll(async () => {
  const { t } = world;
  organiser = await createUser(t, 'organiser', 'A');
  zhang = await issueCard(await registeredIssuer(t), await createMember(t, 'A1', { name: '张红', since: '2020-01-01' }));
  await registerCard(t, zhang);
  const yesterday = new Date(t.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
  const left = { status: 'left', on: yesterday, reason: '本人申请' };
  expectOk(await t.call('POST', `/api/v1/members/${zhang.member.memberNumber}/status`, { token: await t.adminToken(), json: left }), 200, MemberSchema);
});

describe('the console: correcting a leaving recorded by mistake', () => {
  it('when the admin corrects it, then the dialog says what comes back and what does not, and the member is active at home again with the card still revoked', async () => {
    const tab = await world.open(ADMIN, memberPath(zhang.member.memberNumber));
    const { page } = tab;
    await expect.poll(() => page.getByTestId('member-status').textContent()).toBe('已出党');
    await page.getByTestId('member-correct-status').click();

    const dialog = page.getByTestId('correct-status-dialog');
    await expect.poll(() => dialog.getByRole('heading').textContent()).toBe('更正误登记：张红');
    expect(await dialog.getByTestId('correction-restores').textContent()).toContain('原来的组织关系');
    const keeps = await dialog.getByTestId('correction-keeps').textContent();
    expect(keeps).toContain('党员卡已注销');
    expect(keeps).toContain('请给本人重新发一张卡');
    expect(keeps).toContain('已取消的介绍信');
    expect(await dialog.getByTestId('confirm-correction').isDisabled()).toBe(true);
    await dialog.getByTestId('correction-reason').fill('登记错了人，应为同名的另一位党员');
    await tab.screenshot('member-correct-status');
    await dialog.getByTestId('confirm-correction').click();

    const result = dialog.getByTestId('correction-result');
    await expect.poll(() => result.textContent()).toContain('已更正：张红 恢复为“正常”。');
    expect(await result.textContent()).toContain('组织关系已回到“甲镇第一支部”（自 2020-01-01 起）');
    expect(await result.getByTestId('correction-new-card').textContent()).toContain(`卡号 ${zhang.csn}`);
    await tab.screenshot('member-corrected');
    await result.getByTestId('correction-done').click();

    await expect.poll(() => page.getByTestId('member-status').textContent()).toBe('正常');
    expect(await page.getByTestId('member-home').textContent()).toContain('甲镇第一支部');
    expect(await page.getByTestId('member-correct-status').count()).toBe(0);
    const { t } = world;
    const stored = expectOk(await t.call('GET', `/api/v1/members/${zhang.member.memberNumber}`, { token: await t.adminToken() }), 200, MemberSchema);
    expect(stored).toMatchObject({ status: 'active', homeOrg: 'A1', cards: [expect.objectContaining({ csn: zhang.csn, status: 'revoked' })] });
  });

  it('when an organiser opens a member recorded as left, then no correction is offered: it is for an admin', async () => {
    const { t } = world;
    const other = await createMember(t, 'A2', { name: '李明', since: '2020-01-01' });
    const left = { status: 'left', on: new Date(t.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10), reason: '出国定居' };
    expectOk(await t.call('POST', `/api/v1/members/${other.memberNumber}/status`, { token: await t.adminToken(), json: left }), 200, MemberSchema);
    const { page } = await world.open(organiser, memberPath(other.memberNumber));
    await expect.poll(() => page.getByTestId('member-status').textContent()).toBe('已出党');
    expect(await page.getByTestId('member-correct-status').count()).toBe(0);
  });
});
