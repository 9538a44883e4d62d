import type { OrgCalendar } from '../../../shared/org-calendar.ts';
import type { ReadStore } from '../../store/store.ts';
import type { Thresholds } from '../../schemas/thresholds.ts';
import type { ExplanationReading } from './explanation-names.ts';
import type { Condition, Facts, FindingRule, RuleFamily, Scope, Severity } from './finding.ts';
import type { ThresholdRow } from './thresholds.ts';

export interface RuleInput {
  now: Date;
  /** days and months are the organisation's: its today, a due day, a month counted on its calendar */
  calendar: OrgCalendar;
  scope: Scope;
  read: ReadStore;
  /** the numbers that hold for an organisation (defaults, then configuration down its path); cached per run */
  thresholdsFor(orgId: number): Promise<Thresholds>;
  /** every configuration row, as the run read them (for the widest window a full run must read) */
  thresholdRows: readonly ThresholdRow[];
}

export interface RuleOutput {
  /**
   * The subjects this evaluation looked at, per rule it produces: a live finding of such a rule whose
   * subject is covered and has no condition in `conditions` is resolved by the rules. 'all' after a full
   * evaluation; after an incremental one, exactly the subjects of the scope the rule evaluated.
   */
  covered: ReadonlySet<string> | 'all';
  conditions: Condition[];
}

/** Plain language for one finding, in one language: what it is, why it was raised, what to do. */
export interface Explanation {
  title: string;
  why: string;
  action: string;
}
/**
 * `reading.names`: for the rules whose facts hold codes (meeting kinds); `reading.calendar`: the days and times an
 * explanation quotes are told as the organisation reads them, in its zone.
 */
export type Explainer = (facts: Facts, severity: Severity, reading: ExplanationReading) => { zh: Explanation; en: Explanation };

/** A rule family: evaluates its conditions over a scope and explains each finding rule it produces. */
export interface DiagnosticRule {
  family: RuleFamily;
  rules: readonly FindingRule[];
  /**
   * For families over a province-sized set of subjects: a full run evaluates them chunk by chunk, each
   * chunk a Scope('some') of these members (or organisations), and the family covers every subject that
   * belongs to them (a member's letters, an organisation's meeting kinds). Families without it are
   * evaluated once with Scope('all').
   */
  chunkBy?: 'members' | 'orgs';
  evaluate(input: RuleInput): Promise<RuleOutput>;
  explain: Partial<Record<FindingRule, Explainer>>;
}
