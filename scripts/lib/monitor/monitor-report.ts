import { toBase64 } from '../../../shared/log/base64.ts';
import type { Report } from '../cli-report.ts';
import type { VerifyMessages } from '../verify-messages/messages.ts';
import type { MonitorOutcome } from './log-monitor.ts';
import { stateCheckpoint } from './monitor-state.ts';

/** The monitor's exit codes: scripts and cron jobs branch on them. */
export const EXIT = { ok: 0, failed: 1, usage: 2, logUntrustworthy: 3 } as const;

const evidence = (note: string): string[] => note.trimEnd().split('\n').map((line) => `  ${line}`);

/** What a run prints, and how it exits. Findings against the log go to stderr, loudly; the state file is named so the evidence is kept. */
export function reportOutcome(m: VerifyMessages, outcome: MonitorOutcome, url: string, statePath: string): Report {
  switch (outcome.kind) {
    case 'pinned': {
      const stdout = outcome.keyTrust === 'first-use' ? m.monitor.firstUse(outcome.verifierKey) : [m.monitor.keyGiven(outcome.verifierKey)];
      const { origin, size, rootHash } = outcome.checkpoint;
      stdout.push(m.monitor.pinned(origin, size, toBase64(rootHash)), m.monitor.stateSaved(statePath));
      return { exitCode: EXIT.ok, stdout, stderr: [] };
    }
    case 'consistent': {
      const stdout = [m.monitor.consistent(outcome.from.size, outcome.to.size), m.monitor.root(toBase64(outcome.to.rootHash))];
      if (outcome.movedFrom) stdout.unshift(m.monitor.movedFrom(outcome.movedFrom, url));
      return { exitCode: EXIT.ok, stdout, stderr: [] };
    }
    case 'inconsistent':
      return {
        exitCode: EXIT.logUntrustworthy,
        stdout: [],
        stderr: [
          m.monitor.inconsistentBanner(outcome.reason),
          m.monitor.inconsistency(outcome.reason, stateCheckpoint(outcome.remembered), outcome.next, outcome.message),
          m.monitor.twoHistories(url),
          ...m.monitor.keepEvidence(statePath, outcome.remembered.checkpoint.size),
          ...evidence(outcome.note),
        ],
      };
    case 'unverified':
      return {
        exitCode: EXIT.logUntrustworthy,
        stdout: [],
        stderr: [m.monitor.unverifiedBanner, ...m.monitor.unverified(outcome.verifierKey, outcome.code, outcome.message), ...evidence(outcome.note)],
      };
  }
}
