import type { OrgFilter } from '../org-filter.ts';

/** Who made a write: `user:alice`, `cli:operator`, `kiosk:<kid>`. */
export interface AuditActor {
  label: string;
  userId: number | null;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  orgCode: string | null;
  summary: Record<string, unknown>;
}

export interface AuditReader {
  /** newest first; entries without an organisation (issuer keys) only appear for the 'all' filter */
  list(filter: OrgFilter, page: { before?: number; limit: number }): Promise<AuditRecord[]>;
}
