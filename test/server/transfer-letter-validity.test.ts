import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssuerKeyFile } from '../../shared/issuance/issuer-key.ts';
import { OrgCalendar } from '../../shared/org-calendar.ts';
import { expireLapsedTransfers } from '../../server/domain/transfers/transfer-expiry.ts';
import { TransferSchema } from '../../server/schemas/transfers.ts';
import { createTree, registeredIssuer, userToken } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { ingest, issueCard, KioskSigner, registerCard, tap, type TestCard } from './support/ingest-world.ts';
import { TestClock } from './support/test-clock.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { act, issued, memberSince } from './support/transfer-world.ts';

/**
 * A letter reads "valid until 31 March", so it is good all of 31 March on the organisation's calendar and lapses as
 * 1 April begins there: at the console, at the receiving kiosk, in the expiry sweep and on the letter itself. Each
 * check sits a minute before or after that midnight. New York moves its clocks forward on 14 March 2027, inside the
 * letter's 30 days, so there the 30 days are not 30 × 24 hours; Beijing keeps one offset. Either way a letter issued
 * at 10:00 used to lapse at 10:00 or 11:00 on its last day.
 */
const ZONES = ['Asia/Shanghai', 'America/New_York'] as const;
const SINCE = '2021-03-01';

for (const timeZone of ZONES) {
  const calendar = new OrgCalendar(timeZone);
  /** The instant the organisation's clock reads `wall` ('2027-03-01T10:00'). */
  const local = (wall: string): Date => calendar.fromWallClock(new Date(`${wall}:00.000Z`));

  describe(`a 30-day letter issued on 1 March 2027 in ${timeZone} is good to the end of 31 March there`, () => {
    let t: TestServer;
    let issuer: IssuerKeyFile;
    let secretary: TestCard;
    let kiosk: KioskSigner;
    const admin = () => t.adminToken();
    const letter = async (id: string) => expectOk(await t.call('GET', `/api/v1/transfers/${id}`, { token: await admin() }), 200, TransferSchema);

    const cardFor = async (org: string): Promise<TestCard> => {
      const card = await issueCard(issuer, await memberSince(t, org, SINCE), { now: t.clock.now() });
      await registerCard(t, card);
      return card;
    };
    /** A member of B1 with a 30-day letter to A1, issued at 10:00 on 1 March. */
    const letterFor = async (card: TestCard) => {
      const saved = t.clock.now();
      t.clock.set(local('2027-03-01T10:00'));
      const open = await issued(t, card.member.memberNumber, 'A1', 30);
      t.clock.set(saved);
      return open;
    };
    const kioskAcceptance = async (transfer: string, member: TestCard): Promise<string> => {
      const at = t.clock.now().toISOString();
      const facts = { purpose: 'transfer.accept', kioskKid: kiosk.kid, subjectId: transfer, at };
      const card = await tap(member, facts);
      return kiosk.sign({ type: 'transfer.accept', transfer, member: member.member.memberNumber, card, secretary: await tap(secretary, facts) }, { at });
    };

    beforeAll(async () => {
      t = await startTestServer({ timeZone, clock: new TestClock(local('2027-03-01T09:00')) });
      await createTree(t);
      issuer = await registeredIssuer(t);
      secretary = await cardFor('A1');
      await userToken(t, 'secretary', 'A1', secretary.member.memberNumber);
      kiosk = new KioskSigner(await t.enrollKiosk('A1'));
    });
    afterAll(() => t.close());

    it('stores the first instant of 1 April there as its expiry, and the letter reads valid until 31 March', async () => {
      const open = await letterFor(await cardFor('B1'));
      expect(open.expiresAt).toBe(local('2027-04-01T00:00').toISOString());
      const html = await t.call('GET', `/api/v1/transfers/${open.id}/letter.html`, { token: await admin() });
      expect(html.status).toBe(200);
      expect(html.text).toContain('有效期30天，至2027年3月31日止');
      expect(html.text).toContain('2027年3月1日至2027年3月31日');
    });

    it('a minute before midnight the letter is open and the receiver accepts it in the console; a minute after, it has lapsed', async () => {
      const [early, late] = [await letterFor(await cardFor('B1')), await letterFor(await cardFor('B1'))];
      t.clock.set(local('2027-03-31T23:59'));
      expect((await letter(late.id)).status).toBe('issued');
      expect(expectOk(await act(t, await admin(), early.id, 'accept'), 200, TransferSchema).status).toBe('accepted');
      t.clock.set(local('2027-04-01T00:01'));
      expect(await letter(late.id)).toMatchObject({ status: 'expired', closedAt: late.expiresAt });
      expectError(await act(t, await admin(), late.id, 'accept'), 409, 'ERR_TRANSFER_EXPIRED');
    });

    it('the member and the secretary tapping at the receiving kiosk a minute before midnight are accepted; a minute after, refused', async () => {
      const [inTime, tooLate] = [await cardFor('B1'), await cardFor('B1')];
      const [first, second] = [await letterFor(inTime), await letterFor(tooLate)];
      t.clock.set(local('2027-03-31T23:59'));
      expect(await ingest(t, kiosk.kiosk, [await kioskAcceptance(first.id, inTime)])).toMatchObject([{ status: 'accepted' }]);
      expect((await letter(first.id)).status).toBe('accepted');
      t.clock.set(local('2027-04-01T00:01'));
      expect(await ingest(t, kiosk.kiosk, [await kioskAcceptance(second.id, tooLate)])).toMatchObject([{ status: 'rejected', code: 'ERR_TRANSFER_EXPIRED' }]);
    });

    it('the expiry sweep leaves the letter open a minute before midnight and marks it expired a minute after', async () => {
      const open = await letterFor(await cardFor('B1'));
      t.clock.set(local('2027-03-31T23:59'));
      expect((await expireLapsedTransfers(t.server.context)).map((swept) => swept.id)).not.toContain(open.id);
      t.clock.set(local('2027-04-01T00:01'));
      expect((await expireLapsedTransfers(t.server.context)).map((swept) => swept.id)).toContain(open.id);
    });
  });
}
