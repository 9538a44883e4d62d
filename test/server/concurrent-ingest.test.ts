import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBatchResultSchema, type Receipt } from '../../server/schemas/events.ts';
import { createTree, registeredIssuer } from './support/fixtures.ts';
import { expectError, expectOk } from './support/http.ts';
import { KioskSigner, memberWithCard, postEvents, scheduleMeeting, type TestCard } from './support/ingest-world.ts';
import { startTestServer, type EnrolledKiosk, type TestServer } from './support/test-server.ts';
import { race, RACE_MODES, type RacingRequest } from './support/write-race.ts';

let t: TestServer;
let cards: TestCard[];
let kiosks: { kiosk: EnrolledKiosk; signer: KioskSigner }[];

const count = (sql: string, ...params: unknown[]): number => t.server.store.handles.readable.prepare(sql).pluck().get(...params) as number;
const leaves = (): number => count('SELECT count(*) FROM log_nodes WHERE level = 0');
/** How often each of these JWS texts is stored, by its kiosk. */
const copiesOf = (kid: string, batch: string[]): number[] =>
  batch.map((jws) => count('SELECT count(*) FROM events WHERE kiosk_kid = ? AND jws = ?', kid, jws));
const attendanceAt = (meeting: string): number => count('SELECT count(*) FROM attendance WHERE meeting_id = ?', meeting);

/** A batch posted by a kiosk; each post carries a token of its own, as the kiosk's retries do. */
const posting = (kiosk: EnrolledKiosk, batch: string[]): RacingRequest => ({ writes: 'tokenIds.remember', send: () => postEvents(t, kiosk, batch) });

beforeAll(async () => {
  t = await startTestServer();
  await createTree(t);
  const issuer = await registeredIssuer(t);
  cards = [await memberWithCard(t, issuer, 'A1'), await memberWithCard(t, issuer, 'A1'), await memberWithCard(t, issuer, 'B1')];
  kiosks = [];
  for (const name of ['会议室终端', '礼堂终端']) {
    const kiosk = await t.enrollKiosk('A1', name);
    kiosks.push({ kiosk, signer: new KioskSigner(kiosk) });
  }
});
afterAll(() => t.close());

describe('event ingest with requests at once: every event stored and applied exactly once', () => {
  it('when a kiosk sends a batch again while the first post is still being verified, there is one copy, and the repeats are answered duplicate with the first receipts', async () => {
    const { kiosk, signer } = kiosks[0]!;
    for (const mode of RACE_MODES) {
      const meeting = await scheduleMeeting(t, 'A1');
      const batch: string[] = [];
      for (const card of cards) batch.push(await signer.checkin(card, meeting));
      const leavesBefore = leaves();

      const answers = (await race(t, [posting(kiosk, batch), posting(kiosk, batch), posting(kiosk, batch)], mode)).map(
        (answer) => expectOk(answer, 200, EventBatchResultSchema).results,
      );

      const first = answers.filter((receipts) => receipts.every((receipt) => receipt.status === 'accepted'));
      expect(first, mode).toHaveLength(1);
      const firstReceipts = first[0]!;
      expect(firstReceipts.map((receipt) => receipt.seq), mode).toEqual([signer.seq - 2, signer.seq - 1, signer.seq]);
      const resent: Receipt[] = firstReceipts.map((receipt) => ({ ...receipt, status: 'duplicate' }));
      expect(answers.filter((receipts) => receipts !== firstReceipts), mode).toEqual([resent, resent]);
      expect(copiesOf(kiosk.kid, batch), mode).toEqual([1, 1, 1]);
      expect(attendanceAt(meeting), mode).toBe(3);
      expect(leaves() - leavesBefore, mode).toBe(3);
    }
  });

  it('when two kiosks at one meeting send taps of the same card at once, both events are accepted and the member attended once', async () => {
    const card = cards[0]!;
    for (const mode of RACE_MODES) {
      const meeting = await scheduleMeeting(t, 'A1');
      const [one, other] = kiosks as [(typeof kiosks)[number], (typeof kiosks)[number]];
      const taps = [await one.signer.checkin(card, meeting), await other.signer.checkin(card, meeting)];
      const countersBefore = count('SELECT count(*) FROM card_counter_uses WHERE csn = ?', card.csn);
      const leavesBefore = leaves();

      const answers = (await race(t, [posting(one.kiosk, [taps[0]!]), posting(other.kiosk, [taps[1]!])], mode)).map(
        (answer) => expectOk(answer, 200, EventBatchResultSchema).results,
      );

      expect(answers.map((receipts) => receipts.map((receipt) => receipt.status)), mode).toEqual([['accepted'], ['accepted']]);
      const logIndexes = answers.map((receipts) => receipts[0]!.logIndex);
      expect(new Set(logIndexes).size, mode).toBe(2);
      expect(count('SELECT count(*) FROM attendance WHERE meeting_id = ? AND card_csn = ?', meeting, card.csn), mode).toBe(1);
      // Each tap's counter is recorded once: neither is mistaken for a replay of the other.
      expect(count('SELECT count(*) FROM card_counter_uses WHERE csn = ?', card.csn) - countersBefore, mode).toBe(2);
      expect(count('SELECT count(*) FROM alarms WHERE csn = ?', card.csn), mode).toBe(0);
      expect(leaves() - leavesBefore, mode).toBe(2);
    }
  });

  it('when a kiosk is disabled while its batch is on its way in, then nothing of the batch is stored and the kiosk is told it is disabled', async () => {
    const kiosk = await t.enrollKiosk('A1', '失窃终端');
    const signer = new KioskSigner(kiosk);
    const meeting = await scheduleMeeting(t, 'A1');
    const batch = [await signer.checkin(cards[0]!, meeting), await signer.checkin(cards[1]!, meeting)];
    const leavesBefore = leaves();
    const admin = await t.adminToken();
    const disabling: RacingRequest = { writes: 'kiosks.disable', send: () => t.call('POST', `/api/v1/kiosks/${kiosk.kid}/disable`, { token: admin }) };

    // The disable asks for its write first; the batch's token is checked while it waits, so it still passes.
    const [disabled, posted] = await race(t, [disabling, posting(kiosk, batch)], 'while the write lock is busy', { inTurn: true });

    expect(disabled!.status).toBe(200);
    expectError(posted!, 401, 'ERR_KIOSK_DISABLED');
    expect(copiesOf(kiosk.kid, batch)).toEqual([0, 0]);
    expect(attendanceAt(meeting)).toBe(0);
    expect(leaves()).toBe(leavesBefore);
  });
});
