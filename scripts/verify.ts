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
 * It prints Chinese unless given --lang en (--lang zh-CN is the default said aloud); error codes, hashes,
 * keys, paths and exit codes are the same in both (scripts/lib/verify-messages/).
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
import { CodedError, isMicError } from '../shared/errors.ts';
import { IssuerJwkSchema, IssuerJwksSchema, type IssuerJwks } from '../shared/verify/jwk.ts';
import { checkBundleInLog } from './lib/monitor/bundle-in-log.ts';
import { monitorLog } from './lib/monitor/log-monitor.ts';
import { MonitorError } from './lib/monitor/monitor-error.ts';
import { defaultStatePath } from './lib/monitor/monitor-state.ts';
import type { Report } from './lib/cli-report.ts';
import { EXIT, reportOutcome } from './lib/monitor/monitor-report.ts';
import { systemProblem } from './lib/system-problem.ts';
import { verifyBundleFile } from './lib/verify-bundle-report.ts';
import { DEFAULT_LANGUAGE, isVerifyLanguage, VERIFY_MESSAGES } from './lib/verify-messages/language.ts';
import type { VerifyMessages, Words } from './lib/verify-messages/messages.ts';

type Mode =
  | { kind: 'monitor'; url: string; statePath: string; givenKey: string | undefined; bundle: { path: string; issuers: IssuerJwks | undefined } | undefined }
  | { kind: 'bundle'; path: string; givenKey: string | undefined; issuers: IssuerJwks | undefined };

/** Wrong arguments: what is wrong (nothing for --help), then the usage. */
class UsageError extends Error {
  constructor(readonly words: Words | undefined) {
    super('usage');
  }
}

const OPTIONS = {
  'monitor': { type: 'string' },
  'state': { type: 'string' },
  'key': { type: 'string' },
  'key-file': { type: 'string' },
  'issuer': { type: 'string', multiple: true },
  'lang': { type: 'string' },
  'help': { type: 'boolean' },
} as const;

/** node:util's parse errors, by their codes: the option they name is in quotes in the message. */
function parseFailure(error: unknown): Words {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return (m) => m.usageErrors.unknownOption(option);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return (m) => m.usageErrors.missingValue(option);
  return (m) => m.usageErrors.badArguments(message);
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseFailure(error));
  }
}

/** The language asked for with --lang, looked at before anything else so even a usage error is said in it. */
function languageOf(argv: string[]): { messages: VerifyMessages; unknown: string | undefined } {
  const at = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  const language = at === -1 ? DEFAULT_LANGUAGE : argv[at]!.startsWith('--lang=') ? argv[at]!.slice('--lang='.length) : (argv[at + 1] ?? '');
  return isVerifyLanguage(language) ? { messages: VERIFY_MESSAGES[language], unknown: undefined } : { messages: VERIFY_MESSAGES[DEFAULT_LANGUAGE], unknown: language };
}

function readMode(argv: string[]): Mode {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) throw new UsageError(undefined);
  if (values.key !== undefined && values['key-file'] !== undefined) throw new UsageError((m) => m.usageErrors.keyAndKeyFile);
  const givenKey = values.key ?? (values['key-file'] === undefined ? undefined : readKeyFile(values['key-file']));
  const issuers = values.issuer === undefined ? undefined : readIssuerFiles(values.issuer);
  if (values.monitor === undefined) {
    if (positionals.length !== 1) throw new UsageError((m) => m.usageErrors.monitorOrOneBundle);
    if (values.state !== undefined) throw new UsageError((m) => m.usageErrors.stateNeedsMonitor);
    return { kind: 'bundle', path: positionals[0]!, givenKey, issuers };
  }
  const url = values.monitor;
  const extra = positionals[1];
  if (extra !== undefined) throw new UsageError((m) => m.usageErrors.tooManyBundles(extra));
  if (issuers !== undefined && positionals.length === 0) throw new UsageError((m) => m.usageErrors.issuerNeedsBundle);
  let statePath = values.state;
  if (statePath === undefined) {
    try {
      statePath = defaultStatePath(url);
    } catch {
      throw new UsageError((m) => m.usageErrors.notAUrl(url));
    }
  }
  const bundle = positionals[0] === undefined ? undefined : { path: positionals[0], issuers };
  return { kind: 'monitor', url, statePath, givenKey, bundle };
}

function readKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (error) {
    throw new UsageError((m) => m.usageErrors.cannotReadKeyFile(path, systemProblem(error)));
  }
}

/** An issuer's public JWK (as `card:issuer-keygen` writes it) or a JWKS, per file; together, the keys the auditor trusts. */
function readIssuerFiles(paths: string[]): IssuerJwks {
  const keys = paths.flatMap((path) => {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new UsageError((m) => m.usageErrors.cannotReadIssuerFile(path, systemProblem(error)));
    }
    const parsed = z.union([IssuerJwkSchema.transform((key) => [key]), IssuerJwksSchema.transform((set) => set.keys)]).safeParse(json);
    if (!parsed.success) throw new UsageError((m) => m.usageErrors.notAnIssuerKey(path));
    return parsed.data;
  });
  return { keys };
}

async function run(m: VerifyMessages, mode: Mode): Promise<Report> {
  switch (mode.kind) {
    case 'monitor': {
      const outcome = await monitorLog({ url: mode.url, statePath: mode.statePath, givenKey: mode.givenKey, now: () => new Date() });
      if (!mode.bundle) return reportOutcome(m, outcome, mode.url, mode.statePath);
      return checkBundleInLog(m, outcome, { url: mode.url, statePath: mode.statePath, bundlePath: mode.bundle.path, issuers: mode.bundle.issuers });
    }
    case 'bundle':
      return verifyBundleFile(m, mode.path, { ...(mode.givenKey !== undefined && { logKey: mode.givenKey }), ...(mode.issuers && { issuers: mode.issuers }) });
  }
}

/** A failure to check, as opposed to a finding: what went wrong, in one line, with its code. */
function failure(m: VerifyMessages, error: unknown): Report {
  if (error instanceof UsageError) return { exitCode: EXIT.usage, stdout: [], stderr: [...(error.words ? [error.words(m)] : []), m.usage] };
  // MonitorError (the check could not be made) or a shared MicError (a key or note that does not parse).
  if (error instanceof MonitorError) return { exitCode: EXIT.failed, stdout: [], stderr: [m.couldNotCheck(error.words(m), error.code)] };
  if (isMicError(error)) return { exitCode: EXIT.failed, stdout: [], stderr: [m.couldNotCheck(m.error(error.code, error.message), error.code)] };
  if (error instanceof CodedError) return { exitCode: EXIT.failed, stdout: [], stderr: [m.couldNotCheck(error.message, error.code)] };
  return { exitCode: EXIT.failed, stdout: [], stderr: [m.unexpectedFailure(error instanceof Error ? error.message : String(error))] };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const { messages, unknown } = languageOf(argv);
  let report: Report;
  try {
    if (unknown !== undefined) throw new UsageError((m) => m.usageErrors.unknownLanguage(unknown));
    report = await run(messages, readMode(argv));
  } catch (error) {
    report = failure(messages, error);
  }
  for (const line of report.stdout) console.log(line);
  for (const line of report.stderr) console.error(line);
  return report.exitCode;
}

process.exitCode = await main();
