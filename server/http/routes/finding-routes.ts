import { explanationReading } from '../../domain/diagnostics/explanation-names.ts';
import { actOnFinding, getFinding, listFindings, setThresholds, summariseFindings, thresholdsOf } from '../../domain/findings.ts';
import {
  FindingActionBodySchema,
  FindingDetailSchema,
  FindingListQuerySchema,
  FindingListSchema,
  FindingParamsSchema,
  FindingSummaryQuerySchema,
  FindingSummarySchema,
  SetThresholdsBodySchema,
  ThresholdsQuerySchema,
  ThresholdsViewSchema,
} from '../../schemas/findings.ts';
import { findingDetailView, findingSummaryView, findingView, thresholdsView } from '../finding-views.ts';
import { userRoute } from '../route.ts';

const SMALL = '16kb';

const actRoute = (action: 'acknowledge' | 'resolve', summary: string) =>
  userRoute({
    method: 'post',
    path: `/findings/:id/${action}`,
    summary,
    description: 'With an optional note for the finding’s history; audited. A finding resolved already (by the rules or by someone else) is 409 ERR_FINDING_NOT_LIVE.',
    tags: ['diagnostics'],
    action: 'finding.act',
    params: FindingParamsSchema,
    body: { schema: FindingActionBodySchema, limit: SMALL },
    responses: [{ status: 200, description: 'the finding and its history', schema: FindingDetailSchema }],
    async handle({ ctx, principal, params, body }) {
      const finding = await actOnFinding(ctx, principal, params.id, action, body.note);
      return { status: 200, body: findingDetailView(finding, await explanationReading(ctx)) };
    },
  });

export const findingRoutes = [
  userRoute({
    method: 'get',
    path: '/findings',
    summary: 'Findings of the diagnostic rules within reach (live by default), newest first, each explained in Chinese and English',
    tags: ['diagnostics'],
    action: 'finding.read',
    query: FindingListQuerySchema,
    responses: [{ status: 200, description: 'a page of findings', schema: FindingListSchema }],
    async handle({ ctx, principal, query }) {
      const page = await listFindings(ctx, principal, query);
      const reading = await explanationReading(ctx);
      return { status: 200, body: { findings: page.findings.map((finding) => findingView(finding, reading)), next: page.next } };
    },
  }),
  userRoute({
    method: 'get',
    path: '/findings/summary',
    summary: 'Live findings counted by severity, status and rule (the dashboard)',
    tags: ['diagnostics'],
    action: 'finding.read',
    query: FindingSummaryQuerySchema,
    responses: [{ status: 200, description: 'the counts', schema: FindingSummarySchema }],
    async handle({ ctx, principal, query }) {
      return { status: 200, body: findingSummaryView(await summariseFindings(ctx, principal, query)) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/findings/:id',
    summary: 'One finding and its history (opened, escalated, eased, acknowledged, resolved)',
    tags: ['diagnostics'],
    action: 'finding.read',
    params: FindingParamsSchema,
    responses: [{ status: 200, description: 'the finding', schema: FindingDetailSchema }],
    async handle({ ctx, principal, params }) {
      const finding = await getFinding(ctx, principal, params.id);
      return { status: 200, body: findingDetailView(finding, await explanationReading(ctx)) };
    },
  }),
  actRoute('acknowledge', 'Acknowledge a live finding: someone is on it (it stays live until resolved)'),
  actRoute('resolve', 'Resolve a live finding by hand (the rules will not reopen the same episode)'),
  userRoute({
    method: 'get',
    path: '/diagnostics/thresholds',
    summary: 'The threshold configuration rows that reach an organisation and the numbers that hold for it',
    tags: ['diagnostics'],
    action: 'threshold.read',
    query: ThresholdsQuerySchema,
    responses: [{ status: 200, description: 'rows and effective numbers', schema: ThresholdsViewSchema }],
    async handle({ ctx, principal, query }) {
      return { status: 200, body: thresholdsView(await thresholdsOf(ctx, principal, query.org)) };
    },
  }),
  userRoute({
    method: 'put',
    path: '/diagnostics/thresholds',
    summary: 'Set (or with settings null remove) the thresholds of one family for a subtree, optionally for one kind of organisation',
    description:
      'A row for the whole tree (org null) is an admin’s; organisers set rows at organisations in their subtree. Settings are any subset of the family’s numbers; deeper rows win, and at one organisation a kind-specific row wins. A cadence for a meeting kind never added is 422 ERR_THRESHOLD_MEETING_KIND_UNKNOWN (a retired kind’s is accepted). Audited.',
    tags: ['diagnostics'],
    action: 'threshold.update',
    body: { schema: SetThresholdsBodySchema, limit: SMALL },
    responses: [{ status: 204, description: 'stored' }],
    async handle({ ctx, principal, body }) {
      await setThresholds(ctx, principal, body);
      return { status: 204 };
    },
  }),
];
