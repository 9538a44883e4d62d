import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { dataFiles } from '../../server/bootstrap.ts';
import { CardSchema } from '../../server/schemas/cards.ts';
import { RefusedAcceptanceListSchema, TransferListSchema, TransferSchema, type RefusedAcceptanceView } from '../../server/schemas/transfers.ts';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { createTree, registeredIssuer, userToken } from './support/fixtures.ts';
import { errorCode, expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, storedEvents, type TestCard } from './support/ingest-world.ts';
import { runMigration } from './support/run-migration.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { act, issued, memberSince } from './support/transfer-world.ts';

/*
 * At the receiving branch's kiosk the member taps and the secretary confirms: the kiosk checks both cards offline and
 * shows the transfer done. The server judges the event only when the kiosk's outbox sends it; an acceptance it refuses
 * leaves the letter as it was, and the letter must say so, with why and what to do.
 */

const SINCE = '2021-03-01';
const codes = (receipts: { status: string; code?: string }[]) => receipts.map((receipt) => receipt.code ?? receipt.status);

async function fetchRefused(t: TestServer, transfer: string, token?: string) {
  return expectOk(await t.call('GET', `/api/v1/transfers/${transfer}/refused-acceptances`, { token: token ?? (await t.adminToken()) }), 200, RefusedAcceptanceListSchema).refused;
}

/** The letter as the receiving organisation's inbox lists it. */
async function listed(t: TestServer, transfer: string) {
  const page = expectOk(await t.call('GET', '/api/v1/transfers?org=A1&direction=incoming&limit=500', { token: await t.adminToken() }), 200, TransferListSchema);
  return page.transfers.find((letter) => letter.id === transfer)!;
}

/** A registered card of a member at home in `org` since SINCE. */
async function cardFor(t: TestServer, issuer: IssuerKeyFile, org: string): Promise<TestCard> {
  const card = await issueCard(issuer, await memberSince(t, org, SINCE));
  await registerCard(t, card);
  return card;
}

