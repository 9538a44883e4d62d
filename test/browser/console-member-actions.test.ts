import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemberSchema } from '../../server/schemas/members.ts';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { createMember, registeredIssuer } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, scheduleMeeting, type TestCard } from '../server/support/ingest-world.ts';
import { createUser, useConsoleWorld, type ConsoleUser } from './support/console-world.ts';

/*
 * The organiser of 甲镇党委 (A) keeps the member records of 甲镇第一支部 (A1): she records that a member left
 * the party, that one is suspended and later active again, and reports a lost card, from the member's page.
 * The secretary of A1 reads the same pages but is offered none of it.
 */

const world = useConsoleWorld();
let organiser: ConsoleUser;
let secretary: ConsoleUser;
let issuer: IssuerKeyFile;

const memberPath = (number: string): string => `/console/members/${encodeURIComponent(number)}`;

/** A member of A1 since 2020 with a registered card in use. */
async function memberWithCard(name: string): Promise<TestCard> {
  const { t } = world;
  const card = await issueCard(issuer, await createMember(t, 'A1', { name, since: '2020-01-01' }));
  await registerCard(t, card);
  return card;
}

async function memberOnServer(number: string) {
  const { t } = world;
  return expectOk(await t.call('GET', `/api/v1/members/${encodeURIComponent(number)}`, { token: await t.adminToken() }), 200, MemberSchema);
}

const cardStatus = (page: Page, csn: string) => page.locator(`[data-testid="card-row"][data-csn="${csn}"]`).getByTestId('card-status').textContent();

beforeAll(async () => {
  const { t } = world;
  organiser = await createUser(t, 'organiser', 'A');
  secretary = await createUser(t, 'secretary', 'A1');
  issuer = await registeredIssuer(t);
});

