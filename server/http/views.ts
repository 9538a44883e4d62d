import type { TalliedMeeting } from '../domain/meetings.ts';
import type { MemberStatusCorrected } from '../domain/member-status.ts';
import type { MemberDetails } from '../domain/members.ts';
import type { RefusedCheckin } from '../domain/refused-checkins.ts';
import type { AuditEntrySchema } from '../schemas/audit.ts';
import type { CardView } from '../schemas/cards.ts';
import type { KioskListEntryView, KioskView } from '../schemas/kiosks.ts';
import type { AttendanceEntrySchema, MeetingView, RefusedCheckinView } from '../schemas/meetings.ts';
import type { MemberStatusCorrectionView, MemberSummarySchema, MemberView } from '../schemas/members.ts';
import type { OrgChildView, OrgView } from '../schemas/orgs.ts';
import type { UserView } from '../schemas/users.ts';
import type { AttendanceRecord } from '../store/repositories/attendance.ts';
import type { AuditRecord } from '../store/repositories/audit.ts';
import type { Card } from '../store/repositories/cards.ts';
import type { Kiosk, ListedKiosk } from '../store/repositories/kiosks.ts';
import type { MemberSummary } from '../store/repositories/members.ts';
import type { Org, OrgWithChildCount } from '../store/repositories/orgs.ts';
import type { User } from '../store/repositories/users.ts';
import type { z } from 'zod';

/** Stored records → the API's shapes. Internal ids and paths stay inside; organisations appear by code. */
export const orgView = (org: Org): OrgView => ({
  code: org.code,
  name: org.name,
  kind: org.kind,
  parent: org.parentCode,
  depth: org.depth,
  createdAt: org.createdAt,
});

export const orgChildView = (org: OrgWithChildCount): OrgChildView => ({ ...orgView(org), childCount: org.childCount });

export const cardView = (card: Card): CardView => ({
  csn: card.csn,
  member: card.memberNumber,
  iss: card.iss,
  issuerKid: card.issuerKid,
  status: card.status,
  issuedAt: card.issuedAt,
  expiresAt: card.expiresAt,
  statusChangedAt: card.statusChangedAt,
  replacedBy: card.replacedBy,
  highestCounter: card.highestCounter,
});

export const memberView = (details: MemberDetails): MemberView => ({
  memberNumber: details.member.memberNumber,
  name: details.member.name,
  status: details.member.status,
  statusSince: details.member.statusSince,
  statusReason: details.member.statusReason,
  idh: details.member.idh,
  homeOrg: details.homeOrgCode,
  periods: details.periods.map((period) => ({ org: period.orgCode, kind: period.kind, from: period.validFrom, to: period.validTo })),
  cards: details.cards.map(cardView),
});

export const memberStatusCorrectionView = (corrected: MemberStatusCorrected): MemberStatusCorrectionView => ({
  member: memberView(corrected.details),
  corrected: corrected.corrected,
  reopenedHome: corrected.reopenedHome && { org: corrected.reopenedHome.orgCode, kind: corrected.reopenedHome.kind, from: corrected.reopenedHome.validFrom, to: corrected.reopenedHome.validTo },
  newCardNeeded: corrected.revokedCards.length > 0,
  revokedCards: corrected.revokedCards,
  endedMobilePeriods: corrected.endedMobilePeriods,
  cancelledTransfers: corrected.cancelledTransfers,
});

export const memberSummaryView = (member: MemberSummary): z.infer<typeof MemberSummarySchema> => ({
  memberNumber: member.memberNumber,
  name: member.name,
  status: member.status,
  homeOrg: member.homeOrgCode,
});

export const userView = (user: User): UserView => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  org: user.orgCode,
  member: user.memberNumber,
  disabled: user.disabled,
  createdAt: user.createdAt,
});

export const kioskView = (kiosk: Kiosk): KioskView => ({
  kid: kiosk.kid,
  name: kiosk.name,
  org: kiosk.orgCode,
  enrolledAt: kiosk.enrolledAt,
  disabledAt: kiosk.disabledAt,
});

export const kioskListEntryView = (kiosk: ListedKiosk): KioskListEntryView => ({
  ...kioskView(kiosk),
  lastSeenAt: kiosk.lastSeenAt,
  clockOffsetSeconds: kiosk.skewSeconds,
  outboxPending: kiosk.outboxPending,
  outboxReportedAt: kiosk.pendingReportedAt,
});

export const meetingView = (meeting: TalliedMeeting): MeetingView => ({
  id: meeting.id,
  org: meeting.orgCode,
  kind: meeting.kind,
  title: meeting.title,
  place: meeting.place,
  startsAt: meeting.startsAt,
  endsAt: meeting.endsAt,
  origin: meeting.origin,
  status: meeting.status,
  closedAt: meeting.closedAt,
  createdAt: meeting.createdAt,
  checkedIn: meeting.checkedIn,
  refused: meeting.refused,
});

export const attendanceView = (record: AttendanceRecord): z.infer<typeof AttendanceEntrySchema> => ({
  member: record.memberNumber,
  name: record.memberName,
  homeOrg: record.homeOrgCode,
  hostOrg: record.hostOrgCode,
  crossOrg: record.crossOrg,
  attendedAs: record.attendedAs,
  guest: record.attendedAs !== 'home',
  votingRights: record.attendedAs === 'home',
  at: record.at,
  recordedAt: record.recordedAt,
  eventId: record.eventId,
  card: record.cardCsn,
  kiosk: record.kioskKid,
});

export const refusedCheckinView = (refused: RefusedCheckin): RefusedCheckinView => ({
  member: refused.memberNumber,
  name: refused.memberName,
  nameOnCard: refused.nameOnCard,
  card: refused.card,
  counted: refused.counted,
  at: refused.at,
  receivedAt: refused.receivedAt,
  kiosk: refused.kioskKid,
  kioskName: refused.kioskName,
  code: refused.code,
  reason: refused.reason,
  eventId: refused.eventId,
});

export const auditView = (record: AuditRecord): z.infer<typeof AuditEntrySchema> => ({
  id: record.id,
  at: record.at,
  actor: record.actor,
  action: record.action,
  targetType: record.targetType,
  targetId: record.targetId,
  org: record.orgCode,
  summary: record.summary,
});
