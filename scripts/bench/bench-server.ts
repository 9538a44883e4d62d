/** The server as its own process (what `npm start` runs), so its memory and CPU are its own. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { processCpuSeconds, processMemoryMiB } from './process-usage.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BenchServer {
  url: string;
  pid: number;
  /** resident and peak resident memory of the whole process (all threads), in MiB */
  memory(): { rssMiB: number; peakMiB: number };
  /** CPU time the process has used so far (user + system, all threads), in seconds */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** `onLog` sees every JSON log line the server writes (the diagnostics benchmark reads the engine's runs from them). */
export function startBenchServer(dataDir: string, env: Record<string, string> = {}, onLog?: (entry: Record<string, unknown>) => void): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, MIC_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', MIC_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the benchmark server did not start in time'));
    }, 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        let entry: { msg?: string; url?: string; level?: number };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          continue;
        }
        onLog?.(entry);
        if ((entry.level ?? 0) >= 50) process.stderr.write(`server: ${line}\n`);
        if (entry.msg === 'listening' && entry.url) {
          clearTimeout(timer);
          const pid = child.pid!;
          resolve({
            url: entry.url,
            pid,
            memory: () => processMemoryMiB(pid),
            cpuSeconds: () => processCpuSeconds(pid),
            async stop() {
              child.kill('SIGTERM');
              await exited;
            },
          });
        }
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error('the benchmark server exited before listening'));
    });
  });
}

/** Waits until the server has used (almost) no CPU for two seconds in a row: its start-up work is done. */
export async function settled(server: BenchServer, limitMs = 15 * 60_000): Promise<void> {
  const until = performance.now() + limitMs;
  let quiet = 0;
  let before = server.cpuSeconds();
  while (quiet < 2 && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const cpu = server.cpuSeconds();
    quiet = cpu - before < 0.1 ? quiet + 1 : 0;
    before = cpu;
  }
}