describe("the console: changing a member's status", () => {
  it('when the organiser records a member as left, then the dialog says it is final, and the page and the server show the closed membership and the revoked card', async () => {
    const card = await memberWithCard('周建国');
    const tab = await world.open(organiser, memberPath(card.member.memberNumber));
    const { page } = tab;
    await expect.poll(() => page.getByTestId('member-status').textContent()).toBe('正常');
    await page.getByTestId('member-change-status').click();

    const dialog = page.getByTestId('change-status-dialog');
    await expect.poll(() => dialog.getByRole('heading').textContent()).toBe('变更状态：周建国');
    // An active member can be suspended, leave or die; "active again" is for a suspended one.
    expect(await dialog.getByTestId('status-choices').textContent()).toBe('停止党籍（暂停）出党（退出）去世');
    expect(await dialog.getByTestId('status-consequences').textContent()).toContain('党员卡也保留、不会注销');
    await dialog.getByTestId('status-choice-left').check({ force: true });
    await dialog.getByTestId('status-day').fill('2024-06-30');
    const consequences = await dialog.getByTestId('status-consequences').textContent();
    expect(consequences).toContain('出党和去世是最终登记，确认后不能在这里撤回。从 2024-06-30 起：');
    expect(consequences).toContain('本人不再属于“甲镇第一支部”，组织关系记录到 2024-06-29 为止');
    expect(consequences).toContain('还没有处理的介绍信自动撤销');
    expect(consequences).toContain('各签到机同步到新的吊销名单后，就不再认这张卡');
    expect(consequences).toContain('只能由系统管理员在本页“更正误登记”');
    expect(await dialog.getByTestId('confirm-status-change').textContent()).toBe('确认登记出党');
    expect(await dialog.getByTestId('confirm-status-change').isDisabled()).toBe(true);
    await dialog.getByTestId('status-reason').fill('本人申请退出');
    await tab.screenshot('member-change-status-left');
    await dialog.getByTestId('confirm-status-change').click();

    await expect.poll(() => page.getByTestId('member-status').textContent()).toBe('已出党');
    expect(await page.getByTestId('done').textContent()).toBe(`已登记：周建国 自 2024-06-30 起为“已出党”。 党员卡（卡号 ${card.csn}）已注销，签到机同步后不再认这张卡。`);
    await expect.poll(() => cardStatus(page, card.csn)).toBe('已注销');
    expect(await page.getByTestId('revoke-card').count()).toBe(0);
    expect(await page.getByTestId('member-change-status').count()).toBe(0);
    const period = await page.getByTestId('periods').locator('tbody tr').allTextContents();
    expect(period).toEqual([expect.stringMatching(/^甲镇第一支部 A1正式组织关系2020-01-012024-06-29$/)]);
    await tab.screenshot('member-left');

    const stored = await memberOnServer(card.member.memberNumber);
    expect(stored).toMatchObject({ status: 'left', statusSince: '2024-06-30', statusReason: '本人申请退出', homeOrg: null });
    expect(stored.periods).toEqual([{ org: 'A1', kind: 'home', from: '2020-01-01', to: '2024-06-30' }]);
    expect(stored.cards.map((stored) => [stored.csn, stored.status])).toEqual([[card.csn, 'revoked']]);
  });

  it('when the organiser suspends a member and later sets them active again, then the card stays in use throughout and the server agrees', async () => {
    const card = await memberWithCard('吴秀兰');
    const { page } = await world.open(organiser, memberPath(card.member.memberNumber));
    const dialog = page.getByTestId('change-status-dialog');
    await page.getByTestId('member-change-status').click();
    await dialog.getByTestId('status-day').fill('2024-03-01');
    await dialog.getByTestId('status-reason').fill('受留党察看处分期间');
    expect(await dialog.getByTestId('confirm-status-change').textContent()).toBe('确认停止党籍');
    await dialog.getByTestId('confirm-status-change').click();
    await expect.poll(() => page.getByTestId('member-status').textContent()).toBe('停止党籍');
    expect(await cardStatus(page, card.csn)).toBe('使用中');
    expect(await memberOnServer(card.member.memberNumber)).toMatchObject({ status: 'suspended', statusSince: '2024-03-01', homeOrg: 'A1' });

    await page.getByTestId('member-change-status').click();
    expect(await dialog.getByTestId('status-choices').textContent()).toBe('恢复正常出党（退出）去世');
    expect(await dialog.getByTestId('status-consequences').textContent()).toContain('不需要换卡');
    await dialog.getByTestId('status-day').fill('2024-09-01');
    await dialog.getByTestId('status-reason').fill('处分期满');
    await dialog.getByTestId('confirm-status-change').click();
    await expect.poll(() => page.getByTestId('member-status').textContent()).toBe('正常');
    expect(await page.getByTestId('done').textContent()).toBe('已登记：吴秀兰 自 2024-09-01 起为“正常”。');
    expect(await cardStatus(page, card.csn)).toBe('使用中');
    const stored = await memberOnServer(card.member.memberNumber);
    expect(stored).toMatchObject({ status: 'active', statusSince: '2024-09-01', statusReason: '处分期满', homeOrg: 'A1' });
    expect(stored.cards.map((stored) => stored.status)).toEqual(['active']);
  });

  it('when the day is before the member joined the branch, then the server refuses it and the dialog says which day would do, and nothing changes', async () => {
    const card = await memberWithCard('郑海');
    const tab = await world.open(organiser, memberPath(card.member.memberNumber));
    const { page } = tab;
    const dialog = page.getByTestId('change-status-dialog');
    await page.getByTestId('member-change-status').click();
    await dialog.getByTestId('status-choice-deceased').check({ force: true });
    await dialog.getByTestId('status-day').fill('2019-12-31');
    await dialog.getByTestId('status-reason').fill('因病去世');
    await dialog.getByTestId('confirm-status-change').click();

    await expect.poll(() => dialog.getByTestId('status-day-problem').textContent()).toBe(
      '该党员自 2020-01-01 起才在本组织，这一天之前的变更不能在这里登记。请填 2020-01-02 或以后的日期。',
    );
    expect(await dialog.getByTestId('error').getAttribute('data-code')).toBe('ERR_MEMBER_STATUS_DATE_INVALID');
    expect(await dialog.getByTestId('error').locator('.notice__main').textContent()).toContain('日期不对');
    await tab.screenshot('member-change-status-refused');
    expect(await memberOnServer(card.member.memberNumber)).toMatchObject({ status: 'active', homeOrg: 'A1' });

    // A new day takes the refusal away; cancelling leaves the member as they were.
    await dialog.getByTestId('status-day').fill('2020-01-02');
    expect(await dialog.getByTestId('status-day-problem').count()).toBe(0);
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(await page.getByTestId('change-status-dialog').count()).toBe(0);
    expect(await page.getByTestId('member-status').textContent()).toBe('正常');
  });
});

