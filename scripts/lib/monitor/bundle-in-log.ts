/**
 * `npm run verify -- --monitor URL BUNDLE`: after the monitor's own run, the bundle is verified with the log
 * key the monitor trusts, and its checkpoint is proved part of the log the monitor follows — a consistency
 * proof from the bundle's tree to the newest checkpoint the monitor has just verified. A checkpoint the
 * operator signed for one bundle alone, over a tree nobody else is shown, passes every offline check with
 * the real log key; only this comparison tells it apart.
 */
import { toBase64 } from '../../../shared/log/base64.ts';
import { checkCheckpointGrowth } from '../../../shared/log/monitor.ts';
import { nodeSha256 } from '../../../shared/log/sha256.node.ts';
import { rfc6962Hasher } from '../../../shared/log/tree-hasher.ts';
import type { IssuerJwks } from '../../../shared/verify/jwk.ts';
import type { Report } from '../cli-report.ts';
import type { VerifyMessages } from '../verify-messages/messages.ts';
import { formatBundleReport, readBundleFile } from '../verify-bundle-report.ts';
import { verifyBundle } from '../verify-bundle.ts';
import { monitorLogClient } from './log-http.ts';
import type { MonitorOutcome } from './log-monitor.ts';
import { EXIT, reportOutcome } from './monitor-report.ts';

const hasher = rfc6962Hasher(nodeSha256);

export interface BundleInLogOptions {
  url: string;
  statePath: string;
  bundlePath: string;
  issuers: IssuerJwks | undefined;
}

const both = (first: Report, second: Report, exitCode: number): Report => ({
  exitCode,
  stdout: [...first.stdout, ...second.stdout],
  stderr: [...first.stderr, ...second.stderr],
});

export async function checkBundleInLog(m: VerifyMessages, outcome: MonitorOutcome, options: BundleInLogOptions): Promise<Report> {
  const monitor = reportOutcome(m, outcome, options.url, options.statePath);
  if (outcome.kind === 'inconsistent' || outcome.kind === 'unverified') {
    return { ...monitor, stderr: [...monitor.stderr, m.monitor.bundleNotChecked(options.bundlePath)] };
  }
  const newest = outcome.kind === 'pinned' ? outcome.checkpoint : outcome.to;
  const file = readBundleFile(m, options.bundlePath);
  if ('report' in file) return both(monitor, file.report, file.report.exitCode);
  const report = await verifyBundle(file.text, { logKey: outcome.verifierKey, issuers: options.issuers });
  const ofBundle = report.checkpoint;
  const from = { logKeyFrom: 'monitor' } as const;
  if (!ofBundle) {
    const bundle = formatBundleReport(m, report, options.bundlePath, from);
    return both(monitor, { ...bundle, stderr: [...bundle.stderr, m.monitor.bundleCheckpointUntrusted] }, bundle.exitCode);
  }
  // Equal or smaller trees are judged without a proof; a bundle's tree larger than the newest means the log shrank since.
  const proof = ofBundle.size > 0 && newest.size > ofBundle.size ? await monitorLogClient(options.url).consistencyProof(ofBundle.size, newest.size) : [];
  const verdict = checkCheckpointGrowth(hasher, ofBundle, newest, proof);
  const bundle = formatBundleReport(m, report, options.bundlePath, { ...from, checkpointCompared: true });
  if (!verdict.consistent) {
    return both(
      monitor,
      {
        exitCode: EXIT.logUntrustworthy,
        stdout: bundle.stdout,
        stderr: [
          ...bundle.stderr,
          m.monitor.bundleNotInLogBanner,
          m.monitor.inconsistency(verdict.reason, ofBundle, newest, verdict.message),
          ...m.monitor.bundleNotInLog(ofBundle.size, toBase64(ofBundle.rootHash), options.url, options.bundlePath),
        ],
      },
      EXIT.logUntrustworthy,
    );
  }
  const inLog = m.monitor.bundleInLog(ofBundle.size, newest.size);
  return both(monitor, { ...bundle, stdout: [...bundle.stdout, inLog] }, bundle.exitCode);
}
