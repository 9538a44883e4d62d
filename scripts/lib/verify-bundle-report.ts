import { readFileSync } from 'node:fs';
import type { Report } from './cli-report.ts';
import { verifyBundle, type BundleReport, type Finding } from './verify-bundle.ts';

/** Exit codes of `npm run verify -- BUNDLE`: 0 every check passed, 1 the file could not be read, 2 something failed verification. */
export const BUNDLE_EXIT = { ok: 0, unreadable: 1, failed: 2 } as const;

const mark = (ok: boolean): string => (ok ? 'ok  ' : 'FAIL');
const findingLine = (finding: Finding): string => `       ${finding.check}: ${finding.code ? `${finding.code} — ` : ''}${finding.detail}`;

/** The per-item report: global checks, then one line per event with each failed check under it. */
export function formatBundleReport(report: BundleReport, path: string): Report {
  const stdout = [`bundle ${path}${report.subject ? `: ${report.subject}` : ''}, ${report.events.length} events`];
  if (report.verifierKey) {
    stdout.push(
      `log verifier key: ${report.verifierKey}`,
      '  Compare it with the key the log operator publishes out of band (on paper, on the organisation’s site): the bundle vouches for nothing by itself.',
    );
  }
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
    stdout.push(`verified: all ${total} events — kiosk signatures, card credentials and presence signatures at each event's time, log inclusion under the checkpoint, manifest`);
    return { exitCode: BUNDLE_EXIT.ok, stdout, stderr: [] };
  }
  return {
    exitCode: BUNDLE_EXIT.failed,
    stdout,
    stderr: [`verify: the bundle FAILED verification: ${failedEvents} of ${total} events, ${failedGlobal} bundle-wide check${failedGlobal === 1 ? '' : 's'}`],
  };
}

/** Reads, verifies and reports one bundle file. */
export async function verifyBundleFile(path: string): Promise<Report> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { exitCode: BUNDLE_EXIT.unreadable, stdout: [], stderr: [`verify: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return formatBundleReport(await verifyBundle(text), path);
}
