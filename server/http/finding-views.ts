import type { ExplanationReading } from '../domain/diagnostics/explanation-names.ts';
import { explainFinding } from '../domain/diagnostics/rules/all-rules.ts';
import type { EvidenceRef, Severity } from '../domain/diagnostics/finding.ts';
import type { ThresholdRow } from '../domain/diagnostics/thresholds.ts';
import type { OrgThresholds } from '../domain/findings.ts';
import type { FindingSummaryView, FindingView, ThresholdRowView } from '../schemas/findings.ts';
import type { OrgKind } from '../schemas/orgs.ts';
import type { ThresholdFamily } from '../schemas/thresholds.ts';
import type { Finding, FindingCount, FindingHistoryEntry } from '../store/repositories/findings.ts';
import { API_PREFIX } from './openapi.ts';

const enc = encodeURIComponent;

/**
 * The API path that shows a piece of evidence. Kiosks and alarms have no route of their own: the list of
 * the responsible organisation's kiosks, and the alarm list narrowed to that one alarm, show them.
 */
export function evidenceHref(ref: EvidenceRef, orgCode: string): string | null {
  switch (ref.kind) {
    case 'member':
      return `${API_PREFIX}/members/${enc(ref.id)}/history`;
    case 'org':
      return `${API_PREFIX}/orgs/${enc(ref.id)}/history`;
    case 'meeting':
      return `${API_PREFIX}/meetings/${enc(ref.id)}`;
    case 'transfer':
      return `${API_PREFIX}/transfers/${enc(ref.id)}`;
    case 'mobile-period':
      return `${API_PREFIX}/mobile-periods/${enc(ref.id)}`;
    case 'card':
      return `${API_PREFIX}/cards/${enc(ref.id)}`;
    case 'kiosk':
      return `${API_PREFIX}/kiosks?org=${enc(orgCode)}`;
    case 'alarm': {
      const id = Number(ref.id);
      return Number.isSafeInteger(id) ? `${API_PREFIX}/alarms?org=${enc(orgCode)}&before=${id + 1}&limit=1` : null;
    }
    case 'event':
      return null;
  }
}

export const findingView = (finding: Finding, reading: ExplanationReading): FindingView => ({
  id: finding.id,
  rule: finding.rule,
  severity: finding.severity,
  status: finding.status,
  org: { code: finding.org.code, name: finding.org.name },
  subject: finding.subject,
  episode: finding.episode,
  people: finding.people.map((person) => ({ memberNumber: person.memberNumber, name: person.name })),
  facts: finding.facts,
  explanation: explainFinding(finding.rule, finding.facts, finding.severity, reading),
  evidence: finding.evidence.map((ref) => ({ kind: ref.kind, id: ref.id, href: evidenceHref(ref, finding.org.code) })),
  openedAt: finding.openedAt,
  updatedAt: finding.updatedAt,
  resolvedAt: finding.resolvedAt,
  resolvedBy: finding.resolvedBy,
});

export const findingDetailView = (finding: Finding & { history: FindingHistoryEntry[] }, reading: ExplanationReading) => ({
  ...findingView(finding, reading),
  history: finding.history,
});

export function findingSummaryView(counts: FindingCount[]): FindingSummaryView {
  const bySeverity: Record<Severity, number> = { info: 0, warning: 0, serious: 0, critical: 0 };
  const byStatus = { open: 0, acknowledged: 0 };
  const byRule: Record<string, number> = {};
  for (const row of counts) {
    bySeverity[row.severity] += row.count;
    byStatus[row.status] += row.count;
    byRule[row.rule] = (byRule[row.rule] ?? 0) + row.count;
  }
  return { live: byStatus.open + byStatus.acknowledged, bySeverity, byStatus, byRule, counts };
}

const thresholdRowView = (row: ThresholdRow, setAt: { code: string; name: string } | null): ThresholdRowView => ({
  org: setAt?.code ?? null,
  orgName: setAt?.name ?? null,
  orgKind: row.orgKind as OrgKind | null,
  family: row.family as ThresholdFamily,
  settings: row.settings,
});

export const thresholdsView = (result: OrgThresholds) => ({
  org: { code: result.org.code, name: result.org.name, kind: result.org.kind },
  rows: result.rows.map((row) => thresholdRowView(row, row.setAt)),
  ownRows: result.ownRows.map((row) => thresholdRowView(row, result.org)),
  defaults: result.defaults,
  effective: result.effective,
});
