import type { MemberStatus, PeriodKind } from '../../schemas/members.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { AuditActor } from './audit.ts';

export interface Member {
  id: number;
  memberNumber: string;
  name: string;
  idh: string;
  status: MemberStatus;
  /** YYYY-MM-DD the status took effect; null while active since registration */
  statusSince: string | null;
  statusReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MembershipPeriod {
  id: number;
  memberId: number;
  orgId: number;
  orgCode: string;
  orgPath: string;
  kind: PeriodKind;
  /** YYYY-MM-DD, inclusive */
  validFrom: string;
  /** YYYY-MM-DD, exclusive; null while open */
  validTo: string | null;
}

export interface MemberSummary {
  memberNumber: string;
  name: string;
  status: MemberStatus;
  homeOrgCode: string;
}

/** A roster line for a kiosk: the home organisation's name is what the screen shows. */
export interface RosterMember extends MemberSummary {
  homeOrgName: string;
}

export interface NewMember {
  memberNumber: string;
  name: string;
  /** AES-256-GCM output; the clear number never reaches the store */
  idNumberSealed: Uint8Array;
  idh: string;
  homeOrgId: number;
  since: string;
}

/** A status change as the domain decided it; `from` and `homePeriodId` are what it was decided against. */
export interface MemberStatusChange {
  memberId: number;
  from: MemberStatus;
  /** the home period the day and the authorisation were checked against: the open one, else the last one (null: none) */
  homePeriodId: number | null;
  to: MemberStatus;
  /** YYYY-MM-DD, the day the new status took effect */
  on: string;
  reason: string;
}

/** The changed member, and what ended with the membership (only a change to 'left' or 'deceased' ends anything). */
export interface MemberStatusOutcome {
  member: Member;
  revokedCards: string[];
  endedMobilePeriods: number[];
  cancelledTransfers: string[];
}

/** A leaving or death recorded by mistake, put right; `from` is the status it was decided against. */
export interface MemberStatusCorrection {
  memberId: number;
  from: MemberStatus;
  /** why the change was a mistake */
  reason: string;
}

/**
 * The restored member, the mistaken record, the home period open again (null when the change closed none), and
 * what the change ended that stays ended.
 */
export interface MemberStatusCorrectionOutcome {
  member: Member;
  corrected: { status: MemberStatus; since: string | null; reason: string | null };
  reopenedHomePeriod: number | null;
  revokedCards: string[];
  endedMobilePeriods: number[];
  cancelledTransfers: string[];
}

/** Per row of a batch: which unique value collided, if any. */
export type ImportRowOutcome = { ok: true } | { ok: false; conflict: 'member_number' | 'idh' };

export interface MemberReader {
  byNumber(memberNumber: string): Promise<Member | undefined>;
  byIdh(idh: string): Promise<Member | undefined>;
  periods(memberId: number): Promise<MembershipPeriod[]>;
  /** the periods (home and mobile) covering `date` */
  periodsAt(memberId: number, date: string): Promise<MembershipPeriod[]>;
  /** members whose home period on `date` is in the filter, by member number, from after `after` */
  listByHome(filter: OrgFilter, date: string, page: { after?: string; limit: number }): Promise<MemberSummary[]>;
  /** active members with a home period on `date` in the filter: what a kiosk may show on a tap */
  roster(filter: OrgFilter, date: string): Promise<RosterMember[]>;
  /**
   * The version of the roster of the tree rooted at `treePath` ('/1/'): every write that can change `roster` over that
   * tree, on any day, advances it (0 before the first). Read it before the roster, so a roster is never older than it.
   */
  rosterVersion(treePath: string): Promise<number>;
}

export interface MemberWriter {
  /** member and home period in one transaction; ERR_MEMBER_NUMBER_TAKEN / ERR_ID_NUMBER_TAKEN */
  create(member: NewMember, now: string, actor: AuditActor): Promise<Member>;
  /** every row in one transaction; a colliding row is skipped and reported, the rest are kept */
  importMany(members: NewMember[], now: string, actor: AuditActor): Promise<ImportRowOutcome[]>;
  /**
   * The new status in one transaction with what ends with the membership when it is 'left' or 'deceased':
   * the open home period closes on `on`, mobile registrations end then (those not begun by then are
   * removed), the active card is revoked and open transfer letters are cancelled, each with its audit row.
   * ERR_MEMBER_STATUS_STALE when the member's status is no longer `from`, or their home period no longer
   * `homePeriodId` (a transfer accepted meanwhile).
   */
  changeStatus(change: MemberStatusChange, now: string, actor: AuditActor): Promise<MemberStatusOutcome>;
  /**
   * Undoes a change to 'left' or 'deceased' in one transaction with its own audit row: the status, its day and
   * reason from before the change (read from the trail the change left), and the home period it closed open
   * again. Cards, mobile registrations and letters it ended stay as they are. ERR_MEMBER_STATUS_STALE when the
   * status is no longer `from`; ERR_MEMBER_MOVED_SINCE when a home period began after the change;
   * ERR_MEMBER_STATUS_HISTORY_MISSING when the trail does not hold the change.
   */
  correctStatus(correction: MemberStatusCorrection, now: string, actor: AuditActor): Promise<MemberStatusCorrectionOutcome>;
}
