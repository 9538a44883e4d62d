/**
 * npm run verify -- --monitor URL [--state FILE] [--key VKEY | --key-file FILE]
 *
 * Watches a member-card server's transparency log (issue 6). The first run pins the log's verifier key
 * (the one given, or the server's own on first use, printed so it can be compared out of band) and the
 * newest checkpoint; every later run opens the newest checkpoint with that key and proves it extends the
 * remembered one, then remembers it instead. State: --state FILE, or ~/.member-card/monitor-<host>.json.
 *
 * Exit codes: 0 consistent (or pinned); 1 the check could not be made (network, server error, bad state
 * file); 2 usage; 3 the log failed verification: inconsistent with what this monitor saw (rolled back,
 * forked, unprovable) or a checkpoint not signed by the pinned key. Nothing is saved on 1 or 3.
 *
 * npm run verify -- BUNDLE
 *
 * Verifies an auditor's bundle (GET /api/v1/members/:number/bundle or /orgs/:code/bundle) fully offline:
 * kiosk signatures, card credentials and presence signatures at each event's time, each event's inclusion
 * under the bundled checkpoint, and the manifest (scripts/lib/verify-bundle.ts). Exit codes: 0 all good,
 * 1 the file could not be read, 2 something failed, with a report per event naming the failed checks.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CodedError } from '../shared/errors.ts';
import { monitorLog } from './lib/monitor/log-monitor.ts';
import { defaultStatePath } from './lib/monitor/monitor-state.ts';
import type { Report } from './lib/cli-report.ts';
import { EXIT, reportOutcome } from './lib/monitor/monitor-report.ts';
import { verifyBundleFile } from './lib/verify-bundle-report.ts';

const USAGE = [
  'usage: npm run verify -- --monitor URL [--state FILE] [--key VKEY | --key-file FILE]',
  '       npm run verify -- BUNDLE   (an auditor bundle, checked offline)',
].join('\n');

type Mode = { kind: 'monitor'; url: string; statePath: string; givenKey: string | undefined } | { kind: 'bundle'; path: string };

class UsageError extends Error {}

const OPTIONS = {
  'monitor': { type: 'string' },
  'state': { type: 'string' },
  'key': { type: 'string' },
  'key-file': { type: 'string' },
  'help': { type: 'boolean' },
} as const;

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function readMode(argv: string[]): Mode {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) throw new UsageError('');
  if (values.monitor === undefined) {
    if (positionals.length !== 1) throw new UsageError('give --monitor URL, or one bundle file');
    return { kind: 'bundle', path: positionals[0]! };
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]!}`);
  if (values.key !== undefined && values['key-file'] !== undefined) throw new UsageError('give --key or --key-file, not both');
  const givenKey = values.key ?? (values['key-file'] === undefined ? undefined : readKeyFile(values['key-file']));
  let statePath = values.state;
  if (statePath === undefined) {
    try {
      statePath = defaultStatePath(values.monitor);
    } catch {
      throw new UsageError(`"${values.monitor}" is not a URL`);
    }
  }
  return { kind: 'monitor', url: values.monitor, statePath, givenKey };
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`cannot read the key file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function run(mode: Mode): Promise<Report> {
  switch (mode.kind) {
    case 'monitor':
      return reportOutcome(await monitorLog({ url: mode.url, statePath: mode.statePath, givenKey: mode.givenKey, now: () => new Date() }), mode.url, mode.statePath);
    case 'bundle':
      return verifyBundleFile(mode.path);
  }
}

/** A failure to check, as opposed to a finding: what went wrong, in one line, with its code. */
function failure(error: unknown): Report {
  if (error instanceof UsageError) return { exitCode: EXIT.usage, stdout: [], stderr: [...(error.message ? [error.message] : []), USAGE] };
  // MonitorError (the check could not be made) or a shared MicError (a key or note that does not parse).
  if (error instanceof CodedError) return { exitCode: EXIT.failed, stdout: [], stderr: [`verify: ${error.message} (${error.code})`] };
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT.failed, stdout: [], stderr: [`verify: unexpected failure: ${message}`] };
}

async function main(): Promise<number> {
  let report: Report;
  try {
    report = await run(readMode(process.argv.slice(2)));
  } catch (error) {
    report = failure(error);
  }
  for (const line of report.stdout) console.log(line);
  for (const line of report.stderr) console.error(line);
  return report.exitCode;
}

process.exitCode = await main();
