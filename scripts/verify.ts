/**
 * npm run verify -- --monitor URL [--state FILE] [--key VKEY | --key-file FILE] [--issuer FILE …] [BUNDLE]
 *
 * Watches a member-card server's transparency log (issue 6). The first run pins the log's verifier key
 * (the one given, or the server's own on first use, printed so it can be compared out of band) and the
 * newest checkpoint; every later run opens the newest checkpoint with that key and proves it extends the
 * remembered one, then remembers it instead. State: --state FILE, or ~/.member-card/monitor-<host>.json.
 * Given a BUNDLE too, it then verifies the bundle with the pinned key and proves the bundle's checkpoint
 * part of the log it follows (scripts/lib/monitor/bundle-in-log.ts).
 *
 * Exit codes: 0 consistent (or pinned); 1 the check could not be made (network, server error, bad state
 * file); 2 usage, or the bundle failed verification; 3 the log failed verification: inconsistent with what
 * this monitor saw (rolled back, forked, unprovable), a checkpoint not signed by the pinned key, or a
 * bundle's checkpoint that is not part of the log. Nothing is saved when the log's own check fails or
 * cannot be made; a bundle is judged after it, so the monitor's progress stands whatever the bundle shows.
 *
 * npm run verify -- [--key VKEY | --key-file FILE] [--issuer FILE …] BUNDLE
 *
 * Verifies an auditor's bundle (GET /api/v1/members/:number/bundle or /orgs/:code/bundle) fully offline:
 * kiosk signatures, card credentials and presence signatures at each event's time, revocation at each
 * tap, each event's inclusion under the bundled checkpoint, the bundle's subject and days, and the manifest
 * (scripts/lib/verify-bundle.ts). The log key and the issuer keys are the ones given (an issuer's public
 * JWK file as `card:issuer-keygen` writes it, or a JWKS), else the bundle's, printed to compare out of
 * band. Exit codes: 0 all good, 1 the file could not be read, 2 something failed (or usage), with a report
 * per event naming the failed checks.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CodedError } from '../shared/errors.ts';
import { IssuerJwkSchema, IssuerJwksSchema, type IssuerJwks } from '../shared/verify/jwk.ts';
import { checkBundleInLog } from './lib/monitor/bundle-in-log.ts';
import { monitorLog } from './lib/monitor/log-monitor.ts';
import { defaultStatePath } from './lib/monitor/monitor-state.ts';
import type { Report } from './lib/cli-report.ts';
import { EXIT, reportOutcome } from './lib/monitor/monitor-report.ts';
import { verifyBundleFile } from './lib/verify-bundle-report.ts';

const USAGE = [
  'usage: npm run verify -- --monitor URL [--state FILE] [--key VKEY | --key-file FILE] [--issuer FILE …] [BUNDLE]',
  '       npm run verify -- [--key VKEY | --key-file FILE] [--issuer FILE …] BUNDLE   (an auditor bundle, checked offline)',
].join('\n');

type Mode =
  | { kind: 'monitor'; url: string; statePath: string; givenKey: string | undefined; bundle: { path: string; issuers: IssuerJwks | undefined } | undefined }
  | { kind: 'bundle'; path: string; givenKey: string | undefined; issuers: IssuerJwks | undefined };

class UsageError extends Error {}

const OPTIONS = {
  'monitor': { type: 'string' },
  'state': { type: 'string' },
  'key': { type: 'string' },
  'key-file': { type: 'string' },
  'issuer': { type: 'string', multiple: true },
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
  if (values.key !== undefined && values['key-file'] !== undefined) throw new UsageError('give --key or --key-file, not both');
  const givenKey = values.key ?? (values['key-file'] === undefined ? undefined : readKeyFile(values['key-file']));
  const issuers = values.issuer === undefined ? undefined : readIssuerFiles(values.issuer);
  if (values.monitor === undefined) {
    if (positionals.length !== 1) throw new UsageError('give --monitor URL, or one bundle file');
    if (values.state !== undefined) throw new UsageError('--state is the monitor\'s: give --monitor URL too');
    return { kind: 'bundle', path: positionals[0]!, givenKey, issuers };
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${positionals[1]!}: give at most one bundle file`);
  if (issuers !== undefined && positionals.length === 0) throw new UsageError('--issuer is for checking a bundle: give the bundle file too');
  let statePath = values.state;
  if (statePath === undefined) {
    try {
      statePath = defaultStatePath(values.monitor);
    } catch {
      throw new UsageError(`"${values.monitor}" is not a URL`);
    }
  }
  const bundle = positionals[0] === undefined ? undefined : { path: positionals[0], issuers };
  return { kind: 'monitor', url: values.monitor, statePath, givenKey, bundle };
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`cannot read the key file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** An issuer's public JWK (as `card:issuer-keygen` writes it) or a JWKS, per file; together, the keys the auditor trusts. */
function readIssuerFiles(paths: string[]): IssuerJwks {
  const keys = paths.flatMap((path) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new UsageError(`cannot read the issuer key file ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = z.union([IssuerJwkSchema.transform((key) => [key]), IssuerJwksSchema.transform((set) => set.keys)]).safeParse(json);
    if (!parsed.success) throw new UsageError(`${path} is not an issuer's public key (a JWK with kid and iss, or { "keys": [...] })`);
    return parsed.data;
  });
  return { keys };
}

async function run(mode: Mode): Promise<Report> {
  switch (mode.kind) {
    case 'monitor': {
      const outcome = await monitorLog({ url: mode.url, statePath: mode.statePath, givenKey: mode.givenKey, now: () => new Date() });
      if (!mode.bundle) return reportOutcome(outcome, mode.url, mode.statePath);
      return checkBundleInLog(outcome, { url: mode.url, statePath: mode.statePath, bundlePath: mode.bundle.path, issuers: mode.bundle.issuers });
    }
    case 'bundle':
      return verifyBundleFile(mode.path, { ...(mode.givenKey !== undefined && { logKey: mode.givenKey }), ...(mode.issuers && { issuers: mode.issuers }) });
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
