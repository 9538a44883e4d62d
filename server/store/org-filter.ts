/**
 * Which organisations a query covers. A subtree is one range over the materialised path:
 * every path below '/1/4/' sorts at or after '/1/4/' and before '/1/40', because '0' is the
 * character after '/' and every path segment ends with '/'.
 */
export type OrgFilter = { kind: 'all' } | { kind: 'subtree'; path: string } | { kind: 'org'; path: string };

const checkedPath = (path: string): string => {
  if (!/^\/(\d+\/)+$/.test(path)) throw new RangeError(`not an organisation path: ${path}`);
  return path;
};

/** Every key that starts with `key` (which ends in '/'), and no other. */
const rangeBelow = (key: string): { low: string; high: string } => ({ low: key, high: `${key.slice(0, -1)}0` });

export const subtreeRange = (path: string): { low: string; high: string } => rangeBelow(checkedPath(path));

/**
 * The path as `organisations.sort_path` holds it (migration 023): each id after a letter that gives its number
 * of digits, '/1/4/17/' as '/A1/A4/B17/'. Its text order is the tree's order people expect: parents first, and
 * the children of one in the order they were created (id 3 before id 21, where '/1/21/' sorts before '/1/3/').
 * A subtree is one range of it, as of the path: only a descendant's key starts with '/A1/A4/', since a sibling's
 * id of as many digits is another number.
 */
export const sortablePath = (path: string): string => checkedPath(path).replace(/\d+/g, (id) => `${String.fromCharCode(64 + id.length)}${id}`);

function filterSql(column: string, filter: OrgFilter, keyOf: (path: string) => string): { sql: string; params: string[] } {
  switch (filter.kind) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'org':
      return { sql: `${column} = ?`, params: [keyOf(filter.path)] };
    case 'subtree': {
      const { low, high } = rangeBelow(keyOf(checkedPath(filter.path)));
      return { sql: `${column} >= ? AND ${column} < ?`, params: [low, high] };
    }
  }
}

/**
 * The filter as SQL over `column` with its parameters. The SQL text is one of three constants; the
 * values are always parameters.
 */
export const orgFilterSql = (column: string, filter: OrgFilter): { sql: string; params: string[] } => filterSql(column, filter, (path) => path);

/** The filter over a sort path column (`organisations.sort_path`), for a list in tree order that is one range of its index. */
export const sortPathFilterSql = (column: string, filter: OrgFilter): { sql: string; params: string[] } => filterSql(column, filter, sortablePath);

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
