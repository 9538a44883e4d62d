/**
 * The vocabulary of diagnostics (issue 7): what a rule says about one subject at one moment (a
 * `Condition`), and the finding that records it over time (opened, escalated, acknowledged, resolved).
 */

export const SEVERITIES = ['info', 'warning', 'serious', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/** Each finding rule, grouped by the family whose thresholds it reads. */
export const FINDING_RULES = {
  'meeting-cadence': 'meeting-cadence',
  'six-month': 'six-month',
  'transfer-expiring': 'transfers',
  'transfer-expired': 'transfers',
  'transfer-waiting': 'transfers',
  'mobile-lapsing': 'mobile',
  'mobile-inactive': 'mobile',
  'kiosk-silent': 'kiosks',
  'kiosk-backlog': 'kiosks',
  'kiosk-skew': 'kiosks',
  'card-clone': 'security',
  'kiosk-fork': 'security',
  'card-denied-repeatedly': 'security',
} as const;
export type FindingRule = keyof typeof FINDING_RULES;
export type RuleFamily = (typeof FINDING_RULES)[FindingRule];

export type FindingStatus = 'open' | 'acknowledged' | 'resolved';

/** What the finding points at, for a person to check: the console and the API resolve these to links. */
export interface EvidenceRef {
  kind: 'member' | 'org' | 'meeting' | 'transfer' | 'mobile-period' | 'kiosk' | 'alarm' | 'event' | 'card';
  id: string;
}

export type Facts = Record<string, string | number | boolean | null>;

/** A rule's verdict now: the subject is in this state. Absent from a rule's output = nothing to report. */
export interface Condition {
  rule: FindingRule;
  /** unique within the rule: 'member:17', 'org:4:committee', 'transfer:<uuid>', 'kiosk:<kid>', 'alarm:9', 'card:<csn>' */
  subject: string;
  /** which occurrence (the due date, the last participation day, …); a new episode is a new finding */
  episode: string;
  /**
   * the name the same occurrence had when the rules counted days in UTC (before the organisation's zone decided
   * them), where it differs: a finding stored under it is this occurrence, not a new one, so a server upgraded
   * from then keeps its findings — acknowledged, or resolved by a person — instead of opening them all again
   */
  formerEpisode?: string;
  /** the organisation responsible for acting on it (its secretary sees it; organisers above it too) */
  orgId: number;
  severity: Severity;
  /** member ids of the people concerned */
  people: number[];
  /** the numbers and dates the plain-language explanation quotes */
  facts: Facts;
  evidence: EvidenceRef[];
}

/**
 * What a run looks at. A full run re-evaluates every subject; an incremental run (after an ingest batch)
 * only the subjects the batch touched, and leaves every other finding as it is.
 */
export type Scope =
  | { kind: 'all' }
  | {
      kind: 'some';
      /** members who took part somewhere, or whose membership changed */
      members: ReadonlySet<number>;
      /** organisations whose meetings changed (opened, closed, attended) */
      orgs: ReadonlySet<number>;
      /** kiosks that were heard from */
      kiosks: ReadonlySet<string>;
      /** transfer letters that changed */
      transfers: ReadonlySet<string>;
      /** alarms raised */
      alarms: ReadonlySet<number>;
      /** serials of cards that were registered to a member, so their denials now concern the member's branch */
      cards: ReadonlySet<string>;
    };

export const emptyScope = (): Extract<Scope, { kind: 'some' }> => ({
  kind: 'some',
  members: new Set(),
  orgs: new Set(),
  kiosks: new Set(),
  transfers: new Set(),
  alarms: new Set(),
  cards: new Set(),
});
