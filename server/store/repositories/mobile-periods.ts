import type { MobileStatus } from '../../schemas/mobile-periods.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { AuditActor } from './audit.ts';

/** A mobile registration: a membership period of kind 'mobile' at the host (inflow) organisation. */
export interface MobilePeriod {
  id: number;
  memberId: number;
  memberNumber: string;
  memberName: string;
  orgId: number;
  orgCode: string;
  orgName: string;
  orgPath: string;
  /** the member's home organisation on the first day of the period */
  homeOrgCode: string | null;
  homeOrgName: string | null;
  homeOrgPath: string | null;
  /** YYYY-MM-DD, inclusive */
  validFrom: string;
  /** YYYY-MM-DD, exclusive; null while open-ended */
  validTo: string | null;
  reason: string | null;
  /** set when a person (or a transfer to the host) ended the period before its end */
  endedAt: string | null;
  createdAt: string;
}

export interface NewMobilePeriod {
  memberId: number;
  orgId: number;
  validFrom: string;
  validTo: string | null;
  reason: string | null;
}

export interface MobileListFilter {
  /** applied to the host or the home organisation: either within reach shows the period */
  scope: OrgFilter;
  memberId?: number;
  status?: MobileStatus;
  /** YYYY-MM-DD the status is judged on */
  today: string;
  /** ids descending: the page starts below this id */
  before?: number;
  limit: number;
}

export interface MobilePeriodReader {
  byId(id: number): Promise<MobilePeriod | undefined>;
  list(filter: MobileListFilter): Promise<MobilePeriod[]>;
}

/**
 * Each method checks what a registration must be in its own transaction, against the rows as they are when its turn
 * comes, so two changes sent at once are each judged on what the other left.
 */
export interface MobilePeriodWriter {
  /**
   * ERR_MEMBER_STATUS_FINAL when the member is recorded as left or deceased; ERR_PERIOD_INVALID when the host is the
   * member's home organisation on the first day; ERR_PERIOD_OVERLAPS when the member has another mobile period in that
   * time (one host at a time)
   */
  register(period: NewMobilePeriod, now: string, actor: AuditActor): Promise<MobilePeriod>;
  /**
   * moves the end later: ERR_MOBILE_PERIOD_CLOSED when the period ended or lapsed by `today`; ERR_PERIOD_INVALID when it
   * is open-ended or `to` is not after its end; ERR_PERIOD_OVERLAPS as for register
   */
  extend(id: number, to: string, today: string, now: string, actor: AuditActor): Promise<MobilePeriod>;
  /**
   * ends the period on `on` (exclusive) and marks it ended early: ERR_MOBILE_PERIOD_CLOSED as for extend;
   * ERR_PERIOD_INVALID when `on` is before `today`, not after the first day, or not before the end
   */
  end(id: number, on: string, today: string, now: string, actor: AuditActor): Promise<MobilePeriod>;
}
