import type { OrgFilter } from '../org-filter.ts';

/**
 * Who made a write: `user:alice`, `cli:operator`, `kiosk:<kid>`. A person comes with the session generation and the
 * session their request was let in with, which the write's audit row checks again (the operator and kiosks have no
 * session).
 */
export type AuditActor = { label: string; userId: null } | PersonActor;
export interface PersonActor {
  label: string;
  userId: number;
  sessionGeneration: number;
  sessionId: string;
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
