import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../server/bootstrap.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { MemberSchema } from '../../server/schemas/members.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { createMember, registeredIssuer, userToken } from '../server/support/fixtures.ts';
import { expectOk } from '../server/support/http.ts';
import { ingest, issueCard, KioskSigner, memberWithCard, payloadOf, type TestCard } from '../server/support/ingest-world.ts';
import { issued } from '../server/support/transfer-world.ts';
import { SCREENSHOTS } from './support/chromium.ts';
import { createUser, useConsoleWorld, type ConsoleTab, type ConsoleUser } from './support/console-world.ts';

/*
 * The transfer inbox and outbox of a branch secretary (A1), with letters seeded through the HTTP API as the
 * sending organisation would issue them. Fixture tree: CTY ─┬─ A ─┬─ A1, A2; └─ B ─── B1.
 */

const world = useConsoleWorld();
let secretaryA1: ConsoleUser;

beforeAll(async () => {
  secretaryA1 = await createUser(world.t, 'secretary', 'A1');
});

/** A letter as the sending organisation issues it (the admin, for brevity), valid for 30 days. */
const issueLetter = (member: string, toOrg: string) => issued(world.t, member, toOrg, 30);

async function homeOf(member: string): Promise<string | null> {
  const { t } = world;
  return expectOk(await t.call('GET', `/api/v1/members/${member}`, { token: await t.adminToken() }), 200, MemberSchema).homeOrg;
}

async function openTransfers(user: ConsoleUser): Promise<ConsoleTab> {
  const tab = await world.open(user);
  await tab.page.getByTestId('nav-transfers').click();
  return tab;
}

