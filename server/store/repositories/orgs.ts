import type { OrgKind } from '../../schemas/orgs.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { AuditActor } from './audit.ts';

export interface Org {
  id: number;
  code: string;
  name: string;
  kind: OrgKind;
  parentId: number | null;
  parentCode: string | null;
  /** materialised path of ids, '/1/4/17/' */
  path: string;
  depth: number;
  createdAt: string;
}

/** An organisation with how many organisations sit directly below it, for a tree that opens one level at a time. */
export interface OrgWithChildCount extends Org {
  childCount: number;
}

export interface NewOrg {
  code: string;
  name: string;
  kind: OrgKind;
  parent: Org | null;
  now: string;
}

export interface OrgReader {
  byId(id: number): Promise<Org | undefined>;
  byCode(code: string): Promise<Org | undefined>;
  /**
   * In tree order: parents before their children, and the children of one in the order they were created; with
   * `maxDepth`, none deeper than that. With `limit`, the first so many in that order.
   */
  list(filter: OrgFilter, maxDepth?: number, limit?: number): Promise<Org[]>;
  /** those of `codes` within the filter, in tree order */
  byCodes(filter: OrgFilter, codes: readonly string[]): Promise<Org[]>;
  /**
   * Within the filter, those whose code is `text` or starts with it, or whose name contains it (letters in any
   * case): the exact code first, then in tree order; at most `limit`.
   */
  search(filter: OrgFilter, text: string, limit: number): Promise<Org[]>;
  /** the organisations directly below `parentId` within the filter, in the order they were created; at most `limit` */
  children(parentId: number, filter: OrgFilter, limit: number): Promise<OrgWithChildCount[]>;
}

export interface OrgWriter {
  /** ERR_ORG_CODE_TAKEN when the code exists */
  create(org: NewOrg, actor: AuditActor): Promise<Org>;
}
