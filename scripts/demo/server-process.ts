import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CodedError } from '../../shared/errors.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs a script of this repository under tsx as a child process with extra environment. */
export function runTsx(script: string, args: string[], env: Record<string, string>, stdio: 'inherit' | 'pipe' = 'pipe'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', stdio, 'inherit'] });
}

/** Waits until the child exits; rejects with its output when the exit code is not 0. */
export function finished(child: ChildProcess): Promise<string> {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`exited with ${String(code)}:\n${output}`))));
  });
}

/** Asks the child to stop and waits until it has; one that does not within `graceMs` is killed. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Creates the first admin with `npm run admin -- init`. Values go as `--name=value`: a random password may start with '-'. */
export function initAdmin(dataDir: string, username: string, password: string): Promise<string> {
  return finished(runTsx('scripts/admin.ts', ['init', `--username=${username}`, `--password=${password}`], { MIC_DATA_DIR: dataDir }));
}

export class DemoPortInUseError extends CodedError<'ERR_PORT_IN_USE'> {
  constructor(port: number) {
    super('ERR_PORT_IN_USE', `Port ${port} is already in use (a server started with \`npm start\`, or another demo?). Stop that program, or run the demo on another port: npm run demo -- --port ${port + 1}`);
  }
}

/**
 * Refuses a port something already listens on. Checked before the demo starts its server: the health check
 * would otherwise be answered by the other program, and the demo would go on to seed a server that is not its own.
 */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new DemoPortInUseError(port) : error));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** Polls the server's health endpoint until it answers, or the deadline passes. */
export async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server stopped during start-up (exit ${child.exitCode})`);
    try {
      if ((await fetch(new URL('/api/v1/health', url))).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not answer on ${url} within ${timeoutMs / 1000} s`);
}