describe('the console: transfer inbox and outbox', () => {
  it("when a letter is addressed to the secretary's branch, then it is listed, and accepting it moves the member's home there", async () => {
    const member = await createMember(world.t, 'B1', { name: '赵转入', since: '2020-03-01' });
    const elsewhere = await createMember(world.t, 'B1', { name: '钱别处' });
    await issueLetter(member.memberNumber, 'A1');
    // Addressed to another branch: not this secretary's business.
    await issueLetter(elsewhere.memberNumber, 'A2');

    const tab = await openTransfers(secretaryA1);
    const { page } = tab;
    const inbox = page.getByTestId('inbox');
    const row = inbox.getByTestId(`transfer-${member.memberNumber}`);
    await row.waitFor();
    expect(await inbox.getByTestId(`transfer-${elsewhere.memberNumber}`).count()).toBe(0);
    expect(await row.textContent()).toContain('乙镇第一支部');
    expect(await row.textContent()).toContain('待接收');
    await tab.screenshot('transfer-inbox');

    await row.getByTestId('accept').click();
    const dialog = page.getByTestId('accept-dialog');
    expect(await dialog.textContent()).toContain('赵转入');
    await tab.screenshot('transfer-accept-dialog');
    await dialog.getByTestId('confirm-accept').click();
    await expect.poll(() => page.getByTestId('done').textContent()).toContain('已接收');
    await expect.poll(() => inbox.getByTestId(`transfer-${member.memberNumber}`).count()).toBe(0);
    expect(await homeOf(member.memberNumber)).toBe('A1');
    // Decided letters come back when asked for.
    await page.getByText('同时显示已处理的介绍信').click();
    await expect.poll(() => inbox.getByTestId(`transfer-${member.memberNumber}`).count()).toBe(1);

    // The member's page, reached from the letter, now shows the new home and the closed old period.
    await page.getByTestId('member-search').fill(member.memberNumber);
    await page.getByTestId('member-search').press('Enter');
    await expect.poll(() => page.getByTestId('member-home').textContent()).toContain('甲镇第一支部');
    expect(await page.getByTestId('periods').locator('tbody tr').count()).toBe(2);
    await tab.screenshot('transfer-accepted-member');
  });

  it('when the printable letter is opened, then it shows styled with its QR codes, and the PDF downloads', async () => {
    const member = await createMember(world.t, 'B1', { name: '陈打印', since: '2020-03-01' });
    const letter = await issueLetter(member.memberNumber, 'A1');
    const { page } = await openTransfers(secretaryA1);
    const row = page.getByTestId('inbox').getByTestId(`transfer-${member.memberNumber}`);
    const [printView] = await Promise.all([page.context().waitForEvent('page'), row.getByTestId('letter-html').click()]);
    const refused: string[] = [];
    printView.on('console', (message) => refused.push(message.text()));
    await printView.waitForLoadState();
    await printView.locator('section.letter').waitFor();
    expect(await printView.locator('body').textContent()).toContain('陈打印');
    // Its own style sheet applies (centred headings, the QR box in the corner), under the console's CSP.
    expect(await printView.locator('section.letter h1').evaluate((h1) => getComputedStyle(h1).textAlign)).toBe('center');
    expect(await printView.locator('section.letter .qr').evaluate((qr) => getComputedStyle(qr).position)).toBe('absolute');
    expect(await printView.locator('.qr svg').count()).toBe(3);
    expect(refused.filter((text) => /Content Security Policy|Refused/i.test(text))).toEqual([]);
    await printView.setViewportSize({ width: 900, height: 1200 });
    await printView.screenshot({ path: join(SCREENSHOTS, 'console-transfer-letter.png'), fullPage: true });
    await printView.close();

    const [pdf] = await Promise.all([page.waitForEvent('download'), row.getByTestId('letter-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe(`transfer-${letter.id}.pdf`);
    expect((await readFile(await pdf.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('when the secretary returns a letter with a reason, then it leaves the inbox and the sender sees the reason', async () => {
    const member = await createMember(world.t, 'B1', { name: '孙退回' });
    const letter = await issueLetter(member.memberNumber, 'A1');
    const { page } = await openTransfers(secretaryA1);
    const row = page.getByTestId('inbox').getByTestId(`transfer-${member.memberNumber}`);
    await row.getByTestId('return').click();
    const dialog = page.getByTestId('return-dialog');
    // No reason, no return: the button waits for one.
    expect(await dialog.getByTestId('confirm-return').isDisabled()).toBe(true);
    await dialog.getByTestId('return-reason').fill('介绍信上的党员编号与本人不符');
    await dialog.getByTestId('confirm-return').click();
    await expect.poll(() => page.getByTestId('inbox').getByTestId(`transfer-${member.memberNumber}`).count()).toBe(0);
    const returned = expectOk(await world.t.call('GET', `/api/v1/transfers/${letter.id}`, { token: await world.t.adminToken() }), 200, TransferSchema);
    expect([returned.status, returned.returnReason]).toEqual(['returned', '介绍信上的党员编号与本人不符']);
    expect(await homeOf(member.memberNumber)).toBe('B1');
  });

  it('when the secretary issues a letter and then cancels it, then the outbox shows it issued and then cancelled', async () => {
    const member = await createMember(world.t, 'A1', { name: '周转出' });
    const tab = await openTransfers(secretaryA1);
    const { page } = tab;
    await page.getByTestId('tab-issue').click();
    const form = page.getByTestId('issue-form');
    await form.getByTestId('issue-member').fill(member.memberNumber);
    await form.getByTestId('issue-to').fill('B1');
    await form.getByTestId('issue-reason').fill('迁居乙镇');
    await tab.screenshot('transfer-issue-form');
    await form.getByTestId('issue-submit').click();

    const row = page.getByTestId('outbox').getByTestId(`transfer-${member.memberNumber}`);
    await expect.poll(() => row.textContent()).toContain('待接收');
    expect(await row.textContent()).toContain('迁居乙镇');
    await tab.screenshot('transfer-outbox');
    await row.getByTestId('cancel-letter').click();
    await page.getByTestId('cancel-dialog').getByTestId('confirm-cancel').click();
    await expect.poll(() => row.textContent()).toContain('已撤销');
    expect(await row.getByTestId('cancel-letter').count()).toBe(0);
    expect(await homeOf(member.memberNumber)).toBe('A1');
  });

  it('when a second letter is issued for a member who has an open one, then the form shows the refusal and what to do', async () => {
    const member = await createMember(world.t, 'A1', { name: '吴两封' });
    await issueLetter(member.memberNumber, 'B1');
    const tab = await openTransfers(secretaryA1);
    const { page } = tab;
    await page.getByTestId('tab-issue').click();
    const form = page.getByTestId('issue-form');
    await form.getByTestId('issue-member').fill(member.memberNumber);
    await form.getByTestId('issue-to').fill('A2');
    await form.getByTestId('issue-reason').fill('重复开具');
    await form.getByTestId('issue-submit').click();
    await expect.poll(() => form.getByTestId('error').getAttribute('data-code')).toBe('ERR_TRANSFER_ALREADY_OPEN');
    expect(await form.getByTestId('error').textContent()).toContain('先等对方处理，或撤销');
    await tab.screenshot('transfer-issue-refused');
  });

  it('when a kiosk showed a transfer accepted but the server refused it, then the inbox tags the letter and says why and what to do', async () => {
    const { t } = world;
    const issuer = await registeredIssuer(t);
    // The secretary confirming at the kiosk: a member of A1 with a card, linked to a secretary account of A1.
    const secretary = await memberWithCard(t, issuer, 'A1');
    await userToken(t, 'secretary', 'A1', secretary.member.memberNumber);
    // Issued at the desk but never registered on the server: the kiosk accepts it, the server cannot.
    const unregistered = await issueCard(issuer, await createMember(t, 'B1', { name: '郑未登', since: '2020-03-01' }));
    const quiet = await createMember(t, 'B1', { name: '冯未刷' });
    const letter = await issueLetter(unregistered.member.memberNumber, 'A1');
    await issueLetter(quiet.memberNumber, 'A1');
    const kiosk = new KioskSigner(await t.enrollKiosk('A1', '一支部会议室'));
    expect((await ingest(t, kiosk.kiosk, [await kiosk.acceptTransfer(unregistered, secretary, letter.id)])).map((receipt) => receipt.code)).toEqual(['ERR_CARD_UNKNOWN']);

    const tab = await openTransfers(secretaryA1);
    const { page } = tab;
    const inbox = page.getByTestId('inbox');
    const row = inbox.getByTestId(`transfer-${unregistered.member.memberNumber}`);
    await expect.poll(() => row.getByTestId('acceptance-refused-tag').textContent()).toBe('1 次接收未被接受');
    expect(await inbox.getByTestId(`transfer-${quiet.memberNumber}`).getByTestId('acceptance-refused-tag').count()).toBe(0);
    // Still open: the secretary may still accept it here.
    expect(await row.getByTestId('accept').count()).toBe(1);

    const notice = inbox.getByTestId('refused-acceptances');
    await notice.getByText('签到机上办理的接收有 1 次显示成功，但服务器没有接受，组织关系没有转过来').waitFor();
    expect(await notice.count()).toBe(1);
    expect(await notice.textContent()).toContain('这封介绍信仍在等待接收');
    const cells = await notice.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(cells).toHaveLength(1);
    const [cell] = cells;
    expect(cell![1]).toBe('一支部会议室');
    expect(cell![2]).toContain(`党员：郑未登（${unregistered.member.memberNumber}）`);
    expect(cell![2]).toContain(`确认：${secretary.member.name}`);
    // The server named the member's card: the reason and the action are about it, with its serial and name.
    expect(cell![3]).toMatch(/^党员的卡没有在系统中登记/);
    expect(cell![3]).toContain(`党员的卡：卡号 ${unregistered.csn}，卡上姓名：郑未登`);
    expect(cell![3]).not.toContain('书记的卡');
    expect(cell![3]).toContain('ERR_CARD_UNKNOWN');
    expect(cell![4]).toContain('请组织部门在系统中登记党员的这张卡');
    await tab.screenshot('transfer-refused-acceptance');

    await page.getByTestId('switch-language').click();
    await notice.getByText('The kiosk showed this transfer as accepted 1 time, but the server refused it: the membership has not moved').waitFor();
    const english = await notice.locator('tbody tr').first().textContent();
    expect(english).toContain("The member's card is not registered in the system");
    expect(english).toContain(`Member's card: serial ${unregistered.csn}, name on the card: 郑未登`);
    expect(await row.getByTestId('acceptance-refused-tag').textContent()).toBe('Kiosk acceptance refused: 1 time');
  });

  it("when the secretary's card was revoked, or a refusal was recorded before the server named the card, then the letter names the secretary's card, or either card", async () => {
    const { t } = world;
    const issuer = await registeredIssuer(t, 'county-od-revoked');
    const revoked = await memberWithCard(t, issuer, 'A1');
    await userToken(t, 'secretary', 'A1', revoked.member.memberNumber);
    expectOk(await t.call('POST', `/api/v1/cards/${revoked.csn}/revoke`, { token: await t.adminToken(), json: { reason: 'lost' } }), 200, CardSchema);
    const secretary = await memberWithCard(t, issuer, 'A1');
    await userToken(t, 'secretary', 'A1', secretary.member.memberNumber);
    const member = await memberWithCard(t, issuer, 'B1');
    const earlier = await issueCard(issuer, await createMember(t, 'B1', { name: '蒋旧拒', since: '2020-03-01' }));
    const letters = [await issueLetter(member.member.memberNumber, 'A1'), await issueLetter(earlier.member.memberNumber, 'A1')];
    const kiosk = new KioskSigner(await t.enrollKiosk('A1', '一支部会议室'));
    // Tapped after the revocation, before the kiosk heard of it.
    const at = new Date(t.clock.now().getTime() + 1000).toISOString();
    const events = [await kiosk.acceptTransfer(member, revoked, letters[0]!.id, { at }), await kiosk.acceptTransfer(earlier, secretary, letters[1]!.id, { at })];
    expect((await ingest(t, kiosk.kiosk, events)).map((receipt) => receipt.code)).toEqual(['ERR_CARD_REVOKED', 'ERR_CARD_UNKNOWN']);
    // As the server left the acceptances it refused before it named the card: no tap named.
    const db = new Database(dataFiles(t.dataDir).database);
    try {
      db.prepare('UPDATE refused_acceptances SET failed_tap = NULL WHERE event_row = (SELECT id FROM events WHERE event_id = ?)').run(payloadOf(events[1]!).id);
    } finally {
      db.close();
    }

    const tab = await openTransfers(secretaryA1);
    const { page } = tab;
    const notices = page.getByTestId('inbox').getByTestId('refused-acceptances');
    const noticeOf = (card: TestCard) => notices.filter({ hasText: card.member.memberNumber });
    await noticeOf(member).waitFor();
    const why = noticeOf(member).locator('tbody td').nth(3);
    expect(await why.textContent()).toMatch(/^书记的卡在刷卡之前已经挂失、注销或换卡/);
    expect(await why.getByTestId('refused-card').allTextContents()).toEqual([`书记的卡：卡号 ${revoked.csn}，卡上姓名：${revoked.member.name}`]);
    expect(await why.textContent()).not.toContain('党员的卡');
    expect(await noticeOf(member).locator('tbody td').nth(4).textContent()).toContain('请核实用这张卡确认的是不是书记本人');
    const old = noticeOf(earlier).locator('tbody td');
    expect(await old.nth(3).textContent()).toContain('党员的卡或书记的卡没有在系统中登记');
    expect(await old.nth(3).getByTestId('refused-card').count()).toBe(0);
    expect(await old.nth(4).textContent()).toContain('请组织部门在系统中登记这张卡');
    await tab.screenshot('transfer-refused-secretary-card');

    await page.getByTestId('switch-language').click();
    await expect.poll(() => why.textContent()).toMatch(/^The secretary's card had been reported lost, revoked or replaced before the tap/);
    expect(await why.textContent()).toContain(`Secretary's card: serial ${revoked.csn}, name on the card: ${revoked.member.name}`);
    expect(await old.nth(3).textContent()).toContain("The member's card or the secretary's card is not registered in the system");
  });

  it('when the session runs out while a letter is being issued, then the password is asked again over the page and nothing typed is lost', async () => {
    const member = await createMember(world.t, 'A1', { name: '何超时' });
    const tab = await openTransfers(secretaryA1);
    const { page } = tab;
    await page.getByTestId('tab-issue').click();
    const form = page.getByTestId('issue-form');
    await form.getByTestId('issue-member').fill(member.memberNumber);
    await form.getByTestId('issue-to').fill('B1');
    await form.getByTestId('issue-reason').fill('会话过期后继续');
    // Sessions last 30 minutes on the server's clock.
    world.t.clock.advance(31 * 60_000);
    await form.getByTestId('issue-submit').click();
    const dialog = page.getByTestId('session-expired');
    await dialog.waitFor();
    await tab.screenshot('session-expired');
    await dialog.getByLabel('密码').fill(secretaryA1.password);
    await dialog.getByRole('button', { name: '继续' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await form.getByTestId('issue-reason').inputValue()).toBe('会话过期后继续');
    await form.getByTestId('issue-submit').click();
    await expect.poll(() => page.getByTestId('outbox').getByTestId(`transfer-${member.memberNumber}`).count()).toBe(1);
  });
});
