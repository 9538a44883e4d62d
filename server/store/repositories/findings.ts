import type { EvidenceRef, Facts, FindingRule, FindingStatus, Severity } from '../../domain/diagnostics/finding.ts';
import type { ThresholdRow } from '../../domain/diagnostics/thresholds.ts';
import type { ThresholdFamily } from '../../schemas/thresholds.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { AuditActor } from './audit.ts';

/** A finding as people read it: the organisation and the people named, not only their ids. */
export interface Finding {
  id: number;
  rule: FindingRule;
  subject: string;
  episode: string;
  org: { id: number; code: string; name: string; path: string };
  severity: Severity;
  status: FindingStatus;
  people: { id: number; memberNumber: string; name: string }[];
  facts: Facts;
  /** as stored, except that a member is named by member number (internal ids stay inside the server) */
  evidence: EvidenceRef[];
  openedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** username of the person who resolved it; null when the rule found it resolved (or it is live) */
  resolvedBy: string | null;
}

export interface FindingHistoryEntry {
  at: string;
  action: 'opened' | 'escalated' | 'eased' | 'acknowledged' | 'resolved';
  severity: Severity;
  /** username; null for the rules */
  by: string | null;
  note: string | null;
}

export interface FindingQuery {
  rule?: FindingRule;
  /** at least this severe */
  minSeverity?: Severity;
  /** 'live' = open or acknowledged (the default view) */
  status?: FindingStatus | 'live';
  /** pages by id, newest first */
  before?: number;
  limit: number;
}

export interface FindingCount {
  rule: FindingRule;
  severity: Severity;
  status: 'open' | 'acknowledged';
  count: number;
}

export interface FindingReader {
  /** newest first */
  list(filter: OrgFilter, query: FindingQuery): Promise<Finding[]>;
  get(id: number): Promise<(Finding & { history: FindingHistoryEntry[] }) | undefined>;
  /** live findings counted by rule, severity and status, within the filter */
  summary(filter: OrgFilter): Promise<FindingCount[]>;
  /** every configuration row (a few hundred at most) */
  thresholdRows(): Promise<ThresholdRow[]>;
}

export interface FindingWriter {
  /**
   * A person takes note (open → acknowledged) or closes it (live → resolved, resolved_by = the user),
   * with a history row and an audit row, in one transaction. Answers the updated finding's status, or
   * undefined when the finding is not live any more (so the caller can say so).
   */
  act(input: { id: number; action: 'acknowledge' | 'resolve'; actor: AuditActor; note: string | null; at: string }): Promise<FindingStatus | undefined>;
  /** sets (or, with settings null, removes) the configuration row for (org, kind, family), audited */
  setThresholds(input: { orgId: number | null; orgKind: string | null; family: ThresholdFamily; settings: Record<string, unknown> | null; actor: AuditActor; at: string }): Promise<void>;
}
