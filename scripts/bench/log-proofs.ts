/**
 * The transparency log at scale: a tree of synthetic leaf hashes built straight through LogTree on the
 * server's SQLite node storage (what ingest appends to, without the events around it), then proof
 * generation latency at that size through the same use cases the HTTP endpoints call, and the cost of
 * signing and storing a checkpoint.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LogTree } from '../../shared/log/log-tree.ts';
import { dataFiles, openServer } from '../../server/bootstrap.ts';
import { consistencyProof, inclusionProof } from '../../server/domain/transparency-log.ts';
import { LOG_HASHER } from '../../server/log/log-hasher.ts';
import { SqliteNodeStorage } from '../../server/store/sqlite/log-sql.ts';
import { median, ms, percentile } from './stats.ts';

const APPEND_CHUNK = 65_536;

function timed(samples: number[], run: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  return run().then(() => {
    samples.push(performance.now() - start);
  });
}

export async function benchLogProofs(leaves: number, proofs = 2000): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'mic-bench-log-'));
  const server = await openServer({ dataDir: join(root, 'data'), verifyWorkers: 0 });
  try {
    const db = server.store.handles.writable;
    const tree = new LogTree(LOG_HASHER, new SqliteNodeStorage(db));
    const leaf = randomBytes(32);
    const build = performance.now();
    for (let done = 0; done < leaves; done += APPEND_CHUNK) {
      const chunk = Array.from({ length: Math.min(APPEND_CHUNK, leaves - done) }, (_, i) => {
        leaf.writeUInt32BE(done + i, 0);
        return LOG_HASHER.hashLeaf(leaf);
      });
      db.transaction(() => tree.appendAll(chunk)).immediate();
      if ((done / APPEND_CHUNK) % 16 === 15) process.stderr.write(`  log: ${(done + APPEND_CHUNK).toLocaleString('en-US')} leaves\r`);
    }
    const buildSeconds = (performance.now() - build) / 1000;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const size = await server.context.read.log.size();
    process.stderr.write('\n');

    const random = (below: number): number => Math.floor(Math.random() * below);
    const inclusion: number[] = [];
    const consistency: number[] = [];
    for (let i = 0; i < proofs; i++) {
      await timed(inclusion, () => inclusionProof(server.context, random(size), size));
      const from = 1 + random(size - 1);
      await timed(consistency, () => consistencyProof(server.context, from, size));
    }
    // A checkpoint signs a root the log has not signed before: each run appends one leaf first (not timed).
    const checkpoints: number[] = [];
    for (let i = 0; i < 50; i++) {
      leaf.writeUInt32BE(size + i, 0);
      db.transaction(() => tree.append(LOG_HASHER.hashLeaf(leaf))).immediate();
      await timed(checkpoints, () => server.context.checkpoints.publish());
    }

    const sizeMiB = statSync(dataFiles(join(root, 'data')).database).size / 1048576;
    console.log(`Transparency log at ${size.toLocaleString('en-US')} leaves (synthetic leaf hashes appended through LogTree on SQLite node storage)`);
    console.log(`  build ${buildSeconds.toFixed(0)} s (${Math.round(size / buildSeconds).toLocaleString('en-US')} leaves/s, ${APPEND_CHUNK} per transaction); database ${sizeMiB.toFixed(0)} MiB`);
    console.log(
      `  inclusion proof   p50 ${ms(median(inclusion))}   p99 ${ms(percentile(inclusion, 99))}   (target p99 < 2 ms at 10 M leaves: ${percentile(inclusion, 99) < 2 ? 'met' : 'NOT met'}${size < 10_000_000 ? `; measured at ${size.toLocaleString('en-US')}` : ''})`,
    );
    console.log(`  consistency proof p50 ${ms(median(consistency))}   p99 ${ms(percentile(consistency, 99))}   (${proofs} random proofs each)`);
    console.log(`  checkpoint (root from stored nodes, Ed25519 signed note, stored) p50 ${ms(median(checkpoints))}   p99 ${ms(percentile(checkpoints, 99))}`);
  } finally {
    await server.context.verifier.close();
    await server.store.close();
    rmSync(root, { recursive: true, force: true });
  }
}
