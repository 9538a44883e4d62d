import type { FlowCell } from '../api/types.ts';
import { useMessages } from '../i18n/language.tsx';

const COLUMNS = ['transfers', 'mobile', 'checkins', 'total'] as const;

/**
 * The same flows as numbers, largest first, with column totals: exactly what the diagram shows, plus the
 * movement inside one rolled-up organisation, which the diagram leaves out.
 */
export function FlowTable({ flows, nameOf }: { flows: readonly FlowCell[]; nameOf(code: string | null): string }) {
  const m = useMessages();
  const rows = [...flows].sort((a, b) => b.total - a.total || (a.from ?? '').localeCompare(b.from ?? '') || (a.to ?? '').localeCompare(b.to ?? ''));
  const sum = (column: (typeof COLUMNS)[number]): number => flows.reduce((total, flow) => total + flow[column], 0);
  return (
    <table className="table table--numbers" data-testid="flow-table">
      <thead>
        <tr>
          <th>{m.flowFrom}</th>
          <th>{m.flowTo}</th>
          {COLUMNS.map((column) => (
            <th key={column} className="number">
              {m.flowMeasures[column]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((flow) => (
          <tr key={`${flow.from ?? ''}>${flow.to ?? ''}`} data-testid={`flow-${flow.from ?? 'outside'}-${flow.to ?? 'outside'}`}>
            <td>
              {nameOf(flow.from)} {flow.from && <span className="code">{flow.from}</span>}
            </td>
            <td>
              {nameOf(flow.to)} {flow.to && <span className="code">{flow.to}</span>}
              {flow.from === flow.to && <span className="tag">{m.insideOne}</span>}
            </td>
            {COLUMNS.map((column) => (
              <td key={column} className="number" data-column={column}>
                {flow[column]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th colSpan={2}>{m.totalRow}</th>
          {COLUMNS.map((column) => (
            <td key={column} className="number" data-column={column}>
              {sum(column)}
            </td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}
