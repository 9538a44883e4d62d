import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { AuditListSchema } from '../../server/schemas/audit.ts';
import { KioskConfigSchema } from '../../server/schemas/kiosks.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { createTree, registeredIssuer, userToken } from './support/fixtures.ts';
import { errorCode, expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, type TestCard } from './support/ingest-world.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { act, homeLine, issued, memberSince, periodsOf } from './support/transfer-world.ts';

const SINCE = '2021-03-01';

describe('transfer acceptance at the receiving branch’s kiosk (a real transfer.accept event, two real cards)', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  let secretary: TestCard;
  let plainMember: TestCard;
  let kioskA1: KioskSigner;

  const cardFor = async (org: string): Promise<TestCard> => {
    const card = await issueCard(issuer, await memberSince(t, org, SINCE));
    await registerCard(t, card);
    return card;
  };

  const codes = (receipts: { status: string; code?: string }[]) => receipts.map((receipt) => receipt.code ?? receipt.status);
  const letter = async (id: string) => expectOk(await t.call('GET', `/api/v1/transfers/${id}`, { token: await t.adminToken() }), 200, TransferSchema);

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
    secretary = await cardFor('A1');
    // The secretary of A1 is a person with a console account linked to the member they are.
    await userToken(t, 'secretary', 'A1', secretary.member.memberNumber);
    plainMember = await cardFor('A1');
    kioskA1 = new KioskSigner(await t.enrollKiosk('A1'));
  });
  afterAll(() => t.close());

  it('when the member taps and a secretary of the receiving organisation confirms, the letter is accepted and the home moves, evidenced in the log', async () => {
    const member = await cardFor('B1');
    const open = await issued(t, member.member.memberNumber, 'A1');
    const event = await kioskA1.acceptTransfer(member, secretary, open.id);
    const [receipt] = await ingest(t, kioskA1.kiosk, [event]);
    expect(receipt).toMatchObject({ status: 'accepted', logIndex: expect.any(Number) });
    const eventId = JSON.parse(Buffer.from(event.split('.')[1]!, 'base64url').toString('utf8')).id as string;
    expect(await letter(open.id)).toMatchObject({ status: 'accepted', acceptedVia: 'kiosk', acceptEventId: eventId, closedBy: `kiosk:${kioskA1.kid}` });
    const today = t.today();
    expect(homeLine(await periodsOf(t, member.member.memberNumber))).toEqual([`B1 ${SINCE}→${today}`, `A1 ${today}→open`]);
    const trail = expectOk(await t.call('GET', '/api/v1/audit?org=A1', { token: await t.adminToken() }), 200, AuditListSchema);
    expect(trail.entries.find((entry) => entry.targetId === open.id)).toMatchObject({
      action: 'transfer.accept',
      actor: `kiosk:${kioskA1.kid}`,
      summary: expect.objectContaining({ secretaryMember: secretary.member.memberNumber, event: eventId }),
    });
    // The letter is no longer one the kiosk is sent; a second acceptance of it is refused.
    const config = expectOk(await t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kioskA1.kiosk) }), 200, KioskConfigSchema);
    expect(config.transfers.map((entry) => entry.id)).not.toContain(open.id);
    expect(codes(await ingest(t, kioskA1.kiosk, [await kioskA1.acceptTransfer(member, secretary, open.id)]))).toEqual(['ERR_TRANSFER_NOT_OPEN']);
  });

  it('refuses, each with its code, a confirmation by a non-secretary, another branch’s kiosk, another member’s card and an unknown letter; nothing moves', async () => {
    const members = [await cardFor('B1'), await cardFor('B1'), await cardFor('B1')];
    const letters = await Promise.all(members.map((member) => issued(t, member.member.memberNumber, 'A1')));
    const kioskA2 = new KioskSigner(await t.enrollKiosk('A2'));
    expect(codes(await ingest(t, kioskA1.kiosk, [
      await kioskA1.acceptTransfer(members[0]!, plainMember, letters[0]!.id),
      await kioskA1.acceptTransfer(members[2]!, secretary, letters[1]!.id),
      await kioskA1.acceptTransfer(members[2]!, secretary, uuidv7()),
    ]))).toEqual(['ERR_TRANSFER_NOT_SECRETARY', 'ERR_TRANSFER_MEMBER_MISMATCH', 'ERR_TRANSFER_NOT_FOUND']);
    expect(codes(await ingest(t, kioskA2.kiosk, [await kioskA2.acceptTransfer(members[2]!, secretary, letters[2]!.id)]))).toEqual(['ERR_TRANSFER_WRONG_KIOSK_ORG']);
    for (const [i, open] of letters.entries()) {
      expect((await letter(open.id)).status).toBe('issued');
      expect(homeLine(await periodsOf(t, members[i]!.member.memberNumber))).toEqual([`B1 ${SINCE}→open`]);
    }
  });

  it('when the console and the kiosk accept the same letter at once, exactly one wins; the home moves once', async () => {
    for (let round = 0; round < 3; round += 1) {
      const member = await cardFor('B1');
      const open = await issued(t, member.member.memberNumber, 'A1');
      const event = await kioskA1.acceptTransfer(member, secretary, open.id);
      const admin = await t.adminToken();
      const [consoleReply, receipts] = await Promise.all([act(t, admin, open.id, 'accept'), ingest(t, kioskA1.kiosk, [event])]);
      const kioskWon = receipts[0]!.status === 'accepted';
      expect(kioskWon ? { console: errorCode(consoleReply), kiosk: 'accepted' } : { console: consoleReply.status, kiosk: receipts[0]!.code }).toEqual(
        kioskWon ? { console: 'ERR_TRANSFER_NOT_OPEN', kiosk: 'accepted' } : { console: 200, kiosk: 'ERR_TRANSFER_NOT_OPEN' },
      );
      expect((await letter(open.id)).acceptedVia).toBe(kioskWon ? 'kiosk' : 'console');
      const today = t.today();
      expect(homeLine(await periodsOf(t, member.member.memberNumber))).toEqual([`B1 ${SINCE}→${today}`, `A1 ${today}→open`]);
    }
  });

  it('refuses a letter whose validity lapsed before the event reached the server (ERR_TRANSFER_EXPIRED)', async () => {
    const member = await cardFor('B1');
    const open = await issued(t, member.member.memberNumber, 'A1', 3);
    const event = await kioskA1.acceptTransfer(member, secretary, open.id);
    t.clock.set(new Date(open.expiresAt));
    expect(codes(await ingest(t, kioskA1.kiosk, [event]))).toEqual(['ERR_TRANSFER_EXPIRED']);
    expect(homeLine(await periodsOf(t, member.member.memberNumber))).toEqual([`B1 ${SINCE}→open`]);
  });
});
