import { useEffect, useRef } from 'react';
import { SankeyChart as Sankey } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { SankeySeriesOption } from 'echarts/charts';
import type { TooltipComponentOption } from 'echarts/components';
import type { FlowCell } from '../api/types.ts';

use([Sankey, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<SankeySeriesOption | TooltipComponentOption>;

export type FlowMeasure = 'total' | 'transfers' | 'mobile' | 'checkins';

/*
 * A Sankey diagram must not have cycles, and flows between organisations usually go both ways (A → B and
 * B → A). So every organisation appears twice: on the left as a sender, on the right as a receiver. Node ids
 * carry the side; labels show only the name. Outside the chosen scope is one node on each side.
 */
const SENDER = 's:';
const RECEIVER = 'r:';
export const OUTSIDE = '*';

export interface SankeyLink {
  source: string;
  target: string;
  value: number;
}

/**
 * The links the chart draws for one measure. Movement inside one rolled-up organisation (from = to) is not a
 * flow between organisations, and zero flows would be drawn as hairlines: both are left to the table.
 */
export function sankeyLinks(flows: readonly FlowCell[], measure: FlowMeasure): SankeyLink[] {
  return flows
    .filter((flow) => flow[measure] > 0 && flow.from !== flow.to)
    .map((flow) => ({ source: SENDER + (flow.from ?? OUTSIDE), target: RECEIVER + (flow.to ?? OUTSIDE), value: flow[measure] }));
}

interface SankeyProps {
  flows: readonly FlowCell[];
  measure: FlowMeasure;
  /** organisation codes in tree order (parents first): both columns list their nodes in this order */
  order: readonly string[];
  nameOf(code: string): string;
  unit(count: number): string;
  ariaLabel: string;
}

export function SankeyChart({ flows, measure, order, nameOf, unit, ariaLabel }: SankeyProps) {
  const box = useRef<HTMLDivElement>(null);
  const chartRef = useRef<EChartsType>(undefined);
  const links = sankeyLinks(flows, measure);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = init(element, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    const resize = (): void => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chartRef.current = undefined;
      chart.dispose();
    };
  }, []);

  useEffect(() => chartRef.current?.resize());

  // Runs after every render: the chart follows the flows, the measure and the language of the labels.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    // Both columns in tree order, outside last, so an organisation sits at the same height on either side.
    const rank = (id: string): number => {
      const index = order.indexOf(id.slice(2));
      return index === -1 ? order.length : index;
    };
    const ids = [...new Set(links.flatMap((link) => [link.source, link.target]))].sort((a, b) => rank(a) - rank(b));
    const label = (id: string): string => nameOf(id.slice(2));
    const option: Option = {
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (params) => {
          const item = Array.isArray(params) ? params[0] : params;
          const data = item?.data as Partial<SankeyLink> & { name?: string };
          if (data.source !== undefined && data.target !== undefined) return `${label(data.source)} → ${label(data.target)}: ${unit(Number(data.value))}`;
          return data.name ? label(data.name) : '';
        },
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 160,
          top: 12,
          bottom: 12,
          nodeAlign: 'justify',
          nodeGap: 10,
          // No reordering: the nodes keep the tree order given above.
          layoutIterations: 0,
          draggable: false,
          emphasis: { focus: 'adjacency' },
          data: ids.map((id) => ({ name: id, itemStyle: { color: id.startsWith(SENDER) ? '#b3261e' : '#1d4f91' } })),
          links,
          label: { formatter: (params) => `${label(params.name)}  ${unit(Number(params.value))}`, color: '#1f2328', fontSize: 13 },
          lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
        },
      ],
    };
    chart.setOption(option, { notMerge: true });
  });

  // Tall enough that every organisation on the busier side gets a readable label.
  const side = Math.max(new Set(links.map((link) => link.source)).size, new Set(links.map((link) => link.target)).size);
  const height = Math.min(900, Math.max(320, side * 34));
  return <div ref={box} className="sankey" style={{ height }} role="img" aria-label={ariaLabel} data-testid="sankey" data-links={links.length} />;
}
