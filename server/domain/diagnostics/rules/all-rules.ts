import type { ExplanationReading } from '../explanation-names.ts';
import type { Facts, FindingRule, Severity } from '../finding.ts';
import type { DiagnosticRule, Explanation } from '../rule.ts';
import { kioskRules } from './kiosks.ts';
import { meetingCadenceRules } from './meeting-cadence.ts';
import { mobileRules } from './mobile.ts';
import { securityRules } from './security.ts';
import { sixMonthRules } from './six-month.ts';
import { transferRules } from './transfers.ts';

/** Every rule family the engine runs, in the order their findings are reconciled. */
export const ALL_RULES: readonly DiagnosticRule[] = [meetingCadenceRules, sixMonthRules, transferRules, mobileRules, kioskRules, securityRules];

/** The plain-language text of a finding, from the family that produces its rule, naming what it names as `reading` does now. */
export function explainFinding(rule: FindingRule, facts: Facts, severity: Severity, reading: ExplanationReading): { zh: Explanation; en: Explanation } {
  const explain = ALL_RULES.find((family) => family.rules.includes(rule))?.explain[rule];
  if (!explain) throw new Error(`no explanation for finding rule ${rule}`);
  return explain(facts, severity, reading);
}