describe('the console: reporting a card lost', () => {
  it('when the organiser reports a card lost, then the table and the server say lost, and a check-in signed with it afterwards is refused ERR_CARD_REVOKED', async () => {
    const card = await memberWithCard('冯丽');
    const tab = await world.open(organiser, memberPath(card.member.memberNumber));
    const { page } = tab;
    await expect.poll(() => cardStatus(page, card.csn)).toBe('使用中');
    await page.getByTestId('revoke-card').click();

    const dialog = page.getByTestId('revoke-card-dialog');
    await expect.poll(() => dialog.getByRole('heading').textContent()).toBe(`挂失或吊销党员卡 ${card.csn}`);
    const meaning = await dialog.getByTestId('revoke-card-meaning').textContent();
    expect(meaning).toContain('这张卡在所有签到机上都不能再签到');
    expect(meaning).toContain('签到机联网时几分钟内就会同步');
    expect(meaning).toContain('这一步不能撤回');
    expect(meaning).toContain('本人需要补办一张新卡');
    expect(await dialog.getByTestId('revoke-reason-hint').textContent()).toBe('卡丢了或被偷了。');
    expect(await dialog.getByTestId('confirm-revoke-card').textContent()).toBe('确认挂失');
    await dialog.getByTestId('revoke-reason-revoked').check({ force: true });
    expect(await dialog.getByTestId('confirm-revoke-card').textContent()).toBe('确认吊销');
    await dialog.getByTestId('revoke-reason-lost').check({ force: true });
    await tab.screenshot('member-revoke-card');
    await dialog.getByTestId('confirm-revoke-card').click();

    await expect.poll(() => cardStatus(page, card.csn)).toBe('已挂失');
    expect(await page.getByTestId('done').textContent()).toBe(`党员卡 ${card.csn} 已挂失，签到机同步后不再认这张卡。请尽快为本人补办新卡。`);
    expect(await page.getByTestId('revoke-card-dialog').count()).toBe(0);
    expect(await page.getByTestId('revoke-card').count()).toBe(0);
    // Losing the card does not change the membership.
    expect(await page.getByTestId('member-status').textContent()).toBe('正常');
    await tab.screenshot('member-card-lost');

    const { t } = world;
    const stored = await memberOnServer(card.member.memberNumber);
    expect(stored).toMatchObject({ status: 'active', homeOrg: 'A1', cards: [expect.objectContaining({ csn: card.csn, status: 'lost' })] });
    const kiosk = new KioskSigner(await t.enrollKiosk('A1', 'A1 kiosk'));
    const checkIn = await kiosk.checkin(card, await scheduleMeeting(t, 'A1'), { at: new Date(t.clock.now().getTime() + 60_000).toISOString() });
    expect((await ingest(t, kiosk.kiosk, [checkIn])).map((receipt) => receipt.code ?? receipt.status)).toEqual(['ERR_CARD_REVOKED']);
  });
});

describe('the console: who is offered the changes, and in English', () => {
  it("when the branch secretary opens a member with a card in use, then neither the status change nor the card's revocation is offered", async () => {
    const card = await memberWithCard('陈志强');
    const { page } = await world.open(secretary, memberPath(card.member.memberNumber));
    await expect.poll(() => cardStatus(page, card.csn)).toBe('使用中');
    expect(await page.getByTestId('member-status').textContent()).toBe('正常');
    expect(await page.getByTestId('member-change-status').count()).toBe(0);
    expect(await page.getByTestId('revoke-card').count()).toBe(0);
    // Not even an empty column for it.
    expect(await page.getByTestId('card-row').locator('td').count()).toBe(4);
  });

  it('when the console speaks English, then both dialogs say what happens in English', async () => {
    const card = await memberWithCard('褚文');
    const tab = await world.open(organiser, memberPath(card.member.memberNumber));
    const { page } = tab;
    await page.getByTestId('switch-language').click();
    await expect.poll(() => page.getByTestId('member-change-status').textContent()).toBe('Change status');

    await page.getByTestId('member-change-status').click();
    const status = page.getByTestId('change-status-dialog');
    expect(await status.getByRole('heading').textContent()).toBe('Change status: 褚文');
    expect(await status.getByTestId('status-choices').textContent()).toBe('SuspendedLeftDied');
    await status.getByTestId('status-choice-deceased').check({ force: true });
    await status.getByTestId('status-day').fill('2024-06-30');
    const consequences = await status.getByTestId('status-consequences').textContent();
    expect(consequences).toContain('Leaving and death are final: once confirmed, this cannot be undone here. From 2024-06-30:');
    expect(consequences).toContain('their membership there runs until 2024-06-29');
    expect(consequences).toContain('kiosks refuse it once they sync the new revocation list');
    expect(await status.getByTestId('confirm-status-change').textContent()).toBe('Record as died');
    await tab.screenshot('member-change-status-english');
    await status.getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('revoke-card').click();
    const revoke = page.getByTestId('revoke-card-dialog');
    expect(await revoke.getByRole('heading').textContent()).toBe(`Report lost or revoke card ${card.csn}`);
    const meaning = await revoke.getByTestId('revoke-card-meaning').textContent();
    expect(meaning).toContain('within minutes when the kiosk is online');
    expect(meaning).toContain('this cannot be undone');
    expect(meaning).toContain('the member needs a new card');
    await revoke.getByTestId('revoke-reason-revoked').check({ force: true });
    expect(await revoke.getByTestId('confirm-revoke-card').textContent()).toBe('Revoke it');
    await tab.screenshot('member-revoke-card-english');
    await revoke.getByTestId('confirm-revoke-card').click();
    await expect.poll(() => cardStatus(page, card.csn)).toBe('Revoked');
    expect(await page.getByTestId('done').textContent()).toContain('is revoked: kiosks refuse it once they sync');
    expect((await memberOnServer(card.member.memberNumber)).cards.map((stored) => stored.status)).toEqual(['revoked']);
  });
});
