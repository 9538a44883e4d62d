import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliRun {
  code: number | string;
  stdout: string;
  stderr: string;
}

/**
 * Runs `scripts/verify.ts` as its own process, as `npm run verify -- …` does (node with tsx's loader), or
 * through npm itself with `viaNpm`.
 */
export function runVerify(args: string[], options: { env?: Record<string, string>; viaNpm?: boolean } = {}): Promise<CliRun> {
  const [command, commandArgs] = options.viaNpm
    ? ['npm', ['run', '--silent', 'verify', '--', ...args]]
    : [process.execPath, ['--import', 'tsx', 'scripts/verify.ts', ...args]];
  const child = spawn(command, commandArgs, { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code: code ?? signal ?? -1, stdout, stderr })));
}
