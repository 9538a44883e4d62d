import type { FlowCell } from '../api/pending-types.ts';
import { useMessages } from '../i18n/language.tsx';

const COLUMNS = ['transfers', 'mobile', 'checkins', 'total'] as const;

/** The same flows as numbers, largest first, with column totals: what the diagram shows, exactly. */
export function FlowTable({ flows, nameOf }: { flows: readonly FlowCell[]; nameOf(code: string): string }) {
  const m = useMessages();
  const rows = [...flows].sort((a, b) => b.total - a.total || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
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
          <tr key={`${flow.from}>${flow.to}`} data-testid={`flow-${flow.from}-${flow.to}`}>
            <td>
              {nameOf(flow.from)} <span className="code">{flow.from}</span>
            </td>
            <td>
              {nameOf(flow.to)} <span className="code">{flow.to}</span>
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
