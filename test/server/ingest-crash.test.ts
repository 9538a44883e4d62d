import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { OUTBOX_PENDING_HEADER } from '../../shared/events/kiosk-token.ts';
import { createTree, registeredIssuer } from './support/fixtures.ts';
import { ingestAt, KioskSigner, memberWithCard, openDatabase, scheduleMeeting, type TestCard } from './support/ingest-world.ts';
import { signKioskToken } from './support/kiosk-keys.ts';
import { startServerProcess, type ServerProcess } from './support/server-process.ts';
import { startTestServer } from './support/test-server.ts';

const BATCH = 500;
/**
 * When the server is killed, batch by batch:
 * - 'taken in': as soon as the server has recorded the request's contact (with the backlog the request
 *   reports, a number unique to the batch), which it does before it reads the body: the batch has yet to
 *   be verified, let alone committed, so the resend must find none of it;
 * - a number: that many ms after sending, which lands before, during or after the transaction depending
 *   on the machine;
 * - 'answered': once the answer arrived, so at least one batch is certainly committed and its answer lost.
 * Until one kill has landed before its batch committed, every kill is made on 'taken in' (a machine fast
 * enough to commit 500 events before the kill would otherwise leave that path untested).
 */
type Kill = 'taken in' | number | 'answered';
const KILLS: Kill[] = ['taken in', 40, 120, 250, 600, 'answered'];
const CARDS = 100;

interface Counts {
  events: number;
  accepted: number;
  seqs: number;
  attendance: number;
  logSize: number;
  counterUses: number;
}

function counts(dataDir: string, kid: string): Counts {
  const db = openDatabase(dataDir);
  try {
    const one = (sql: string, ...params: unknown[]): number => db.prepare(sql).pluck().get(...params) as number;
    return {
      events: one('SELECT count(*) FROM events WHERE kiosk_kid = ?', kid),
      accepted: one(`SELECT count(*) FROM events WHERE kiosk_kid = ? AND status = 'accepted'`, kid),
      seqs: one('SELECT count(DISTINCT seq) FROM events WHERE kiosk_kid = ?', kid),
      attendance: one('SELECT count(*) FROM attendance WHERE kiosk_kid = ?', kid),
      logSize: one('SELECT coalesce(max(idx) + 1, 0) FROM log_nodes WHERE level = 0'),
      counterUses: one('SELECT count(*) FROM card_counter_uses'),
    };
  } finally {
    db.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the server has recorded the contact of the request that reported `backlog`. */
async function takenIn(dataDir: string, kid: string, backlog: number): Promise<void> {
  const db = openDatabase(dataDir);
  try {
    const reported = db.prepare('SELECT outbox_pending FROM kiosk_health WHERE kid = ?').pluck();
    const deadline = Date.now() + 60_000;
    while (reported.get(kid) !== backlog) {
      if (Date.now() > deadline) throw new Error(`the server did not take in the batch reporting ${backlog}`);
      await sleep(1);
    }
  } finally {
    db.close();
  }
}

describe('a server killed with SIGKILL in the middle of a batch', () => {
  const root = mkdtempSync(join(tmpdir(), 'mic-crash-'));
  const dataDir = join(root, 'data');
  let server: ServerProcess | undefined;
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    rmSync(root, { recursive: true, force: true });
  });

  it('stores every event of a batch sent again after the restart exactly once, and logs each accepted event once', { timeout: 240_000 }, async () => {
    // Organisations, members with real cards, meetings and the kiosk, set up through the API in-process.
    const setup = await startTestServer({ dataDir });
    onTestFinished(() => setup.close());
    await createTree(setup);
    const issuer = await registeredIssuer(setup);
    const cards: TestCard[] = [];
    for (let i = 0; i < CARDS; i++) cards.push(await memberWithCard(setup, issuer, i % 2 === 0 ? 'A1' : 'B1'));
    const meetings: string[] = [];
    for (let i = 0; i < (KILLS.length * BATCH) / CARDS; i++) meetings.push(await scheduleMeeting(setup, 'A1'));
    const kiosk = new KioskSigner(await setup.enrollKiosk('A1'));
    await setup.close();

    // Each card checks in once at each meeting: every event makes its own attendance row.
    const batches: string[][] = [];
    for (const [b] of KILLS.entries()) {
      const batch: string[] = [];
      for (let i = 0; i < BATCH; i++) {
        const n = b * BATCH + i;
        batch.push(await kiosk.checkin(cards[n % CARDS]!, meetings[Math.floor(n / CARDS)]!));
      }
      batches.push(batch);
    }

    const token = () => signKioskToken(kiosk.kiosk, { now: new Date() });
    server = await startServerProcess(dataDir);
    const committedBeforeKill: boolean[] = [];
    const kills: Kill[] = [];
    for (const [b, planned] of KILLS.entries()) {
      const kill = planned === 'answered' || committedBeforeKill.includes(false) ? planned : 'taken in';
      kills.push(kill);
      const backlog = 1000 + b;
      const before = counts(dataDir, kiosk.kid);
      const inFlight = fetch(`${server.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}`, [OUTBOX_PENDING_HEADER]: String(backlog) },
        body: JSON.stringify({ events: batches[b] }),
      }).then(
        (response) => response.status,
        () => 'no answer',
      );
      if (kill === 'answered') expect(await inFlight).toBe(200);
      else if (kill === 'taken in') await takenIn(dataDir, kiosk.kid, backlog);
      else await sleep(kill);
      server.child.kill('SIGKILL');
      expect(await server.exited).toBe('SIGKILL');
      await inFlight;

      // All of the batch or none of it: one transaction.
      const after = counts(dataDir, kiosk.kid);
      expect([before.events, before.events + BATCH]).toContain(after.events);
      const committed = after.events === before.events + BATCH;
      committedBeforeKill.push(committed);

      server = await startServerProcess(dataDir);
      const receipts = await ingestAt(server.url, await token(), batches[b]!);
      expect(receipts.map((r) => r.seq)).toEqual(batches[b]!.map((_, i) => b * BATCH + i + 1));
      expect(new Set(receipts.map((r) => r.status))).toEqual(new Set([committed ? 'duplicate' : 'accepted']));
      expect(counts(dataDir, kiosk.kid)).toEqual({
        events: (b + 1) * BATCH,
        accepted: (b + 1) * BATCH,
        seqs: (b + 1) * BATCH,
        attendance: (b + 1) * BATCH,
        logSize: (b + 1) * BATCH,
        counterUses: (b + 1) * BATCH,
      });
    }
    // The crash path was taken (a kill before the commit, the resend found none of its batch), and so was the lost answer.
    expect(committedBeforeKill).toContain(false);
    expect(committedBeforeKill.at(-1)).toBe(true);
    console.info(`kill -9 on ${kills.join('/')} (ms): batch committed before the kill: ${committedBeforeKill.join('/')}`);

    server.child.kill('SIGTERM');
    await server.exited;
    const db = openDatabase(dataDir);
    try {
      const indexes = db.prepare(`SELECT log_index FROM events WHERE status = 'accepted' ORDER BY log_index`).pluck().all() as number[];
      expect(indexes).toEqual(Array.from({ length: KILLS.length * BATCH }, (_, i) => i));
    } finally {
      db.close();
    }
  });
});
