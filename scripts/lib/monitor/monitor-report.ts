import { toBase64 } from '../../../shared/log/base64.ts';
import type { InconsistencyReason } from '../../../shared/log/errors.ts';
import type { Report } from '../cli-report.ts';
import type { MonitorOutcome } from './log-monitor.ts';

/** The monitor's exit codes: scripts and cron jobs branch on them. */
export const EXIT = { ok: 0, failed: 1, usage: 2, logUntrustworthy: 3 } as const;

const HEADLINE: Record<InconsistencyReason, string> = {
  'rolled-back': 'the log was rolled back',
  'forked': 'the log forked: two different trees of the same size',
  'different-log': 'the server now serves a different log',
  'proof-invalid': 'the log cannot prove that it extends what this monitor saw before',
};

const banner = (text: string): string => `!!! ${text.toUpperCase()} !!!`;

/** What a run prints, and how it exits. Findings against the log go to stderr, loudly; the state file is named so the evidence is kept. */
export function reportOutcome(outcome: MonitorOutcome, url: string, statePath: string): Report {
  switch (outcome.kind) {
    case 'pinned': {
      const stdout =
        outcome.keyTrust === 'first-use'
          ? [
              'No verifier key was given: trusting the key the server publishes, on first use:',
              `  ${outcome.verifierKey}`,
              'Compare it with the key the log operator publishes out of band (on paper, on the organisation’s site)',
              'before relying on this monitor; pass it with --key next time to check it at once.',
            ]
          : [`Using the verifier key given: ${outcome.verifierKey}`];
      const { origin, size, rootHash } = outcome.checkpoint;
      stdout.push(`pinned: ${origin} at size ${size}, root ${toBase64(rootHash)}`, `state saved to ${statePath}`);
      return { exitCode: EXIT.ok, stdout, stderr: [] };
    }
    case 'consistent': {
      const stdout = [`consistent: size ${outcome.from.size} → ${outcome.to.size}`, `root ${toBase64(outcome.to.rootHash)}`];
      if (outcome.movedFrom) stdout.unshift(`note: the state was last checked against ${outcome.movedFrom}; checked ${url} against it`);
      return { exitCode: EXIT.ok, stdout, stderr: [] };
    }
    case 'inconsistent':
      return {
        exitCode: EXIT.logUntrustworthy,
        stdout: [],
        stderr: [
          banner(`log inconsistent: ${HEADLINE[outcome.reason]}`),
          `${outcome.message} (${outcome.reason})`,
          `The server at ${url} has shown two histories that cannot both be true.`,
          `Keep ${statePath} (the checkpoint this monitor verified before, size ${outcome.remembered.checkpoint.size}; left unchanged)`,
          'and the checkpoint it serves now, below, as evidence:',
          ...outcome.note.trimEnd().split('\n').map((line) => `  ${line}`),
        ],
      };
    case 'unverified':
      return {
        exitCode: EXIT.logUntrustworthy,
        stdout: [],
        stderr: [
          banner('checkpoint not signed by the pinned key'),
          `The server's newest checkpoint does not verify against ${outcome.verifierKey}: ${outcome.message} (${outcome.code})`,
          'Either the log key was replaced or someone is answering for the log. Nothing was saved. The checkpoint:',
          ...outcome.note.trimEnd().split('\n').map((line) => `  ${line}`),
        ],
      };
  }
}
