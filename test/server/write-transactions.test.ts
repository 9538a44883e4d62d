import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { utf8 } from '../../shared/bytes.ts';
import { LogTree } from '../../shared/log/log-tree.ts';
import { MemoryNodeStorage } from '../../shared/log/memory-node-storage.ts';
import type { FindingContent } from '../../server/store/repositories/diagnostics.ts';
import type { IngestTx, NewReceivedEvent } from '../../server/store/repositories/ingest.ts';
import { openSqliteStore } from '../../server/store/sqlite/open-sqlite-store.ts';
import { orgId, settled } from './support/diagnostics-world.ts';
import { createTree } from './support/fixtures.ts';
import type { ApiResponse } from './support/http.ts';
import { ingest, KioskSigner } from './support/ingest-world.ts';
import { auditorHasher, LogAuditor } from './support/log-auditor.ts';
import { startTestServer, type EnrolledKiosk, type TestServer } from './support/test-server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const eventLoopTurns = async (count: number): Promise<void> => {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

let unique = 0;

/** A batch of one refused event, written through the transaction as ingest writes one. */
async function storeRefusedBatch(tx: IngestTx, kid: string, at: string): Promise<number> {
  unique += 1;
  const batchId = await tx.insertBatch({ kioskKid: kid, receivedAt: at, tokenSkewSeconds: 0, eventCount: 1 });
  const jws = `not-a-jws.${unique}.${Date.now()}`;
  const event: NewReceivedEvent = {
    row: await tx.nextEventRow(),
    batchId,
    kioskKid: kid,
    jws,
    hash: new Uint8Array(createHash('sha256').update(jws).digest()),
    signed: false,
    seq: null,
    eventId: null,
    type: null,
    at: null,
    receivedAt: at,
    clockAheadMs: null,
    status: 'rejected',
    code: 'ERR_EVENT_MALFORMED',
    chained: false,
    logIndex: null,
    heldTaps: null,
  };
  await tx.insertEvent(event);
  return batchId;
}

