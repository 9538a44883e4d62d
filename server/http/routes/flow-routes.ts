import { flowMatrix } from '../../domain/flows.ts';
import { CsvTextSchema } from '../../schemas/exports.ts';
import { FlowMatrixSchema, FlowQuerySchema } from '../../schemas/flows.ts';
import { CSV, csvReply, wantsCsv } from '../csv.ts';
import { userRoute } from '../route.ts';

export const flowRoutes = [
  userRoute({
    method: 'get',
    path: '/flows',
    summary: 'Organisation → organisation flows (transfers, mobile registrations, cross-organisation check-ins) in a window, rolled up to a level below a root',
    description:
      'The root must be within the caller’s reach (secretaries: their own organisation). Movements across the subtree’s edge show the outside end as null. JSON by default; `format=csv` or `Accept: text/csv` for CSV (an empty from/to cell is outside).',
    tags: ['flows'],
    action: 'flow.read',
    query: FlowQuerySchema,
    responses: [
      { status: 200, description: 'the matrix', schema: FlowMatrixSchema },
      { status: 200, description: 'its non-empty cells as CSV', schema: CsvTextSchema, media: CSV },
    ],
    async handle({ ctx, principal, query, req }) {
      const matrix = await flowMatrix(ctx, principal, query);
      if (wantsCsv(req, query.format)) {
        const names = new Map(matrix.orgs.map((org) => [org.code, org.name]));
        const name = (code: string | null): string | null => (code === null ? null : (names.get(code) ?? null));
        return csvReply({
          name: `flows-${matrix.root.code}-level${matrix.level}`,
          columns: ['from', 'from_name', 'to', 'to_name', 'transfers', 'mobile', 'checkins', 'total'],
          rows: matrix.flows.map((cell) => [cell.from, name(cell.from), cell.to, name(cell.to), cell.transfers, cell.mobile, cell.checkins, cell.total]),
        });
      }
      return {
        status: 200,
        body: {
          root: matrix.root.code,
          rootName: matrix.root.name,
          level: matrix.level,
          from: query.from ?? null,
          to: query.to ?? null,
          orgs: matrix.orgs.map((org) => ({ code: org.code, name: org.name, depth: org.depth })),
          flows: matrix.flows,
        },
      };
    },
  }),
];
