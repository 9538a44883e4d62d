import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { dataFiles } from '../../server/bootstrap.ts';
import { KioskAlarmEventSchema } from '../../shared/events/event-schema.ts';
import { ingest, KioskSigner } from '../server/support/ingest-world.ts';
import { logWorld, restoreDatabase, rewriteLogWithout, type LogWorld } from './support/log-world.ts';

let world: LogWorld | undefined;
afterEach(async () => {
  const done = world;
  world = undefined;
  if (!done) return;
  expect(done.kioskErrors).toEqual([]);
  await done.cleanup();
});

const open = async (options: Parameters<typeof logWorld>[0] = {}): Promise<LogWorld> => {
  world = await logWorld(options);
  return world;
};

/** What the log check stored per outbox event. */
const proofs = (w: LogWorld): { seq: number; status: string; checkpoint_size: number }[] => {
  const db = w.kioskDb();
  try {
    return db.prepare('SELECT seq, status, checkpoint_size FROM log_proofs ORDER BY seq').all() as { seq: number; status: string; checkpoint_size: number }[];
  } finally {
    db.close();
  }
};

/** The kiosk.alarm events in the kiosk's outbox, decoded. */
const alarmEvents = (w: LogWorld): unknown[] => {
  const db = w.kioskDb();
  try {
    const rows = db.prepare(`SELECT jws FROM outbox WHERE type = 'kiosk.alarm' ORDER BY seq`).pluck().all() as string[];
    return rows.map((jws) => KioskAlarmEventSchema.parse(JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'))));
  } finally {
    db.close();
  }
};

describe('a kiosk holds the server to the log receipts it was given', () => {
  it('when a later sync sees a checkpoint covering accepted check-ins, then each inclusion proof verifies and the events are marked proven at that size', async () => {
    const w = await open();
    expect(w.kiosk.status().log).toMatchObject({ verifierKey: w.server().server.context.logKey.verifierKey, checkpointSize: 0 });
    const seqs = [];
    for (const card of w.cards) seqs.push(await w.checkIn(card));
    await w.kiosk.syncNow();
    // Delivered, but no checkpoint covers them yet: nothing can be proven and nothing is alarming.
    expect(w.kiosk.status()).toMatchObject({ queueLength: 0, logAlarms: 0, log: { provenEvents: 0, awaitingProof: 3, checkpointSize: 0 } });

    expect(await w.publish()).toBe(3);
    const status = await w.kiosk.syncNow();
    expect(status).toMatchObject({ logAlarms: 0, latestLogAlarm: undefined, log: { checkpointSize: 3, provenEvents: 3, awaitingProof: 0, lastError: undefined } });
    expect(proofs(w)).toEqual(seqs.map((seq) => ({ seq, status: 'proven', checkpoint_size: 3 })));
    expect(alarmEvents(w)).toEqual([]);
  });

  it('when the server rebuilt its log without one of the kiosk’s events, then the kiosk raises log-missing-event with its seq and log index, and the next sync reports a kiosk.alarm the server stores', async () => {
    const w = await open();
    const seqs = [];
    for (const card of w.cards) seqs.push(await w.checkIn(card));
    await w.kiosk.syncNow();
    // Log entries 0, 1, 2 are the three check-ins; entry 1 is replaced by a second copy of entry 0.
    await w.restart((dataDir) => rewriteLogWithout(dataDir, 1, 0));

    const status = await w.kiosk.syncNow();
    expect(status.logAlarms).toBe(1);
    expect(status.latestLogAlarm).toMatchObject({ kind: 'log-missing-event', eventSeq: seqs[1], logIndex: 1, checkpointSize: 3, reason: 'root-mismatch' });
    // The kiosk read what is there with its own token: an event it signed, but not this one.
    expect(status.latestLogAlarm?.detail).toMatch(/^event \d+, accepted as log entry 1, .*: the log holds a different event of this kiosk there \(/);
    expect(proofs(w)).toEqual([
      { seq: seqs[0], status: 'proven', checkpoint_size: 3 },
      { seq: seqs[1], status: 'missing', checkpoint_size: 3 },
      { seq: seqs[2], status: 'proven', checkpoint_size: 3 },
    ]);
    expect(alarmEvents(w)).toEqual([expect.objectContaining({ type: 'kiosk.alarm', alarm: 'log-missing-event', eventSeq: seqs[1], logIndex: 1, checkpointSize: 3 })]);
    expect(status.queueLength).toBe(1);
    expect(await w.serverAlarms('kiosk-report')).toEqual([]);

    const reported = await w.kiosk.syncNow();
    expect(reported).toMatchObject({ queueLength: 0, rejectedEvents: 0, logAlarms: 1, latestLogAlarm: { reportedSeq: 4 } });
    const [alarmEvent] = alarmEvents(w) as { id: string }[];
    expect(await w.serverAlarms('kiosk-report')).toEqual([
      expect.objectContaining({
        type: 'kiosk-report',
        kiosk: w.kiosk.kioskId,
        org: 'A1',
        events: [alarmEvent!.id],
        details: expect.objectContaining({ alarm: 'log-missing-event', eventSeq: seqs[1], logIndex: 1, checkpointSize: 3 }),
      }),
    ]);
  });

  it('when the log holds another kiosk’s event where the kiosk’s own should be, then the alarm says so, though the server shows the kiosk nothing of that event', async () => {
    const w = await open({ members: 2 });
    const seqs = [await w.checkIn(w.cards[0]!), await w.checkIn(w.cards[1]!)];
    await w.kiosk.syncNow();
    const neighbour = new KioskSigner(await w.server().enrollKiosk('B1'));
    const [receipt] = await ingest(w.server(), neighbour.kiosk, [await neighbour.sign({ type: 'card.denied', reason: 'expired' })]);
    expect(receipt?.logIndex).toBe(2);
    // Log entries 0 and 1 are the kiosk's check-ins, 2 the neighbour's event; entry 1 becomes a copy of entry 2.
    await w.restart((dataDir) => rewriteLogWithout(dataDir, 1, 2));

    const status = await w.kiosk.syncNow();
    expect(status.logAlarms).toBe(1);
    expect(status.latestLogAlarm).toMatchObject({ kind: 'log-missing-event', eventSeq: seqs[1], logIndex: 1, checkpointSize: 3, reason: 'root-mismatch' });
    expect(status.latestLogAlarm?.detail).toContain("the log holds another kiosk's event there (");
    expect(status.latestLogAlarm?.detail).not.toContain('the server does not show what is there');
  });

  it('when the server is restored from an older copy of its database, then the kiosk raises log-inconsistent (rolled back) once, however many rounds see it', async () => {
    const w = await open({ members: 4 });
    const [first, second, third, fourth] = w.cards;
    await w.checkIn(first!);
    await w.checkIn(second!);
    await w.kiosk.syncNow();
    await w.publish();
    await w.kiosk.syncNow();
    const backup = await w.backup();
    await w.checkIn(third!);
    await w.checkIn(fourth!);
    await w.kiosk.syncNow();
    expect(await w.publish()).toBe(4);
    expect((await w.kiosk.syncNow()).log).toMatchObject({ checkpointSize: 4, provenEvents: 4 });

    await w.restart((dataDir) => restoreDatabase(dataDir, backup));
    const status = await w.kiosk.syncNow();
    expect(status.logAlarms).toBe(1);
    expect(status.latestLogAlarm).toMatchObject({ kind: 'log-inconsistent', reason: 'rolled-back', checkpointSize: 2 });
    // The kiosk still holds the log to what it verified.
    expect(status.log.checkpointSize).toBe(4);

    // Later rounds see the same rolled-back log: one incident, one alarm and one report, not one per round.
    await w.kiosk.syncNow();
    await w.kiosk.syncNow();
    expect(w.kiosk.status().logAlarms).toBe(1);
    expect(alarmEvents(w)).toEqual([expect.objectContaining({ alarm: 'log-inconsistent', reason: 'rolled-back', checkpointSize: 2 })]);
  });

  it('when the server signs its checkpoints with another log key, then the kiosk raises log-checkpoint-invalid and proves nothing against them', async () => {
    const w = await open({ members: 2 });
    const pinned = w.kiosk.status().log.verifierKey;
    await w.restart((dataDir) => rmSync(dataFiles(dataDir).logKey));
    expect(w.server().server.context.logKey.verifierKey).not.toBe(pinned);
    for (const card of w.cards) await w.checkIn(card);
    await w.kiosk.syncNow();
    await w.publish();
    const status = await w.kiosk.syncNow();
    expect(status).toMatchObject({
      logAlarms: 1,
      latestLogAlarm: { kind: 'log-checkpoint-invalid', reason: 'unknown-key' },
      log: { verifierKey: pinned, checkpointSize: 0, provenEvents: 0, awaitingProof: 2 },
    });
  });

  it('when a checkpoint arrives with a forged signature, then the kiosk raises log-checkpoint-invalid (bad-signature) and keeps its trusted checkpoint', async () => {
    const w = await open({ members: 1 });
    await w.checkIn(w.cards[0]!);
    await w.kiosk.syncNow();
    w.address.forgeCheckpoint = (note) => {
      // The signature's last byte changes: same key name and id, other bytes. (Flipping a base64 character instead
      // can touch only the padding bits, which decode to the same signature.)
      const flipped = note.replace(/([A-Za-z0-9+/]+=*)\n$/, (_match, encoded: string) => {
        const bytes = Buffer.from(encoded, 'base64');
        bytes[bytes.length - 1]! ^= 1;
        return `${bytes.toString('base64')}\n`;
      });
      expect(flipped).not.toBe(note);
      return flipped;
    };
    await w.publish();
    const status = await w.kiosk.syncNow();
    expect(status).toMatchObject({ logAlarms: 1, latestLogAlarm: { kind: 'log-checkpoint-invalid', reason: 'bad-signature' }, log: { checkpointSize: 0, provenEvents: 0 } });

    w.address.forgeCheckpoint = undefined;
    expect((await w.kiosk.syncNow()).log).toMatchObject({ checkpointSize: 1, provenEvents: 1 });
  });

  it('when more events wait than one check may prove, then the rest are proven in the following rounds', async () => {
    const w = await open({ members: 5, kiosk: { log: { maxProofsPerCheck: 2 } } });
    for (const card of w.cards) await w.checkIn(card);
    await w.kiosk.syncNow();
    await w.publish();
    expect((await w.kiosk.syncNow()).log).toMatchObject({ provenEvents: 2, awaitingProof: 3 });
    expect((await w.kiosk.syncNow()).log).toMatchObject({ provenEvents: 4, awaitingProof: 1 });
    expect((await w.kiosk.syncNow()).log).toMatchObject({ provenEvents: 5, awaitingProof: 0 });
    expect(w.kiosk.status().logAlarms).toBe(0);
  });
});
