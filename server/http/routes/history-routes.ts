import { memberHistory } from '../../domain/histories/member-history.ts';
import { orgHistory } from '../../domain/histories/org-history.ts';
import { today } from '../../org-calendar.ts';
import { CsvTextSchema } from '../../schemas/exports.ts';
import { MemberHistoryQuerySchema, MemberHistorySchema, OrgHistoryQuerySchema, OrgHistorySchema } from '../../schemas/histories.ts';
import { MemberParamsSchema } from '../../schemas/members.ts';
import { OrgParamsSchema } from '../../schemas/orgs.ts';
import { CSV, csvReply, wantsCsv } from '../csv.ts';
import { memberHistoryTable, memberHistoryView, orgHistoryTable, orgHistoryView } from '../history-views.ts';
import { userRoute } from '../route.ts';

const SCOPE_NOTE =
  'Shows what touches the caller’s reach: an auditor or organiser sees their subtree, a secretary their organisation. JSON by default; `format=csv` or `Accept: text/csv` for CSV.';

export const historyRoutes = [
  userRoute({
    method: 'get',
    path: '/members/:number/history',
    summary: 'A member’s history: home periods, mobile registrations, transfer letters, and meetings attended with their evidence',
    description: `${SCOPE_NOTE} Attendance is paged newest first (cursor); the CSV holds every attendance in the window (part=attendance), or the periods, mobile registrations or transfers.`,
    tags: ['histories'],
    action: 'history.read',
    params: MemberParamsSchema,
    query: MemberHistoryQuerySchema,
    responses: [
      { status: 200, description: 'the history', schema: MemberHistorySchema },
      { status: 200, description: 'one part as CSV', schema: CsvTextSchema, media: CSV },
    ],
    async handle({ ctx, principal, params, query, req }) {
      const day = today(ctx);
      if (wantsCsv(req, query.format)) {
        return csvReply(memberHistoryTable(await memberHistory(ctx, principal, params.number, query, true), query.part, ctx.calendar, day));
      }
      return { status: 200, body: memberHistoryView(await memberHistory(ctx, principal, params.number, query), query, day) };
    },
  }),
  userRoute({
    method: 'get',
    path: '/orgs/:code/history',
    summary: 'An organisation’s organisational life: meetings held by month and kind, attendance rate per meeting, members who attended elsewhere, guests received',
    description: `${SCOPE_NOTE} The CSV holds one table (part=meetings|months|elsewhere|guests).`,
    tags: ['histories'],
    action: 'history.read',
    params: OrgParamsSchema,
    query: OrgHistoryQuerySchema,
    responses: [
      { status: 200, description: 'the history', schema: OrgHistorySchema },
      { status: 200, description: 'one table as CSV', schema: CsvTextSchema, media: CSV },
    ],
    async handle({ ctx, principal, params, query, req }) {
      const history = await orgHistory(ctx, principal, params.code, query);
      if (wantsCsv(req, query.format)) return csvReply(orgHistoryTable(history, query.part, ctx.calendar));
      return { status: 200, body: orgHistoryView(history, query) };
    },
  }),
];
