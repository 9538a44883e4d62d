import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle } from '../../../server/schemas/bundles.ts';

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

/** Writes a bundle (or any text, to see it refused) as `<name>.json` in `dir` for the CLI to read; returns its path. */
export function writeBundleFile(dir: string, name: string, content: Bundle | string): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** The report lines of event `n` (1-based): its headline and the failed checks under it. */
export function eventLines(stdout: string, n: number): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.includes(` event ${n}/`));
  const end = lines.findIndex((line, i) => i > start && /^(ok {3}|FAIL) /.test(line));
  return lines.slice(start, end === -1 ? undefined : end);
}

/**
 * The English words left in a report once its machine-readable parts are taken out: the values given (paths,
 * keys, key ids, member numbers, event ids), codes (ERR_…, and the code after a check's name), options,
 * the command's own name, base64 and hex (card serial numbers among it), times. A Chinese report should leave none.
 */
export function englishWordsIn(text: string, machineParts: string[]): string[] {
  let rest = text;
  for (const part of [...machineParts].sort((a, b) => b.length - a.length)) rest = rest.split(part).join(' ');
  rest = rest
    .replace(/\bERR_[A-Z_]+\b/g, ' ')
    .replace(/：[\w.-]+——/g, '：')
    .replace(/（[a-z]+(?:-[a-z]+)+）/g, ' ')
    .replace(/npm run verify|--[a-z-]+/g, ' ')
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, ' ')
    .replace(/[A-Za-z0-9+/_-]{20,}={0,2}/g, ' ')
    .replace(/\b[0-9a-f]{8,}\b/g, ' ');
  return rest.match(/[A-Za-z]{4,}/g) ?? [];
}
