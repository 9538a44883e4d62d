import { join } from 'node:path';
import Database from 'better-sqlite3';
import { importJWK, type CryptoKey } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { eventHash, verifyEvent } from '../../shared/events/event-jws.ts';
import { generateKioskKey, type KioskKeyPair } from '../../shared/events/kiosk-key.ts';
import { Outbox } from '../../kiosk/core/outbox/outbox.ts';
import type { EventDraft } from '../../kiosk/core/outbox/event-draft.ts';
import { openKioskDb, type KioskDb } from '../../kiosk/core/store/kiosk-db.ts';
import { ORG, tempDir } from './support/world.ts';

const key = await generateKioskKey();
const publicKey = (await importJWK(key.publicJwk, 'EdDSA')) as CryptoKey;
const meetingOpen = (n: number): EventDraft => ({ type: 'meeting.open', at: '2026-11-26T09:00:00.000+08:00', meeting: `m-${n}`, kind: 'committee', title: `支委会 ${n}` });

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function fileOutbox(signer: KioskKeyPair = key): { file: string; db: KioskDb; outbox: Outbox } {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const file = join(dir.path, 'kiosk.sqlite');
  const db = openKioskDb(file);
  cleanups.push(() => db.open && db.close());
  return { file, db, outbox: new Outbox(db, signer, ORG) };
}

/** Checks what the server will check: every signature, seq 1, 2, … and prev = hash of the one before. */
async function expectUnbrokenChain(jwsList: string[]): Promise<void> {
  let previous: string | undefined;
  for (const [index, jws] of jwsList.entries()) {
    const payload = await verifyEvent(jws, publicKey);
    expect(payload.seq).toBe(index + 1);
    expect(payload.prev).toBe(previous === undefined ? undefined : await eventHash(previous));
    expect(payload.kiosk).toBe(key.kid);
    expect(payload.org).toBe(ORG);
    previous = jws;
  }
}

