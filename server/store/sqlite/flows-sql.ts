import type { ReadableDb } from '../db-handles.ts';
import { subtreeRange } from '../org-filter.ts';
import type { FlowPair, FlowReader } from '../repositories/flows.ts';
import type { DayWindow } from '../repositories/histories.ts';
import { statement } from './statements.ts';

/**
 * Each kind is grouped by organisation ids first (over its window index), then the few groups are joined
 * to their paths and kept when either end is in the subtree: the per-row work is a grouping, not joins.
 */
const PAIRS_SQL = `
  WITH grouped (kind, from_id, to_id, n) AS (
    SELECT 'transfers', from_org_id, to_org_id, count(*) FROM transfers
      WHERE status = 'accepted' AND closed_at >= @fromInstant AND closed_at < @untilInstant GROUP BY from_org_id, to_org_id
    UNION ALL
    SELECT 'mobile', h.org_id, p.org_id, count(*) FROM membership_periods p
      JOIN membership_periods h ON h.member_id = p.member_id AND h.kind = 'home' AND h.valid_from <= p.valid_from AND (h.valid_to IS NULL OR h.valid_to > p.valid_from)
      WHERE p.kind = 'mobile' AND p.valid_from >= @from AND p.valid_from < @until GROUP BY h.org_id, p.org_id
    UNION ALL
    SELECT 'checkins', home_org_id, host_org_id, count(*) FROM attendance
      WHERE cross_org = 1 AND at >= @fromInstant AND at < @untilInstant AND home_org_id IS NOT NULL GROUP BY home_org_id, host_org_id
  )
  SELECT g.kind, f.path AS fromPath, t.path AS toPath, g.n AS count
  FROM grouped g JOIN organisations f ON f.id = g.from_id JOIN organisations t ON t.id = g.to_id
  WHERE (f.path >= @low AND f.path < @high) OR (t.path >= @low AND t.path < @high)`;

export class SqliteFlowReader implements FlowReader {
  constructor(private readonly db: ReadableDb) {}

  async pairs(rootPath: string, window: DayWindow): Promise<FlowPair[]> {
    const { low, high } = subtreeRange(rootPath);
    return statement(this.db, PAIRS_SQL).all({ from: window.from, until: window.until, fromInstant: window.fromInstant, untilInstant: window.untilInstant, low, high }) as FlowPair[];
  }
}
