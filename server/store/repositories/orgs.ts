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
  /** ordered by path, so parents come before their children; with `maxDepth`, none deeper than that */
  list(filter: OrgFilter, maxDepth?: number): Promise<Org[]>;
}

export interface OrgWriter {
  /** ERR_ORG_CODE_TAKEN when the code exists */
  create(org: NewOrg, actor: AuditActor): Promise<Org>;
}
