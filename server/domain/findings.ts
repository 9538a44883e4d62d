import { authorize, listScope } from '../auth/policy.ts';
import { auditActorOf, type Principal } from '../auth/principal.ts';
import { isoTimestamp } from '../clock.ts';
import type { ReadContext, WriteContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import type { FindingListQuery, FindingSummaryQuery, SetThresholdsBody } from '../schemas/findings.ts';
import type { Thresholds } from '../schemas/thresholds.ts';
import type { OrgFilter } from '../store/org-filter.ts';
import type { Finding, FindingCount, FindingHistoryEntry } from '../store/repositories/findings.ts';
import type { Org } from '../store/repositories/orgs.ts';
import type { ReadStore } from '../store/store.ts';
import type { Scope } from './diagnostics/finding.ts';
import { DEFAULT_THRESHOLDS, mergeThresholds, rowsReaching, type ThresholdRow } from './diagnostics/thresholds.ts';
import { requireOrg } from './lookups.ts';

/** The findings a list covers: the requested organisation (its subtree, or itself only), else all within reach. */
async function findingScope(ctx: ReadContext, principal: Principal, query: { org?: string; subtree: boolean }): Promise<OrgFilter> {
  const requested = query.org === undefined ? undefined : await requireOrg(ctx.read, query.org);
  const scope = listScope(principal, 'finding.read', requested);
  return requested && !query.subtree ? { kind: 'org', path: requested.path } : scope;
}

export async function listFindings(ctx: ReadContext, principal: Principal, query: FindingListQuery): Promise<{ findings: Finding[]; next: number | null }> {
  const scope = await findingScope(ctx, principal, query);
  const page = await ctx.read.findings.list(scope, {
    rule: query.rule,
    minSeverity: query.minSeverity,
    status: query.status,
    before: query.before,
    limit: query.limit + 1,
  });
  const findings = page.slice(0, query.limit);
  return { findings, next: page.length > query.limit ? (findings.at(-1)?.id ?? null) : null };
}

export async function summariseFindings(ctx: ReadContext, principal: Principal, query: FindingSummaryQuery): Promise<FindingCount[]> {
  return ctx.read.findings.summary(await findingScope(ctx, principal, query));
}

type FindingDetail = Finding & { history: FindingHistoryEntry[] };

async function requireFinding(ctx: ReadContext, id: number): Promise<FindingDetail> {
  const finding = await ctx.read.findings.get(id);
  if (!finding) throw new ApiError('ERR_FINDING_NOT_FOUND', `no finding has id ${id}`, { id });
  return finding;
}

export async function getFinding(ctx: ReadContext, principal: Principal, id: number): Promise<FindingDetail> {
  const finding = await requireFinding(ctx, id);
  authorize(principal, 'finding.read', finding.org);
  return finding;
}

/**
 * A person takes note of a live finding (acknowledge) or closes it (resolve), with an optional note for
 * its history. A finding already resolved (by the rules or by someone else) is refused, so two people
 * acting at once learn that the other was first.
 */
export async function actOnFinding(ctx: WriteContext, principal: Principal, id: number, action: 'acknowledge' | 'resolve', note: string | undefined): Promise<FindingDetail> {
  const finding = await requireFinding(ctx, id);
  authorize(principal, 'finding.act', finding.org);
  const status = await ctx.write.findings.act({ id, action, actor: auditActorOf(principal), note: note ?? null, at: isoTimestamp(ctx.clock.now()) });
  if (status === undefined) throw new ApiError('ERR_FINDING_NOT_LIVE', `finding ${id} is resolved already`, { id, status: 'resolved' });
  return requireFinding(ctx, id);
}

/** Ids of an organisation's path, root first: '/1/4/17/' → [1, 4, 17]. */
const pathIds = (path: string): number[] => path.split('/').filter(Boolean).map(Number);

export interface OrgThresholds {
  org: Org;
  /** the rows that reach the organisation, root first, each with the organisation it was set at */
  rows: (ThresholdRow & { setAt: Pick<Org, 'code' | 'name'> | null })[];
  /**
   * the rows set at the organisation itself, for every kind: a row for a kind found only below it (a
   * township's row for its branches) does not reach the organisation, yet it is the organisation's to change
   */
  ownRows: ThresholdRow[];
  /** the built-in numbers, which hold wherever no row sets a number */
  defaults: Thresholds;
  effective: Thresholds;
}

export async function thresholdsOf(ctx: ReadContext, principal: Principal, code: string): Promise<OrgThresholds> {
  const org = await requireOrg(ctx.read, code);
  authorize(principal, 'threshold.read', org);
  const all = await ctx.read.findings.thresholdRows();
  const reaching = rowsReaching(all, pathIds(org.path), org.kind);
  // Every row reaching the organisation was set at it or above it, so naming them shows nothing outside its path.
  const setAt = new Map<number, Pick<Org, 'code' | 'name'>>();
  for (const row of reaching) {
    if (row.orgId === null || setAt.has(row.orgId)) continue;
    const above = await ctx.read.orgs.byId(row.orgId);
    setAt.set(row.orgId, { code: above?.code ?? String(row.orgId), name: above?.name ?? String(row.orgId) });
  }
  return {
    org,
    rows: reaching.map((row) => ({ ...row, setAt: row.orgId === null ? null : (setAt.get(row.orgId) ?? null) })),
    ownRows: all.filter((row) => row.orgId === org.id),
    defaults: DEFAULT_THRESHOLDS,
    effective: mergeThresholds(reaching),
  };
}

/**
 * Sets (or removes, with settings null) one configuration row. A row for the whole tree (org null) is an
 * admin's; an organiser sets rows at organisations in their subtree. Any finding may depend on the numbers,
 * so a full run is queued (in the background, coalesced with others) rather than waiting for the schedule.
 */
export async function setThresholds(
  ctx: WriteContext & { diagnostics: { notify(scope: Scope): void } },
  principal: Principal,
  body: SetThresholdsBody,
): Promise<void> {
  const org = body.org === null ? null : await requireOrg(ctx.read, body.org);
  authorize(principal, 'threshold.update', org);
  const cadences = body.settings !== null && 'every' in body.settings ? body.settings.every : undefined;
  if (cadences) await requireConfiguredKinds(ctx.read, Object.keys(cadences));
  await ctx.write.findings.setThresholds({
    orgId: org?.id ?? null,
    orgKind: body.orgKind,
    family: body.family,
    settings: body.settings,
    actor: auditActorOf(principal),
    at: isoTimestamp(ctx.clock.now()),
  });
  ctx.diagnostics.notify({ kind: 'all' });
}

/**
 * A cadence names a configured meeting kind: one never added would be stored, shown and required of nobody,
 * so a mistyped code would read as a rule that holds. A retired kind is accepted, as it stays configured
 * (its code is never reused and past meetings keep it) and is required of nobody all the same; the console
 * shows a retired kind's cadence where a row sets it and sends it back with the row's other numbers, so
 * refusing it would block every change to that row until someone took it out. Kinds are retired, never
 * removed, so what is checked here still holds when the row is written.
 */
async function requireConfiguredKinds(read: ReadStore, codes: readonly string[]): Promise<void> {
  const kinds = await read.meetings.kinds();
  const unknown = codes.filter((code) => !kinds.some((kind) => kind.code === code));
  if (unknown.length === 0) return;
  const inUse = kinds.filter((kind) => kind.active).map((kind) => kind.code);
  throw new ApiError(
    'ERR_THRESHOLD_MEETING_KIND_UNKNOWN',
    `no meeting kind has code ${unknown.join(', ')}: set cadences for the kinds in use (${inUse.join(', ')}; GET /meeting-kinds lists them), or have an admin add the kind first (POST /meeting-kinds)`,
    { kinds: unknown, inUse },
  );
}