describe('refused acceptances: a transfer the kiosk showed accepted but the server refused is listed at its letter', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  let secretary: TestCard;
  let kioskA1: KioskSigner;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
    secretary = await cardFor(t, issuer, 'A1');
    await userToken(t, 'secretary', 'A1', secretary.member.memberNumber);
    kioskA1 = new KioskSigner(await t.enrollKiosk('A1', '一支部会议室'));
  });
  afterAll(() => t.close());

  it('when the member’s card is not registered, then the letter lists the refusal with both cards, the kiosk, the time and the reason, tags it, and stays open', async () => {
    const member = await issueCard(issuer, await memberSince(t, 'B1', SINCE, '王转入'));
    const letter = await issued(t, member.member.memberNumber, 'A1');
    const tappedAt = new Date(t.clock.now().getTime() - 60_000);
    // The kiosk signs in its own zone; the list gives the time in UTC.
    const inShanghai = new Date(tappedAt.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
    expect(codes(await ingest(t, kioskA1.kiosk, [await kioskA1.acceptTransfer(member, secretary, letter.id, { at: inShanghai })]))).toEqual(['ERR_CARD_UNKNOWN']);

    expect(await fetchRefused(t, letter.id)).toEqual([
      {
        member: member.member.memberNumber,
        name: member.member.name,
        nameOnCard: member.member.name,
        card: member.csn,
        secretaryNameOnCard: secretary.member.name,
        secretaryCard: secretary.csn,
        at: tappedAt.toISOString(),
        receivedAt: expect.any(String),
        kiosk: kioskA1.kid,
        kioskName: '一支部会议室',
        code: 'ERR_CARD_UNKNOWN',
        reason: 'card-unregistered',
        failedTap: 'member',
        eventId: storedEvents(t.dataDir, kioskA1.kid).at(-1)!.event_id,
      },
    ]);
    expect(await listed(t, letter.id)).toMatchObject({ status: 'issued', refusedAcceptances: 1 });
  });

  it('when the letter’s rules refuse it (a confirming card not a secretary’s, another member’s card, a letter cancelled meanwhile), then each reason says so', async () => {
    const plain = await cardFor(t, issuer, 'A1');
    const member = await cardFor(t, issuer, 'B1');
    const other = await cardFor(t, issuer, 'B1');
    const letter = await issued(t, member.member.memberNumber, 'A1');
    const cancelled = await issued(t, other.member.memberNumber, 'A1');
    const events = [await kioskA1.acceptTransfer(member, plain, letter.id), await kioskA1.acceptTransfer(other, secretary, letter.id)];
    const late = await kioskA1.acceptTransfer(other, secretary, cancelled.id);
    expectOk(await act(t, await t.adminToken(), cancelled.id, 'cancel', {}), 200, TransferSchema);
    expect(codes(await ingest(t, kioskA1.kiosk, [...events, late]))).toEqual(['ERR_TRANSFER_NOT_SECRETARY', 'ERR_TRANSFER_MEMBER_MISMATCH', 'ERR_TRANSFER_NOT_OPEN']);

    // Both cards passed: no card is named.
    expect((await fetchRefused(t, letter.id)).map((row) => [row.member, row.secretaryCard, row.reason, row.failedTap])).toEqual([
      [member.member.memberNumber, plain.csn, 'not-secretary', null],
      [other.member.memberNumber, secretary.csn, 'wrong-member', null],
    ]);
    expect((await fetchRefused(t, cancelled.id)).map((row) => [row.code, row.reason, row.failedTap])).toEqual([['ERR_TRANSFER_NOT_OPEN', 'letter-closed', null]]);
    expect(await listed(t, cancelled.id)).toMatchObject({ status: 'cancelled', refusedAcceptances: 1 });
  });

  it('when the letter is accepted after a refusal, then the refusal stays listed but the letter is no longer tagged', async () => {
    const member = await issueCard(issuer, await memberSince(t, 'B1', SINCE));
    const letter = await issued(t, member.member.memberNumber, 'A1');
    expect(codes(await ingest(t, kioskA1.kiosk, [await kioskA1.acceptTransfer(member, secretary, letter.id)]))).toEqual(['ERR_CARD_UNKNOWN']);
    expect((await listed(t, letter.id)).refusedAcceptances).toBe(1);
    await registerCard(t, member);
    expect(codes(await ingest(t, kioskA1.kiosk, [await kioskA1.acceptTransfer(member, secretary, letter.id)]))).toEqual(['accepted']);
    expect((await fetchRefused(t, letter.id)).map((row) => row.code)).toEqual(['ERR_CARD_UNKNOWN']);
    expect(await listed(t, letter.id)).toMatchObject({ status: 'accepted', refusedAcceptances: 0 });
  });

  it('when another organisation’s kiosk names the letter, or an unknown letter is named, then nothing is listed', async () => {
    const member = await issueCard(issuer, await memberSince(t, 'B1', SINCE));
    const letter = await issued(t, member.member.memberNumber, 'A1');
    const stranger = new KioskSigner(await t.enrollKiosk('A2'));
    // Refused for the card before the letter is looked at, and for the kiosk's organisation once the card is known.
    expect(codes(await ingest(t, stranger.kiosk, [await stranger.acceptTransfer(member, secretary, letter.id)]))).toEqual(['ERR_CARD_UNKNOWN']);
    await registerCard(t, member);
    expect(codes(await ingest(t, stranger.kiosk, [await stranger.acceptTransfer(member, secretary, letter.id)]))).toEqual(['ERR_TRANSFER_WRONG_KIOSK_ORG']);
    expect(codes(await ingest(t, kioskA1.kiosk, [await kioskA1.acceptTransfer(member, secretary, uuidv7())]))).toEqual(['ERR_TRANSFER_NOT_FOUND']);
    expect(await fetchRefused(t, letter.id)).toEqual([]);
    expect(await listed(t, letter.id)).toMatchObject({ status: 'issued', refusedAcceptances: 0 });
  });

  it('when someone reaching neither end asks, then they are refused; secretaries of the sending and the receiving organisation see the list', async () => {
    const member = await issueCard(issuer, await memberSince(t, 'B1', SINCE));
    const letter = await issued(t, member.member.memberNumber, 'A1');
    expect(codes(await ingest(t, kioskA1.kiosk, [await kioskA1.acceptTransfer(member, secretary, letter.id)]))).toEqual(['ERR_CARD_UNKNOWN']);
    expect(errorCode(await t.call('GET', `/api/v1/transfers/${letter.id}/refused-acceptances`, { token: await userToken(t, 'secretary', 'A2') }))).toBe('ERR_OUT_OF_SCOPE');
    expect(await fetchRefused(t, letter.id, await userToken(t, 'secretary', 'B1'))).toHaveLength(1);
    expect(await fetchRefused(t, letter.id, await userToken(t, 'secretary', 'A1'))).toHaveLength(1);
    expect(errorCode(await t.call('GET', `/api/v1/transfers/${uuidv7()}/refused-acceptances`, { token: await t.adminToken() }))).toBe('ERR_TRANSFER_NOT_FOUND');
  });

  // Last: it moves the server's clock past the letter's validity.
  it('when the letter lapsed before the event reached the server, then the refusal says it expired', async () => {
    const member = await cardFor(t, issuer, 'B1');
    const letter = await issued(t, member.member.memberNumber, 'A1', 3);
    const event = await kioskA1.acceptTransfer(member, secretary, letter.id);
    t.clock.set(new Date(letter.expiresAt));
    expect(codes(await ingest(t, kioskA1.kiosk, [event]))).toEqual(['ERR_TRANSFER_EXPIRED']);
    expect((await fetchRefused(t, letter.id)).map((row) => row.reason)).toEqual(['letter-expired']);
    expect(await listed(t, letter.id)).toMatchObject({ status: 'expired', refusedAcceptances: 1 });
  });
});

