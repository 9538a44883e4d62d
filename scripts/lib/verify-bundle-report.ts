import { readFileSync } from 'node:fs';
import type { Report } from './cli-report.ts';
import { verifyBundle, type BundleReport, type BundleTrust, type Finding } from './verify-bundle.ts';
import { systemProblem } from './system-problem.ts';
import type { LogKeyFrom, VerifyMessages } from './verify-messages/messages.ts';

/** Exit codes of `npm run verify -- BUNDLE`: 0 every check passed, 1 the file could not be read, 2 something failed verification. */
export const BUNDLE_EXIT = { ok: 0, unreadable: 1, failed: 2 } as const;

const findingText = (m: VerifyMessages, finding: Finding): string => m.report.finding(m.checks[finding.check], finding.ok ? undefined : finding.code, finding.detail(m));

/** Where the trust comes from: the keys given, or the bundle's, which the auditor must compare out of band. */
function keyLines(m: VerifyMessages, report: BundleReport, logKeyFrom: LogKeyFrom): string[] {
  const lines: string[] = [];
  if (report.verifierKey) lines.push(...m.report.logKey(report.verifierKey, report.keys.log === 'given' ? logKeyFrom : 'bundle'));
  if (report.keys.issuers === 'given') {
    lines.push(m.report.issuerKeysGiven(report.keys.issuerKeys.length));
  } else if (report.verifierKey) {
    lines.push(m.report.issuerKeysFromBundle);
  }
  lines.push(...report.keys.issuerKeys.map((key) => `  ${key.iss} ${key.kid}`));
  return lines;
}

export interface BundleReportOptions {
  /** the checkpoint was held against the log a monitor follows, which says itself what came of it */
  checkpointCompared?: boolean;
  /** where the trusted log key came from, when not from the bundle (default "given") */
  logKeyFrom?: LogKeyFrom;
}

/** The per-item report: the keys trusted, global checks, then one line per event with each failed check under it. */
export function formatBundleReport(m: VerifyMessages, report: BundleReport, path: string, options: BundleReportOptions = {}): Report {
  const total = report.events.length;
  const stdout = [m.report.header(path, report.subject?.(m) ?? null, total), ...keyLines(m, report, options.logKeyFrom ?? 'given')];
  for (const finding of report.global) stdout.push(`${m.report.mark(finding.ok)} ${findingText(m, finding)}`);
  for (const event of report.events) {
    const failed = event.findings.filter((finding) => !finding.ok);
    stdout.push(`${m.report.mark(failed.length === 0)} ${m.report.event(event.position + 1, total, event.logIndex, m.report.eventWhat(event.type, event.eventId, event.at))}`);
    stdout.push(...failed.map((finding) => `       ${findingText(m, finding)}`));
  }
  const failedEvents = report.events.filter((event) => event.findings.some((finding) => !finding.ok)).length;
  const failedGlobal = report.global.filter((finding) => !finding.ok).length;
  if (report.ok) {
    stdout.push(m.report.verified(total), ...m.report.notProven(options.checkpointCompared ?? false));
    return { exitCode: BUNDLE_EXIT.ok, stdout, stderr: [] };
  }
  return { exitCode: BUNDLE_EXIT.failed, stdout, stderr: [m.report.failed(failedEvents, total, failedGlobal)] };
}

/** The bundle file's text, or the report of why it cannot be read. */
export function readBundleFile(m: VerifyMessages, path: string): { text: string } | { report: Report } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { report: { exitCode: BUNDLE_EXIT.unreadable, stdout: [], stderr: [m.cannotReadBundle(path, systemProblem(error))] } };
  }
}

/** Reads, verifies and reports one bundle file. */
export async function verifyBundleFile(m: VerifyMessages, path: string, trust: BundleTrust = {}): Promise<Report> {
  const file = readBundleFile(m, path);
  if ('report' in file) return file.report;
  return formatBundleReport(m, await verifyBundle(file.text, trust), path);
}