describe('write transactions that await their work, on the one writing connection', () => {
  let t: TestServer;
  let kiosk: EnrolledKiosk;
  /** committed data, as any reader sees it */
  const committed = (sql: string, ...params: unknown[]): unknown => t.server.store.handles.readable.prepare(sql).pluck().get(...params);
  /** what the writing connection sees: inside an open transaction, its own uncommitted rows too */
  const onWriter = (sql: string, ...params: unknown[]): unknown => t.server.store.handles.writable.prepare(sql).pluck().get(...params);
  const counts = () => ({
    batches: committed('SELECT count(*) FROM ingest_batches'),
    events: committed('SELECT count(*) FROM events'),
    alarms: committed('SELECT count(*) FROM alarms'),
    leaves: committed('SELECT count(*) FROM log_nodes WHERE level = 0'),
    findings: committed('SELECT count(*) FROM findings'),
    history: committed('SELECT count(*) FROM finding_history'),
    webhooks: committed('SELECT count(*) FROM webhook_deliveries'),
  });

  beforeAll(async () => {
    t = await startTestServer();
    await createTree(t);
    kiosk = await t.enrollKiosk('A1');
    await settled(t);
  });
  afterAll(() => t.close());

  it('a kiosk request made while an ingest transaction is open waits for it, and its contact lands after the COMMIT', async () => {
    const now = t.clock.now().toISOString();
    let answered: ApiResponse | undefined;
    let request: Promise<ApiResponse> | undefined;
    const batchId = await t.server.store.write.ingest.transaction(async (tx) => {
      const id = await storeRefusedBatch(tx, kiosk.kid, now);
      request = t.call('GET', '/api/v1/kiosk/config', { token: await t.kioskToken(kiosk) }).then((response) => (answered = response));
      // The event loop is free meanwhile: the request is read, its token checked, and it comes to its writes.
      await sleep(500);
      expect(answered).toBeUndefined();
      expect(onWriter('SELECT count(*) FROM kiosk_health WHERE kid = ?', kiosk.kid)).toBe(0);
      return id;
    });
    expect((await request!).status).toBe(200);
    expect(committed('SELECT count(*) FROM ingest_batches WHERE id = ?', batchId)).toBe(1);
    expect(committed('SELECT count(*) FROM kiosk_health WHERE kid = ?', kiosk.kid)).toBe(1);
  });

  it('a write made while an ingest transaction is open is not rolled back with it when its work throws', async () => {
    const before = counts();
    const contactAt = new Date(t.clock.now().getTime() + 1000).toISOString();
    let landed = false;
    let contact: Promise<void> | undefined;
    const failing = t.server.store.write.ingest.transaction(async (tx) => {
      await storeRefusedBatch(tx, kiosk.kid, contactAt);
      // Another request's write, made on the same connection while this transaction is open.
      contact = t.server.store.write.kioskHealth.recordContact({ kid: kiosk.kid, at: contactAt, skewSeconds: 0, outboxPending: 7 }).then(() => {
        landed = true;
      });
      await eventLoopTurns(10);
      if (landed || onWriter('SELECT count(*) FROM kiosk_health WHERE last_seen_at = ?', contactAt) !== 0) throw new Error('the contact was written inside the transaction');
      throw new Error('the batch failed');
    });
    await expect(failing).rejects.toThrow('the batch failed');
    await contact;
    expect(committed('SELECT outbox_pending FROM kiosk_health WHERE kid = ? AND last_seen_at = ?', kiosk.kid, contactAt)).toBe(7);
    expect(counts()).toEqual(before);
  });

  it('a throw inside the work rolls back everything it wrote, log leaves included: the next batch takes the log where it stood', async () => {
    const signer = new KioskSigner(kiosk);
    await ingest(t, kiosk, [await signer.sign({ type: 'card.denied', reason: 'expired' })]);
    const before = counts();
    const a1 = await orgId(t, 'A1');
    const now = t.clock.now().toISOString();
    const failing = t.server.store.write.ingest.transaction(async (tx) => {
      await storeRefusedBatch(tx, kiosk.kid, now);
      await tx.raiseAlarm({ type: 'skew', kioskKid: kiosk.kid, orgId: a1, csn: null, eventIds: [], at: now, details: {} });
      expect(await tx.log.appendAll(['a leaf', 'another leaf'])).toBe(before.leaves);
      expect(await tx.log.size()).toBe((before.leaves as number) + 2);
      await sleep(10);
      throw new Error('the batch failed after the log grew');
    });
    await expect(failing).rejects.toThrow('the batch failed after the log grew');
    expect(counts()).toEqual(before);

    const receipts = await ingest(t, kiosk, [await signer.sign({ type: 'card.denied', reason: 'revoked' })]);
    expect(receipts).toEqual([{ seq: 2, status: 'accepted', logIndex: before.leaves }]);
    // The tree the server signs is the tree of the stored leaves, recomputed here from nothing else.
    await t.server.context.checkpoints.publish();
    const auditor = await LogAuditor.pin(t.url);
    const { checkpoint } = await auditor.newest();
    expect(checkpoint.size).toBe((before.leaves as number) + 1);
    const recomputed = new LogTree(auditorHasher, new MemoryNodeStorage());
    const admin = await t.adminToken();
    for (let index = 0; index < checkpoint.size; index += 1) recomputed.append(auditorHasher.hashLeaf(utf8((await auditor.leafHash(index, admin)).jws)));
    expect(Buffer.from(recomputed.root()).toString('hex')).toBe(Buffer.from(checkpoint.rootHash).toString('hex'));
  });

  it('a diagnostics transaction that throws leaves no finding, no history and no webhook delivery', async () => {
    await settled(t);
    const before = counts();
    const at = t.clock.now().toISOString();
    const content: FindingContent = { episode: 'test', orgId: await orgId(t, 'A1'), severity: 'warning', people: '[]', facts: '{}', evidence: '[]' };
    const failing = t.server.store.write.diagnostics.transaction(async (tx) => {
      const id = await tx.open('kiosk-silent', `kiosk:${kiosk.kid}:test`, content, at);
      await tx.history(id, 'opened', 'warning', at);
      await tx.queueWebhook(id, 'opened', at);
      expect(onWriter('SELECT count(*) FROM findings WHERE id = ?', id)).toBe(1);
      await sleep(10);
      throw new Error('the reconciliation failed');
    });
    await expect(failing).rejects.toThrow('the reconciliation failed');
    expect(counts()).toEqual(before);
  });
});

describe('closing the store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mic-write-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('closes the database within the call when nothing is in flight, so a caller that does not wait can open the file at once', async () => {
    const store = openSqliteStore(join(dir, 'free.db'));
    void store.close();
    expect(store.handles.writable.open).toBe(false);
    expect(store.handles.readable.open).toBe(false);
  });

  it('waits for a transaction in flight, which commits first', async () => {
    const file = join(dir, 'close.db');
    const store = openSqliteStore(file);
    const now = new Date().toISOString();
    const org = await store.write.orgs.create({ code: 'CTY', name: '某某县委', kind: 'county', parent: null, now }, { label: 'cli:test', userId: null });
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    const transaction = store.write.diagnostics.transaction(async (tx) => {
      const id = await tx.open('meeting-cadence', `org:${org.id}:general_meeting`, { episode: 'e1', orgId: org.id, severity: 'info', people: '[]', facts: '{}', evidence: '[]' }, now);
      await held;
      return id;
    });
    let closed = false;
    const closing = store.close().then(() => {
      closed = true;
    });
    await eventLoopTurns(10);
    expect(closed).toBe(false);
    expect(store.handles.writable.open).toBe(true);
    finish();
    const id = await transaction;
    await closing;
    expect(store.handles.writable.open).toBe(false);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT subject FROM findings WHERE id = ?').pluck().get(id)).toBe(`org:${org.id}:general_meeting`);
    } finally {
      db.close();
    }
  });
});
