import type { AlarmType } from '../../schemas/alarms.ts';
import type { OrgFilter } from '../org-filter.ts';

export interface Alarm {
  id: number;
  type: AlarmType;
  kioskKid: string;
  kioskName: string;
  orgCode: string;
  csn: string | null;
  eventIds: string[];
  at: string;
  details: Record<string, unknown>;
}

export interface AlarmReader {
  /** newest first; `before` pages by id */
  list(filter: OrgFilter, query: { type?: AlarmType; before?: number; limit: number }): Promise<Alarm[]>;
}