describe('outbox', () => {
  it('when events are appended, then they get seq 1, 2, 3 with no gaps, prev chaining each to the one before, and UUIDv7 ids', async () => {
    const { outbox } = fileOutbox();
    const appended = await Promise.all([1, 2, 3, 4, 5].map((n) => outbox.append(meetingOpen(n))));
    expect(appended.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5]);
    await expectUnbrokenChain(appended.map((event) => event.jws));
    for (const { payload } of appended) expect(payload.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Appended concurrently, kept in call order: the n-th call is seq n.
    expect(appended.map((event) => event.payload.type === 'meeting.open' && event.payload.meeting)).toEqual(['m-1', 'm-2', 'm-3', 'm-4', 'm-5']);
  });

  it('when append resolves, then the event is already committed: another connection to the file sees it', async () => {
    const { file, db, outbox } = fileOutbox();
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const { seq, jws } = await outbox.append(meetingOpen(1));
    const other = new Database(file, { readonly: true });
    try {
      expect(other.prepare('SELECT jws FROM outbox WHERE seq = ?').pluck().get(seq)).toBe(jws);
    } finally {
      other.close();
    }
  });

  it('when the database is closed and opened again, then nothing is lost and the chain continues where it stopped', async () => {
    const { file, db, outbox } = fileOutbox();
    const before = [await outbox.append(meetingOpen(1)), await outbox.append(meetingOpen(2)), await outbox.append(meetingOpen(3))];
    await outbox.close();
    db.close();

    const reopened = openKioskDb(file);
    cleanups.push(() => reopened.close());
    const again = new Outbox(reopened, key, ORG);
    expect(again.queueLength()).toBe(3);
    const after = [await again.append(meetingOpen(4)), await again.append(meetingOpen(5))];
    expect(after.map((event) => event.seq)).toEqual([4, 5]);
    await expectUnbrokenChain([...before, ...after].map((event) => event.jws));
    expect(again.pending(10).map((event) => event.jws)).toEqual([...before, ...after].map((event) => event.jws));
  });

  it('when receipts arrive for some events, then only those leave the pending set, oldest first stays first', async () => {
    const { outbox } = fileOutbox();
    for (const n of [1, 2, 3, 4]) await outbox.append(meetingOpen(n));
    outbox.recordReceipts([{ seq: 1, status: 'accepted', logIndex: 10 }, { seq: 3, status: 'duplicate', logIndex: 7 }], new Date());
    expect(outbox.queueLength()).toBe(2);
    expect(outbox.pending(10).map((event) => event.seq)).toEqual([2, 4]);
    expect(outbox.pending(1).map((event) => event.seq)).toEqual([2]);
  });

  it('when the server rejects an event, then it leaves the pending set but is kept with its code as an alarm', async () => {
    const { outbox } = fileOutbox();
    await outbox.append(meetingOpen(1));
    await outbox.append(meetingOpen(2));
    outbox.recordReceipts([{ seq: 1, status: 'accepted', logIndex: 0 }, { seq: 2, status: 'rejected', code: 'ERR_EVENT_SCHEMA' }], new Date());
    expect(outbox.queueLength()).toBe(0);
    expect(outbox.rejectedCount()).toBe(1);
    expect(outbox.rejected()).toMatchObject([{ seq: 2, type: 'meeting.open', code: 'ERR_EVENT_SCHEMA' }]);
  });

  it('when a receipt comes again for an event that has one, then the first receipt stands', async () => {
    const { db, outbox } = fileOutbox();
    await outbox.append(meetingOpen(1));
    expect(outbox.recordReceipts([{ seq: 1, status: 'accepted', logIndex: 5 }], new Date()).recorded).toBe(1);
    expect(outbox.recordReceipts([{ seq: 1, status: 'rejected', code: 'ERR_X' }], new Date()).recorded).toBe(0);
    expect(db.prepare('SELECT receipt_status, log_index FROM outbox WHERE seq = 1').get()).toEqual({ receipt_status: 'accepted', log_index: 5 });
  });

  it('when a member is checked in to a meeting twice, then the second append fails with ERR_ALREADY_CHECKED_IN and uses no seq', async () => {
    const { outbox } = fileOutbox();
    const card = { credential: 'a.b.c', counter: 1, sig: 'A'.repeat(86), nonce: 'B'.repeat(22) };
    const checkin: EventDraft = { type: 'checkin', at: '2026-11-26T09:00:00.000+08:00', meeting: 'm-1', member: '3301020001', card };
    expect((await outbox.append(checkin)).seq).toBe(1);
    expect(outbox.hasCheckedIn('m-1', '3301020001')).toBe(true);
    expect(outbox.hasCheckedIn('m-2', '3301020001')).toBe(false);
    await expect(outbox.append({ ...checkin, card: { ...card, counter: 2 } })).rejects.toMatchObject({ code: 'ERR_ALREADY_CHECKED_IN' });
    expect((await outbox.append(meetingOpen(2))).seq).toBe(2);
    expect(outbox.queueLength()).toBe(2);
  });

  it('when the server refuses a checkin as ERR_MEETING_CLOSED, then its meeting is closed for the outbox with the receipt, after reopening too; other refusals close nothing', async () => {
    const { file, db, outbox } = fileOutbox();
    const card = { credential: 'a.b.c', counter: 1, sig: 'A'.repeat(86), nonce: 'B'.repeat(22) };
    const checkin = (meeting: string, member: string): EventDraft => ({ type: 'checkin', at: '2026-11-26T10:31:00.000+08:00', meeting, member, card });
    await outbox.append(checkin('m-1', '3301020001'));
    await outbox.append(checkin('m-2', '3301020001'));
    await outbox.append(checkin('m-1', '3301020003'));
    const receipts = outbox.recordReceipts(
      [{ seq: 1, status: 'rejected', code: 'ERR_MEETING_CLOSED' }, { seq: 2, status: 'rejected', code: 'ERR_CARD_REVOKED' }, { seq: 3, status: 'rejected', code: 'ERR_MEETING_CLOSED' }],
      new Date(),
    );
    expect(receipts).toEqual({ recorded: 3, closedAtServer: ['m-1'] });
    expect([outbox.hasClosedMeeting('m-1'), outbox.hasClosedMeeting('m-2')]).toEqual([true, false]);
    await expect(outbox.append(checkin('m-1', '3301020005'))).rejects.toMatchObject({ code: 'ERR_MEETING_CLOSED' });
    expect((await outbox.append(checkin('m-2', '3301020005'))).seq).toBe(4);

    await outbox.close();
    db.close();
    const reopened = openKioskDb(file);
    cleanups.push(() => reopened.close());
    expect(new Outbox(reopened, key, ORG).hasClosedMeeting('m-1')).toBe(true);
  });

  it('when the outbox is closed, then a new append is refused with ERR_OUTBOX_CLOSED instead of being half written', async () => {
    const { outbox } = fileOutbox();
    await outbox.close();
    await expect(outbox.append(meetingOpen(1))).rejects.toMatchObject({ code: 'ERR_OUTBOX_CLOSED' });
  });
});
