import type { DiagnosticsTx, FindingContent, LiveFinding } from '../../store/repositories/diagnostics.ts';
import { severityRank, type Condition, type FindingRule } from './finding.ts';

/** What a run changed, finding by finding. */
export interface ReconcileCounts {
  opened: number;
  escalated: number;
  eased: number;
  resolved: number;
  /** live findings whose condition holds at the same severity (their facts may have moved on) */
  unchanged: number;
}

export const noChanges = (): ReconcileCounts => ({ opened: 0, escalated: 0, eased: 0, resolved: 0, unchanged: 0 });

/** One family's verdicts for the rules it produces, over the subjects it covered. */
export interface FamilyVerdicts {
  rules: readonly FindingRule[];
  covered: ReadonlySet<string> | 'all';
  conditions: readonly Condition[];
}

const contentOf = (condition: Condition): FindingContent => ({
  episode: condition.episode,
  orgId: condition.orgId,
  severity: condition.severity,
  people: JSON.stringify(condition.people),
  facts: JSON.stringify(condition.facts),
  evidence: JSON.stringify(condition.evidence),
});

const sameContent = (live: LiveFinding, next: FindingContent): boolean =>
  live.episode === next.episode &&
  live.orgId === next.orgId &&
  live.severity === next.severity &&
  live.people === next.people &&
  live.facts === next.facts &&
  live.evidence === next.evidence;

/** A finding stored under the condition's episode, or under the name it had in UTC days, is of this occurrence. */
const sameOccurrence = (episode: string, condition: Condition): boolean => episode === condition.episode || episode === condition.formerEpisode;

/**
 * Brings `findings` in line with the rules' verdicts, inside one write transaction (so a person acting on
 * a finding at the same time is either before or after it, never in between):
 * - a condition with no live finding opens one — unless the subject's newest finding was closed by a
 *   person for this very episode at the same or a higher severity: that person has dealt with it;
 * - a condition with a live finding of the same episode updates it (escalated / eased when the severity
 *   moved; one stored under the episode's former name takes the current one); of another episode, the old
 *   finding is resolved and a new one opened;
 * - a live finding whose subject was covered and has no condition any more is resolved by the rules.
 * With `webhook`, every finding opened or escalated gets its outbox row in the same transaction.
 */
export async function reconcile(tx: DiagnosticsTx, families: readonly FamilyVerdicts[], at: string, webhook: boolean): Promise<ReconcileCounts> {
  const counts = noChanges();
  const opened = async (rule: FindingRule, condition: Condition, content: FindingContent): Promise<void> => {
    const id = await tx.open(rule, condition.subject, content, at);
    await tx.history(id, 'opened', condition.severity, at);
    if (webhook) await tx.queueWebhook(id, 'opened', at);
    counts.opened += 1;
  };
  const resolved = async (finding: LiveFinding): Promise<void> => {
    if (!(await tx.resolve(finding.id, at))) return;
    await tx.history(finding.id, 'resolved', finding.severity, at);
    counts.resolved += 1;
  };
  for (const family of families) {
    for (const rule of family.rules) {
      const conditions = new Map<string, Condition>();
      for (const condition of family.conditions) {
        if (condition.rule !== rule) continue;
        const earlier = conditions.get(condition.subject);
        // One verdict per subject: should a family say two things, the graver one stands.
        if (!earlier || severityRank(condition.severity) > severityRank(earlier.severity)) conditions.set(condition.subject, condition);
      }
      const subjects = family.covered === 'all' ? 'all' : [...new Set([...family.covered, ...conditions.keys()])];
      const live = await tx.live(rule, subjects);
      const withLive = new Set<string>();
      for (const finding of live) {
        withLive.add(finding.subject);
        const condition = conditions.get(finding.subject);
        if (!condition) {
          await resolved(finding);
          continue;
        }
        const content = contentOf(condition);
        if (!sameOccurrence(finding.episode, condition)) {
          await resolved(finding);
          await opened(rule, condition, content);
          continue;
        }
        if (sameContent(finding, content)) {
          counts.unchanged += 1;
          continue;
        }
        if (!(await tx.update(finding.id, content, at))) continue;
        const moved = severityRank(condition.severity) - severityRank(finding.severity);
        if (moved > 0) {
          await tx.history(finding.id, 'escalated', condition.severity, at);
          if (webhook) await tx.queueWebhook(finding.id, 'escalated', at);
          counts.escalated += 1;
        } else if (moved < 0) {
          await tx.history(finding.id, 'eased', condition.severity, at);
          counts.eased += 1;
        } else counts.unchanged += 1;
      }
      const fresh = [...conditions.values()].filter((condition) => !withLive.has(condition.subject));
      if (fresh.length === 0) continue;
      const closed = new Map((await tx.newestClosed(rule, fresh.map((condition) => condition.subject))).map((finding) => [finding.subject, finding]));
      for (const condition of fresh) {
        const last = closed.get(condition.subject);
        const closedByPerson =
          last !== undefined && last.resolvedBy !== null && sameOccurrence(last.episode, condition) && severityRank(last.severity) >= severityRank(condition.severity);
        if (!closedByPerson) await opened(rule, condition, contentOf(condition));
      }
    }
  }
  return counts;
}
