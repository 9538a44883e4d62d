import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { dataFiles } from '../../server/bootstrap.ts';
import { checkCheckpointGrowth } from '../../shared/log/monitor.ts';
import { createTree } from './support/fixtures.ts';
import { ingest, KioskSigner } from './support/ingest-world.ts';
import { auditorHasher, LogAuditor } from './support/log-auditor.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

describe('a server rolled back to an older copy of its database', () => {
  const root = mkdtempSync(join(tmpdir(), 'mic-rollback-'));
  const dataDir = join(root, 'data');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const denials = async (k: KioskSigner, count: number): Promise<string[]> => {
    const events: string[] = [];
    for (let i = 0; i < count; i++) events.push(await k.sign({ type: 'card.denied', reason: 'expired' }));
    return events;
  };

  it('is caught by a monitor holding a newer checkpoint: first as rolled back, then as forked, then as unprovable growth', { timeout: 60_000 }, async () => {
    let t: TestServer = await startTestServer({ dataDir });
    // Whichever server is running then stops before afterAll removes its folder.
    onTestFinished(() => t.close());
    await createTree(t);
    const monitor = await LogAuditor.pin(t.url);
    const kiosk = new KioskSigner(await t.enrollKiosk('A1'));
    await ingest(t, kiosk.kiosk, await denials(kiosk, 10));
    await t.server.context.checkpoints.publish();
    // The operator's backup, taken while the server runs.
    const backup = join(root, 'backup.db');
    await t.server.store.handles.writable.backup(backup);

    await ingest(t, kiosk.kiosk, await denials(kiosk, 15));
    await t.server.context.checkpoints.publish();
    const seen = (await monitor.newest()).checkpoint;
    expect(seen.size).toBe(25);
    await t.close({ keepData: true });

    // Restored from the backup: the last 15 events and the checkpoint over them are gone.
    const database = dataFiles(dataDir).database;
    rmSync(`${database}-wal`, { force: true });
    rmSync(`${database}-shm`, { force: true });
    copyFileSync(backup, database);
    t = await startTestServer({ dataDir });
    const restored = monitor.at(t.url);
    const shrunk = (await restored.newest()).checkpoint;
    expect(shrunk.size).toBe(10);
    expect(checkCheckpointGrowth(auditorHasher, seen, shrunk, [])).toMatchObject({ consistent: false, reason: 'rolled-back' });

    // It carries on with another history: at the same size the root differs …
    const other = new KioskSigner(await t.enrollKiosk('A2'));
    await ingest(t, other.kiosk, await denials(other, 15));
    await t.server.context.checkpoints.publish();
    const sameSize = (await restored.newest()).checkpoint;
    expect(sameSize.size).toBe(25);
    expect(checkCheckpointGrowth(auditorHasher, seen, sameSize, [])).toMatchObject({ consistent: false, reason: 'forked' });

    // … and once it has grown past, it cannot prove the tree the monitor saw is a prefix of its own.
    await ingest(t, other.kiosk, await denials(other, 5));
    await t.server.context.checkpoints.publish();
    const grown = (await restored.newest()).checkpoint;
    const proof = await restored.consistency(seen.size, grown.size);
    expect(checkCheckpointGrowth(auditorHasher, seen, grown, proof)).toMatchObject({ consistent: false, reason: 'proof-invalid' });
    // While an honest monitor that saw the restored history finds it consistent.
    expect(checkCheckpointGrowth(auditorHasher, sameSize, grown, await restored.consistency(sameSize.size, grown.size))).toEqual({ consistent: true });
    await t.close();
  });
});
