/**
 * The kiosk benchmarks' server: seeded through its HTTP API in this process (kiosk-county.ts), then run as
 * its own process (`server/main.ts`, what `npm start` runs) on the same data folder and port, so the kiosk
 * being measured has the event loop and the database to itself, as it would in a village hall.
 */
import type { ChildProcess } from 'node:child_process';
import { finished, runTsx, waitForHealth } from '../demo/server-process.ts';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startServerProcess(dataDir: string, port: number): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${port}`;
  const child = runTsx('server/main.ts', [], { MIC_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', MIC_LOG_LEVEL: 'warn' });
  const exited = finished(child).catch(() => undefined);
  await waitForHealth(url, child);
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
