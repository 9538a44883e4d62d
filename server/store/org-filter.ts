/**
 * Which organisations a query covers. A subtree is one range over the materialised path:
 * every path below '/1/4/' sorts at or after '/1/4/' and before '/1/40', because '0' is the
 * character after '/' and every path segment ends with '/'.
 */
export type OrgFilter = { kind: 'all' } | { kind: 'subtree'; path: string } | { kind: 'org'; path: string };

export function subtreeRange(path: string): { low: string; high: string } {
  if (!/^\/(\d+\/)+$/.test(path)) throw new RangeError(`not an organisation path: ${path}`);
  return { low: path, high: `${path.slice(0, -1)}0` };
}

/**
 * The filter as SQL over `column` with its parameters. The SQL text is one of three constants; the
 * values are always parameters.
 */
export function orgFilterSql(column: string, filter: OrgFilter): { sql: string; params: string[] } {
  switch (filter.kind) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'org':
      return { sql: `${column} = ?`, params: [filter.path] };
    case 'subtree': {
      const { low, high } = subtreeRange(filter.path);
      return { sql: `${column} >= ? AND ${column} < ?`, params: [low, high] };
    }
  }
}

/**
 * True when any of `columns` is within the filter: a row that concerns two organisations (a letter's sender
 * and receiver, an attendance's host and the member's home) shows when either is in reach.
 */
export function anyOrgFilterSql(columns: readonly string[], filter: OrgFilter): { sql: string; params: string[] } {
  const parts = columns.map((column) => orgFilterSql(column, filter));
  return { sql: `(${parts.map((part) => `(${part.sql})`).join(' OR ')})`, params: parts.flatMap((part) => part.params) };
}

export const isWithin = (path: string, filter: OrgFilter): boolean =>
  filter.kind === 'all' || (filter.kind === 'org' ? path === filter.path : path.startsWith(filter.path));
