import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from './support/test-server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run demo on a port another program listens on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mic-demo-port-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('when a server already listens on the port, then the demo stops before starting anything, saying how to pick another port', async () => {
    const other = await startTestServer();
    try {
      const run = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--port', String(other.server.port), '--data', join(dir, 'demo')], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
          resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr });
        });
      });
      expect(run.code).toBe(1);
      expect(run.output).toContain(`Port ${other.server.port} is already in use`);
      expect(run.output).toContain(`npm run demo -- --port ${other.server.port + 1} (ERR_PORT_IN_USE)`);
      // Stopped before its first step: no pcscd, no server of its own, and the other server never taken for it.
      expect(run.output).not.toContain('1/5');
      expect(run.output).not.toContain('seeding');
    } finally {
      await other.close();
    }
  });
});
