import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { dataFiles } from '../../server/bootstrap.ts';
import { checkCheckpointGrowth } from '../../shared/log/monitor.ts';
import { verifyConsistency } from '../../shared/log/verify-consistency.ts';
import { verifyInclusion } from '../../shared/log/verify-inclusion.ts';
import type { Receipt } from '../../server/schemas/events.ts';
import { createTree, registeredIssuer, userToken } from './support/fixtures.ts';
import { expectError } from './support/http.ts';
import { ingest, KioskSigner, memberWithCard, scheduleMeeting } from './support/ingest-world.ts';
import { auditorHasher, LogAuditor } from './support/log-auditor.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('the transparency log over HTTP: checkpoints, leaves, inclusion and consistency proofs', () => {
  let t: TestServer;
  let auditor: LogAuditor;
  /** an auditor's session at A, whose reach covers both kiosks (A1, A2) */
  let auditorSession: string;
  const accepted: { jws: string; logIndex: number }[] = [];
  const checkpointSizes: number[] = [];

  const record = (events: string[], receipts: Receipt[]): void => {
    receipts.forEach((receipt, i) => {
      if (receipt.status === 'accepted') accepted.push({ jws: events[i]!, logIndex: receipt.logIndex! });
    });
  };

  beforeAll(async () => {
    t = await startTestServer();
    auditor = await LogAuditor.pin(t.url);
    checkpointSizes.push((await auditor.newest()).checkpoint.size);
    await createTree(t);
    auditorSession = await userToken(t, 'auditor', 'A');
    const issuer = await registeredIssuer(t);
    const cards = [await memberWithCard(t, issuer, 'A1'), await memberWithCard(t, issuer, 'B1'), await memberWithCard(t, issuer, 'A2')];
    const meeting = await scheduleMeeting(t, 'A1');
    const kiosks = [new KioskSigner(await t.enrollKiosk('A1')), new KioskSigner(await t.enrollKiosk('A2'))];
    // Three rounds from two kiosks, with refused events among them; a checkpoint after each round.
    for (let round = 0; round < 3; round++) {
      for (const k of kiosks) {
        const events = [
          await k.checkin(cards[(round + 1) % 3]!, meeting),
          await k.checkin(cards[round % 3]!, uuidv7()),
          await k.sign({ type: 'card.denied', reason: 'expired' }),
          ...(round === 1 ? [await k.sign({ type: 'card.denied', reason: 'revoked' })] : []),
        ];
        record(events, await ingest(t, k.kiosk, events));
      }
      checkpointSizes.push((await t.server.context.checkpoints.publish()).size);
    }
  });
  afterAll(() => t.close());

  it('starts with a signed checkpoint of the empty tree, and keeps its key in the data folder (0600)', async () => {
    expect(checkpointSizes[0]).toBe(0);
    expect((await auditor.checkpointAt(0)).rootHash).toEqual(auditorHasher.emptyRoot());
    expect(auditor.verifierKey).toMatch(/^member-card\.local\/log\+[0-9a-f]{8}\+/);
    expect((statSync(dataFiles(t.dataDir).logKey).mode & 0o777).toString(8)).toBe('600');
  });

  it('gives accepted events consecutive leaves, and the newest checkpoint covers exactly them', async () => {
    expect(accepted.map((event) => event.logIndex).sort((a, b) => a - b)).toEqual(accepted.map((_, i) => i));
    const { note, checkpoint } = await auditor.newest();
    expect(checkpoint.size).toBe(accepted.length);
    expect(note.split('\n').slice(0, 2)).toEqual(['member-card.local/log', String(accepted.length)]);
    expect(note).toMatch(/\n\n— member-card\.local\/log [A-Za-z0-9+/]+=*\n$/);
  });

  it('proves every accepted event’s inclusion against the newest checkpoint’s root', async () => {
    const { checkpoint } = await auditor.newest();
    for (const event of accepted) {
      const leaf = await auditor.leafHash(event.logIndex, auditorSession);
      expect(leaf.jws).toBe(event.jws);
      const proof = await auditor.inclusion(event.logIndex, checkpoint.size);
      expect(() => verifyInclusion(auditorHasher, leaf.hash, event.logIndex, checkpoint.size, proof, checkpoint.rootHash)).not.toThrow();
      // The same proof does not fit another leaf.
      const other = accepted.find((candidate) => candidate.logIndex !== event.logIndex)!;
      expect(() => verifyInclusion(auditorHasher, (auditorHasher.hashLeaf(new TextEncoder().encode(other.jws))), event.logIndex, checkpoint.size, proof, checkpoint.rootHash)).toThrow(
        expect.objectContaining({ code: 'ERR_PROOF_INVALID' }),
      );
    }
  });

  it('proves each checkpoint consistent with the one before, as a monitor checks', async () => {
    expect(new Set(checkpointSizes).size).toBe(checkpointSizes.length);
    for (let i = 1; i < checkpointSizes.length; i++) {
      const [older, newer] = [await auditor.checkpointAt(checkpointSizes[i - 1]!), await auditor.checkpointAt(checkpointSizes[i]!)];
      const proof = await auditor.consistency(older.size, newer.size);
      expect(() => verifyConsistency(auditorHasher, older.size, newer.size, older.rootHash, newer.rootHash, proof)).not.toThrow();
      expect(checkCheckpointGrowth(auditorHasher, older, newer, proof)).toEqual({ consistent: true });
    }
  });

  it('publishes a new checkpoint on its own within a few seconds while events arrive', async () => {
    const k = new KioskSigner(await t.enrollKiosk('A1'));
    const before = (await auditor.newest()).checkpoint.size;
    await ingest(t, k.kiosk, [await k.sign({ type: 'card.denied', reason: 'expired' })]);
    const deadline = Date.now() + 6000;
    let size = before;
    while (size === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      size = (await auditor.newest()).checkpoint.size;
    }
    expect(size).toBe(before + 1);
  });

  it('refuses bad parameters with 400 and a code, and what it does not have with 404', async () => {
    const size = (await auditor.newest()).checkpoint.size;
    const get = (path: string) => t.call('GET', `/api/v1/log/${path}`);
    expectError(await get('proof/inclusion?index=abc&size=3'), 400, 'ERR_VALIDATION');
    expectError(await get('proof/inclusion?index=-1&size=3'), 400, 'ERR_VALIDATION');
    expectError(await get('proof/inclusion?index=01&size=3'), 400, 'ERR_VALIDATION');
    expectError(await get('proof/inclusion?index=1'), 400, 'ERR_VALIDATION');
    expectError(await get('proof/inclusion?index=1&size=99999999999999999999'), 400, 'ERR_VALIDATION');
    expectError(await get(`proof/inclusion?index=${size}&size=${size}`), 400, 'ERR_LOG_RANGE');
    expectError(await get(`proof/inclusion?index=0&size=${size + 1}`), 400, 'ERR_LOG_RANGE');
    expectError(await get(`proof/consistency?from=3&to=2`), 400, 'ERR_LOG_RANGE');
    expect((await get(`proof/consistency?from=1&to=0`)).body).toMatchObject({ error: { message: 'a tree of 1 leaf cannot be a prefix of one of 0' } });
    expectError(await get(`proof/consistency?from=1&to=${size + 1}`), 400, 'ERR_LOG_RANGE');
    const leaf = (index: string) => t.call('GET', `/api/v1/log/leaf/${index}`, { token: auditorSession });
    expectError(await leaf(String(size)), 404, 'ERR_LOG_LEAF_NOT_FOUND');
    expectError(await leaf('x'), 400, 'ERR_VALIDATION');
    expectError(await get(`checkpoint/${size + 7}`), 404, 'ERR_LOG_CHECKPOINT_NOT_FOUND');
  });

  it('answers the proofs RFC 9162 gives for the edges: an empty consistency proof between equal sizes and from the empty tree', async () => {
    const size = (await auditor.newest()).checkpoint.size;
    expect(await auditor.consistency(size, size)).toEqual([]);
    expect(await auditor.consistency(0, size)).toEqual([]);
    expect(await auditor.inclusion(0, 1)).toEqual([]);
  });
});