describe('refused acceptances name the tap that was refused: the member’s card, the secretary’s, or both', () => {
  let t: TestServer;
  let issuer: IssuerKeyFile;
  let secretary: TestCard;
  let k: KioskSigner;

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    issuer = await registeredIssuer(t);
    secretary = await cardFor(t, issuer, 'A1');
    await userToken(t, 'secretary', 'A1', secretary.member.memberNumber);
    k = new KioskSigner(await t.enrollKiosk('A1'));
  });
  afterAll(() => t.close());

  /** A card issued at the desk but never registered on the server. */
  const unregistered = async (org: string): Promise<TestCard> => issueCard(issuer, await memberSince(t, org, SINCE));

  /** A registered card reported lost on the server, after the kiosk last synced. */
  async function revoked(org: string): Promise<TestCard> {
    const card = await cardFor(t, issuer, org);
    expectOk(await t.call('POST', `/api/v1/cards/${card.csn}/revoke`, { token: await t.adminToken(), json: { reason: 'lost' } }), 200, CardSchema);
    return card;
  }

  /** `member` taps for their own letter to A1 and `confirming` confirms, a second after now; the one refusal listed. */
  async function refusal(member: TestCard, confirming: TestCard, expectedCode: string): Promise<RefusedAcceptanceView> {
    const letter = await issued(t, member.member.memberNumber, 'A1');
    const at = new Date(t.clock.now().getTime() + 1000).toISOString();
    expect(codes(await ingest(t, k.kiosk, [await k.acceptTransfer(member, confirming, letter.id, { at })]))).toEqual([expectedCode]);
    const refused = await fetchRefused(t, letter.id);
    expect(refused).toHaveLength(1);
    return refused[0]!;
  }

  const named = (row: RefusedAcceptanceView) => [row.reason, row.failedTap, row.card, row.secretaryCard];

  it('when the member’s card is not registered, then the refusal names the member’s card', async () => {
    const member = await unregistered('B1');
    expect(named(await refusal(member, secretary, 'ERR_CARD_UNKNOWN'))).toEqual(['card-unregistered', 'member', member.csn, secretary.csn]);
  });

  it('when the secretary’s card is not registered, then the refusal names the secretary’s card', async () => {
    const member = await cardFor(t, issuer, 'B1');
    const confirming = await unregistered('A1');
    expect(named(await refusal(member, confirming, 'ERR_CARD_UNKNOWN'))).toEqual(['card-unregistered', 'secretary', member.csn, confirming.csn]);
  });

  it('when the member’s card was revoked before the tap, then the refusal names the member’s card', async () => {
    const member = await revoked('B1');
    expect(named(await refusal(member, secretary, 'ERR_CARD_REVOKED'))).toEqual(['card-revoked', 'member', member.csn, secretary.csn]);
  });

  it('when the secretary’s card was revoked before the tap, then the refusal names the secretary’s card', async () => {
    const member = await cardFor(t, issuer, 'B1');
    const confirming = await revoked('A1');
    expect(named(await refusal(member, confirming, 'ERR_CARD_REVOKED'))).toEqual(['card-revoked', 'secretary', member.csn, confirming.csn]);
  });

  it('when both cards are refused, then the refusal names both, with the reason of the member’s card, judged first', async () => {
    const member = await unregistered('B1');
    const confirming = await revoked('A1');
    expect(named(await refusal(member, confirming, 'ERR_CARD_UNKNOWN'))).toEqual(['card-unregistered', 'both', member.csn, confirming.csn]);
  });

  it('when one unregistered card taps for the member and again to confirm, then the refusal names the member’s card', async () => {
    const member = await unregistered('B1');
    expect(named(await refusal(member, member, 'ERR_CARD_UNKNOWN'))).toEqual(['card-unregistered', 'member', member.csn, member.csn]);
  });
});

