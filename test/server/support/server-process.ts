import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** every log line so far, parsed */
  logs: Record<string, unknown>[];
  /** resolves with the exit code, or the signal name, once every line the process wrote has been read */
  exited: Promise<number | string>;
}

interface Spawned {
  child: ChildProcess;
  logs: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | string>;
  onLog(listener: (entry: Record<string, unknown>) => void): void;
}

function spawnServer(dataDir: string, env: Record<string, string>): Spawned {
  // node itself with tsx's loader (not the tsx wrapper), so child.pid is the server and kill -9 hits it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, MIC_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', MIC_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const listeners: ((entry: Record<string, unknown>) => void)[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        for (const listener of listeners) listener(entry);
      } catch {
        // not a log line (a stray print); ignored
      }
    }
  });
  // 'close', not 'exit': the process can exit before its last log lines are read from the pipe.
  const exited = new Promise<number | string>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, logs, stderr: () => stderr, exited, onLog: (listener) => listeners.push(listener) };
}

/**
 * Runs `server/main.ts` (what `npm start` runs) as its own process on port 0 and waits for its
 * "listening" log line. For tests that must stop the process for real (SIGTERM, kill -9).
 */
export function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const spawned = spawnServer(dataDir, env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      spawned.child.kill('SIGKILL');
      reject(new Error(`server did not start in time; stderr: ${spawned.stderr()}`));
    }, 20_000);
    spawned.onLog((entry) => {
      if (entry.msg === 'listening' && typeof entry.url === 'string') {
        clearTimeout(timer);
        resolve({ url: entry.url, child: spawned.child, logs: spawned.logs, exited: spawned.exited });
      }
    });
    void spawned.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; stderr: ${spawned.stderr()}; logs: ${JSON.stringify(spawned.logs)}`));
    });
  });
}

/** Runs the server expecting it to refuse to start; resolves with its exit code and logs. */
export async function runServerExpectingExit(dataDir: string, env: Record<string, string> = {}): Promise<{ code: number | string; logs: Record<string, unknown>[]; stderr: string }> {
  const spawned = spawnServer(dataDir, env);
  const timer = setTimeout(() => spawned.child.kill('SIGKILL'), 20_000);
  spawned.onLog((entry) => {
    if (entry.msg === 'listening') spawned.child.kill('SIGTERM');
  });
  const code = await spawned.exited;
  clearTimeout(timer);
  return { code, logs: spawned.logs, stderr: spawned.stderr() };
}
