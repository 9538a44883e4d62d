import { readFileSync } from 'node:fs';
import { counted } from '../../shared/counted.ts';
import type { Report } from './cli-report.ts';
import { verifyBundle, type BundleReport, type BundleTrust, type Finding } from './verify-bundle.ts';

/** Exit codes of `npm run verify -- BUNDLE`: 0 every check passed, 1 the file could not be read, 2 something failed verification. */
export const BUNDLE_EXIT = { ok: 0, unreadable: 1, failed: 2 } as const;

const mark = (ok: boolean): string => (ok ? 'ok  ' : 'FAIL');
const findingLine = (finding: Finding): string => `       ${finding.check}: ${finding.code ? `${finding.code} — ` : ''}${finding.detail}`;

/** Where the trust comes from: the keys given, or the bundle's, which the auditor must compare out of band. */
function keyLines(report: BundleReport, logKeyFrom: string): string[] {
  const lines: string[] = [];
  if (report.verifierKey) {
    lines.push(
      ...(report.keys.log === 'given'
        ? [`log verifier key: ${report.verifierKey} (${logKeyFrom})`]
        : [
            `log verifier key: ${report.verifierKey}`,
            '  Compare it with the key the log operator publishes out of band (on paper, on the organisation’s site), or give yours with --key: the bundle vouches for nothing by itself.',
          ]),
    );
  }
  if (report.keys.issuers === 'given') {
    lines.push(`issuer keys (given): ${report.keys.issuerKeys.length}`);
  } else if (report.verifierKey) {
    lines.push('issuer keys, from the bundle — compare each with the key its department publishes, or give yours with --issuer FILE:');
  }
  lines.push(...report.keys.issuerKeys.map((key) => `  ${key.iss} ${key.kid}`));
  return lines;
}

/** What a verified bundle still leaves open, said every time so nobody reads more into "verified" than it holds. */
function notProven(checkpointCompared: boolean): string[] {
  return [
    'Not proven by this bundle:',
    '  - that it holds every event of its subject in its window: the server chose what to put in it, and a bundle holds only',
    '    what the account that exported it may see. The log keeps no list by member or organisation, so an event left out',
    '    shows nowhere here.',
    ...(checkpointCompared
      ? []
      : [
          '  - that its checkpoint is the one everybody else is shown: prove it with `npm run verify -- --monitor URL BUNDLE`,',
          '    or compare its size and root with a checkpoint of this log seen elsewhere.',
        ]),
    '  - when each tap happened: its time is the kiosk’s clock.',
    '  - cards the server left off its own revocation list, and whether a member came as home member, mobile member or',
    '    visitor (the manifest’s attendedAs: the server’s word).',
  ];
}

export interface BundleReportOptions {
  /** the checkpoint was held against the log a monitor follows, which says itself what came of it */
  checkpointCompared?: boolean;
  /** where the trusted log key came from, when not from the bundle (default "given") */
  logKeyFrom?: string;
}

/** The per-item report: the keys trusted, global checks, then one line per event with each failed check under it. */
export function formatBundleReport(report: BundleReport, path: string, options: BundleReportOptions = {}): Report {
  const stdout = [`bundle ${path}${report.subject ? `: ${report.subject}` : ''}, ${counted(report.events.length, 'event')}`, ...keyLines(report, options.logKeyFrom ?? 'given')];
  for (const finding of report.global) stdout.push(`${mark(finding.ok)} ${finding.check}: ${finding.code && !finding.ok ? `${finding.code} — ` : ''}${finding.detail}`);
  const total = report.events.length;
  for (const event of report.events) {
    const failed = event.findings.filter((finding) => !finding.ok);
    const what = [event.type ?? 'unreadable event', event.eventId, event.at && `at ${event.at}`].filter(Boolean).join(' ');
    stdout.push(`${mark(failed.length === 0)} event ${event.position + 1}/${total} (log index ${event.logIndex ?? '?'}) ${what}`);
    stdout.push(...failed.map(findingLine));
  }
  const failedEvents = report.events.filter((event) => event.findings.some((finding) => !finding.ok)).length;
  const failedGlobal = report.global.filter((finding) => !finding.ok).length;
  if (report.ok) {
    stdout.push(
      `verified: ${total === 1 ? 'the 1 event' : `all ${total} events`} — kiosk signatures, card credentials and presence signatures at each event's time, revocation at each tap, log inclusion under the checkpoint, each event of the bundle's subject and days and listed once, manifest`,
      ...notProven(options.checkpointCompared ?? false),
    );
    return { exitCode: BUNDLE_EXIT.ok, stdout, stderr: [] };
  }
  return {
    exitCode: BUNDLE_EXIT.failed,
    stdout,
    stderr: [`verify: the bundle FAILED verification: ${failedEvents} of ${counted(total, 'event')}, ${counted(failedGlobal, 'bundle-wide check')}`],
  };
}

/** The bundle file's text, or the report of why it cannot be read. */
export function readBundleFile(path: string): { text: string } | { report: Report } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { report: { exitCode: BUNDLE_EXIT.unreadable, stdout: [], stderr: [`verify: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`] } };
  }
}

/** Reads, verifies and reports one bundle file. */
export async function verifyBundleFile(path: string, trust: BundleTrust = {}): Promise<Report> {
  const file = readBundleFile(path);
  if ('report' in file) return file.report;
  return formatBundleReport(await verifyBundle(file.text, trust), path);
}
