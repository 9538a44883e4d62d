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

export interface AlarmQuery {
  /** one kiosk's alarms (its kid) */
  kiosk?: string;
  type?: AlarmType;
  /** only alarms with a smaller id: the page after the one that ended there */
  before?: number;
  limit: number;
}

export interface AlarmReader {
  /** newest first */
  list(filter: OrgFilter, query: AlarmQuery): Promise<Alarm[]>;
}