describe('refused acceptances stored before the server named the refused tap', () => {
  it('when the server is upgraded, then an acceptance it had refused names no tap and keeps its reason, and later refusals name theirs', async () => {
    const t = await startTestServer();
    try {
      await createTree(t);
      const issuer = await registeredIssuer(t);
      const secretary = await cardFor(t, issuer, 'A1');
      const member = await issueCard(issuer, await memberSince(t, 'B1', SINCE));
      const letter = await issued(t, member.member.memberNumber, 'A1');
      const k = new KioskSigner(await t.enrollKiosk('A1'));
      expect(codes(await ingest(t, k.kiosk, [await k.acceptTransfer(member, secretary, letter.id)]))).toEqual(['ERR_CARD_UNKNOWN']);
      const [before] = await fetchRefused(t, letter.id);
      expect(before!.failedTap).toBe('member');
      await t.close({ keepData: true });

      // The database as the previous release left it (the refusal listed at its letter, without the refused tap), then
      // upgraded by the migration that adds it.
      const db = new Database(dataFiles(t.dataDir).database);
      db.exec('ALTER TABLE refused_acceptances DROP COLUMN failed_tap');
      runMigration(db, 'refused-acceptance-failed-tap');
      db.close();

      const again = await startTestServer({ dataDir: t.dataDir });
      try {
        expect(await fetchRefused(again, letter.id)).toEqual([{ ...before, failedTap: null }]);
        expect(codes(await ingest(again, k.kiosk, [await k.acceptTransfer(member, secretary, letter.id)]))).toEqual(['ERR_CARD_UNKNOWN']);
        expect((await fetchRefused(again, letter.id)).map((row) => [row.reason, row.failedTap])).toEqual([
          ['card-unregistered', null],
          ['card-unregistered', 'member'],
        ]);
      } finally {
        await again.close();
      }
    } finally {
      await t.close();
    }
  });
});

describe('refused acceptances stored before the server kept them by letter', () => {
  it('when the server is upgraded, then the acceptances it had refused are read from their events and listed at their letters, and another organisation’s kiosk’s are not', async () => {
    const t = await startTestServer();
    try {
      await createTree(t);
      const issuer = await registeredIssuer(t);
      const secretary = await cardFor(t, issuer, 'A1');
      await userToken(t, 'secretary', 'A1', secretary.member.memberNumber);
      const members = [await issueCard(issuer, await memberSince(t, 'B1', SINCE, '李旧拒')), await cardFor(t, issuer, 'B1')];
      const letters = [await issued(t, members[0]!.member.memberNumber, 'A1'), await issued(t, members[1]!.member.memberNumber, 'A1')];
      const k = new KioskSigner(await t.enrollKiosk('A1'));
      const plain = await cardFor(t, issuer, 'A1');
      expect(
        codes(
          await ingest(t, k.kiosk, [
            await k.acceptTransfer(members[0]!, secretary, letters[0]!.id),
            await k.acceptTransfer(members[1]!, plain, letters[1]!.id),
            await k.acceptTransfer(members[0]!, secretary, letters[0]!.id),
          ]),
        ),
      ).toEqual(['ERR_CARD_UNKNOWN', 'ERR_TRANSFER_NOT_SECRETARY', 'ERR_CARD_UNKNOWN']);
      // Another organisation's kiosk naming the letter: refused, and listed neither before nor after the upgrade.
      const stranger = new KioskSigner(await t.enrollKiosk('A2'));
      expect(codes(await ingest(t, stranger.kiosk, [await stranger.acceptTransfer(members[1]!, secretary, letters[1]!.id)]))).toEqual(['ERR_TRANSFER_WRONG_KIOSK_ORG']);
      const before = [await fetchRefused(t, letters[0]!.id), await fetchRefused(t, letters[1]!.id)];
      expect(before.map((rows) => rows.length)).toEqual([2, 1]);
      await t.close({ keepData: true });

      // The database as the previous release left it (the same events, no table naming their letters), then upgraded
      // by the migration that reads them and the one after it that adds the refused tap.
      const db = new Database(dataFiles(t.dataDir).database);
      db.exec('DROP TABLE refused_acceptances');
      runMigration(db, 'refused-acceptances');
      runMigration(db, 'refused-acceptance-failed-tap');
      db.close();

      const again = await startTestServer({ dataDir: t.dataDir });
      try {
        // Read from the events, the refusals are as they were, except that they cannot say which tap was refused.
        const unnamed = before.map((rows) => rows.map((row) => ({ ...row, failedTap: null })));
        expect([await fetchRefused(again, letters[0]!.id), await fetchRefused(again, letters[1]!.id)]).toEqual(unnamed);
        expect(before[0]!.map((row) => row.nameOnCard)).toEqual([members[0]!.member.name, members[0]!.member.name]);
        expect((await listed(again, letters[1]!.id)).refusedAcceptances).toBe(1);
      } finally {
        await again.close();
      }
    } finally {
      await t.close();
    }
  });
});
