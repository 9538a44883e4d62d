import type { TestServer } from './test-server.ts';

export interface LargeTreeShape {
  committees: number;
  /** general branches under each committee */
  generals: number;
  /** branches under each general branch */
  branches: number;
}

/** The code and name of one branch of a large tree, to look for. */
export const largeTreeBranch = (prefix: string, committee: number, general: number, branch: number): { code: string; name: string } => ({
  code: `${prefix}-${committee}-${general}-${branch}`,
  name: `第${committee}镇第${general}总支第${branch}党支部`,
});

/**
 * A county-sized tree many times over below `parent`, written straight into the server's database in one
 * transaction (through the API, 20,000 organisations would take minutes): committees `${prefix}-c` named
 * 第c镇党委, general branches `${prefix}-c-g` named 第c镇第g党总支, branches as `largeTreeBranch` names them.
 * Returns how many organisations it added.
 */
export function addLargeTree(t: TestServer, parent: string, prefix: string, shape: LargeTreeShape): number {
  const db = t.server.store.handles.writable;
  const top = db.prepare('SELECT id, path, depth FROM organisations WHERE code = ?').get(parent) as { id: number; path: string; depth: number } | undefined;
  if (!top) throw new Error(`no organisation ${parent} to grow a tree below`);
  let id = (db.prepare('SELECT max(id) FROM organisations').pluck().get() as number) + 1;
  const insert = db.prepare('INSERT INTO organisations (id, code, name, kind, parent_id, path, depth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const created = new Date().toISOString();
  const add = (code: string, name: string, kind: string, above: { id: number; path: string; depth: number }): { id: number; path: string; depth: number } => {
    const org = { id, path: `${above.path}${id}/`, depth: above.depth + 1 };
    id += 1;
    insert.run(org.id, code, name, kind, above.id, org.path, org.depth, created);
    return org;
  };
  let count = 0;
  db.transaction(() => {
    for (let c = 1; c <= shape.committees; c++) {
      const committee = add(`${prefix}-${c}`, `第${c}镇党委`, 'committee', top);
      count++;
      for (let g = 1; g <= shape.generals; g++) {
        const general = add(`${prefix}-${c}-${g}`, `第${c}镇第${g}党总支`, 'general_branch', committee);
        count++;
        for (let b = 1; b <= shape.branches; b++) {
          const branch = largeTreeBranch(prefix, c, g, b);
          add(branch.code, branch.name, 'branch', general);
          count++;
        }
      }
    }
  })();
  return count;
}
