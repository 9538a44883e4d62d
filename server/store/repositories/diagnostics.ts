import type { FindingRule, Severity } from '../../domain/diagnostics/finding.ts';
import type { OrgKind } from '../../schemas/orgs.ts';

/**
 * Which subjects a read covers: every one (a full run's set-based query) or just these ids (an incremental
 * run after an ingest batch, or one chunk of a full run), each found through its index.
 */
export type Subjects<T> = 'all' | readonly T[];

/** What thresholds need of an organisation: where it sits in the tree and its kind. */
export interface DiagnosticOrg {
  id: number;
  kind: OrgKind;
  /** ids from the root down to the organisation itself */
  pathIds: number[];
}

/** One (organisation, meeting kind) pair as the meeting-cadence rule reads it. */
export interface CadenceFacts {
  orgId: number;
  orgCode: string;
  orgCreatedAt: string;
  kind: string;
  /** the latest meeting of the kind that took place by now (opened, closed, or scheduled and attended) */
  lastHeldId: string | null;
  lastHeldAt: string | null;
  /** the earliest meeting of the kind planned from now on */
  nextPlannedAt: string | null;
}

/** One active member with an open home period, as the six-month rule reads it. */
export interface ParticipationFacts {
  memberId: number;
  homeOrgId: number;
  createdAt: string;
  /** valid_from of the member's first home period; looked up only when there is no check-in (lastAt null) */
  firstHomeFrom: string | null;
  /** the latest check-in anywhere, at or before now */
  lastAt: string | null;
}

/** A transfer letter as the transfer rules read it. */
export interface LetterFacts {
  id: string;
  memberId: number;
  fromOrgId: number;
  fromOrgCode: string;
  toOrgId: number;
  toOrgCode: string;
  issuedAt: string;
  expiresAt: string;
  status: 'issued' | 'accepted' | 'returned' | 'cancelled' | 'expired';
  /** a later letter exists for the same member */
  superseded: boolean;
}

/** A mobile registration as the mobile rules read it. */
export interface MobileFacts {
  id: number;
  memberId: number;
  hostOrgId: number;
  hostOrgCode: string;
  /** the member's home organisation today, if any */
  homeOrgCode: string | null;
  validFrom: string;
  validTo: string | null;
  endedAt: string | null;
  /** the member's latest check-in at the host (any time up to now) */
  lastAtHost: string | null;
}

export interface DiagnosticsReader {
  org(id: number): Promise<DiagnosticOrg | undefined>;
  /** every organisation: a full run reads the tree once */
  orgs(): Promise<DiagnosticOrg[]>;
  /** how many members and organisations a full run walks through (its progress) */
  subjectCounts(): Promise<{ members: number; orgs: number }>;
  /** ids in ascending order after `after`: a full run's chunks */
  memberIdsAfter(after: number, limit: number): Promise<number[]>;
  orgIdsAfter(after: number, limit: number): Promise<number[]>;
  /** every meeting kind configured, with whether it is in use (not retired) */
  meetingKinds(): Promise<{ code: string; active: boolean }[]>;
  /** the meetings of these (organisation, kind) pairs */
  cadence(pairs: readonly { orgId: number; kind: string }[], now: string): Promise<CadenceFacts[]>;
  participation(members: Subjects<number>, now: string): Promise<ParticipationFacts[]>;
  /**
   * With 'all': every open letter and those expired since `expiredSince`. With ids: every letter of these
   * members and these letters, whatever their status (so a settled letter's finding is seen to end).
   */
  letters(subjects: 'all' | { members: readonly number[]; transfers: readonly string[] }, expiredSince: string): Promise<LetterFacts[]>;
  /** With 'all': every mobile period not lapsed by `today`. With ids: every mobile period of these members. */
  mobilePeriods(members: Subjects<number>, today: string, now: string): Promise<MobileFacts[]>;
}

/** What a finding says, as stored: the JSON columns stay text, so reconciliation compares them as text. */
export interface FindingContent {
  episode: string;
  orgId: number;
  severity: Severity;
  people: string;
  facts: string;
  evidence: string;
}

/** A live finding as reconciliation compares it. */
export interface LiveFinding extends FindingContent {
  id: number;
  subject: string;
}

/** The newest finding of a subject that has no live one: closed by a person (resolvedBy) or by the rules. */
export interface ClosedFinding {
  subject: string;
  episode: string;
  severity: Severity;
  resolvedBy: number | null;
}

/** Reconciliation's reads and writes of findings, inside one write transaction; the work awaits each in turn. */
export interface DiagnosticsTx {
  /** live (open or acknowledged) findings of the rule, of every subject or of these subjects */
  live(rule: FindingRule, subjects: 'all' | readonly string[]): Promise<LiveFinding[]>;
  /** for subjects with no live finding of the rule: the newest finding each has, if any */
  newestClosed(rule: FindingRule, subjects: readonly string[]): Promise<ClosedFinding[]>;
  /** inserts an open finding; returns its id */
  open(rule: FindingRule, subject: string, content: FindingContent, at: string): Promise<number>;
  /** a live finding's new content (the same occurrence, under the name its episode has now); false when a person resolved it meanwhile */
  update(id: number, content: FindingContent, at: string): Promise<boolean>;
  /** resolved by the rules; false when it was not live any more */
  resolve(id: number, at: string): Promise<boolean>;
  history(findingId: number, action: 'opened' | 'escalated' | 'eased' | 'resolved', severity: Severity, at: string): Promise<void>;
  /** the webhook's outbox row for a finding opened or escalated */
  queueWebhook(findingId: number, action: 'opened' | 'escalated', at: string): Promise<void>;
}

export interface DiagnosticsWriter {
  /**
   * Runs `work` in one write transaction (a throw rolls it all back). Inside, `work` uses only `tx`: the
   * store's other writers wait for the transaction.
   */
  transaction<T>(work: (tx: DiagnosticsTx) => Promise<T>): Promise<T>;
}
