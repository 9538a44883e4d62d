import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../server/bootstrap.ts';
import { ServerPublicKeySchema } from '../../server/schemas/kiosks.ts';
import { HealthSchema } from '../../server/schemas/health.ts';
import { call, expectOk } from './support/http.ts';
import { runServerExpectingExit, startServerProcess } from './support/server-process.ts';

describe('the server process (npm start)', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'mic-process-')), 'data');
  afterAll(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('creates its data folder and keys (0600) on first start, says how to create the first admin, and stops on SIGTERM', async () => {
    const server = await startServerProcess(dataDir);
    expectOk(await call(server.url, 'GET', '/api/v1/health'), 200, HealthSchema);
    const files = dataFiles(dataDir);
    for (const file of [files.signingKey, files.memberDataKey, files.idHashKey, files.database]) {
      expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
    }
    expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    expect(server.logs.some((entry) => entry.level === 40 && String(entry.msg).includes('npm run admin -- init'))).toBe(true);
    expect(server.logs.filter((entry) => entry.msg === 'listening')).toHaveLength(1);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.logs.at(-1)?.msg).toBe('stopped');
  });

  it('keeps its keys across restarts', async () => {
    const first = await startServerProcess(dataDir);
    const key = expectOk(await call(first.url, 'GET', '/api/v1/server-key'), 200, ServerPublicKeySchema);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    const second = await startServerProcess(dataDir);
    expect(expectOk(await call(second.url, 'GET', '/api/v1/server-key'), 200, ServerPublicKeySchema)).toEqual(key);
    expect(second.logs.some((entry) => entry.msg === 'database migrated')).toBe(false);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('refuses to start on a database whose applied migration does not match its file', async () => {
    const db = new Database(dataFiles(dataDir).database);
    db.prepare(`UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1`).run();
    db.close();
    const { code, logs } = await runServerExpectingExit(dataDir);
    expect(code).toBe(1);
    expect(logs).toContainEqual(expect.objectContaining({ level: 60, code: 'ERR_MIGRATION_EDITED' }));
  });

  it('refuses to start with an invalid environment', async () => {
    const { code, logs } = await runServerExpectingExit(join(dataDir, '..', 'other'), { PORT: 'eighty' });
    expect(code).toBe(1);
    expect(logs).toContainEqual(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }));
  });
});
