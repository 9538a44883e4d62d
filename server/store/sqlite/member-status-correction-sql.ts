import { ApiError } from '../../errors.ts';
import type { MemberStatus } from '../../schemas/members.ts';
import type { WritableDb } from '../db-handles.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { MemberStatusCorrection, MemberStatusCorrectionOutcome } from '../repositories/members.ts';
import { insertAudit } from './audit-sql.ts';
import { statement } from './statements.ts';

/** What a status row of the trail holds ('member.status' from member-status-sql.ts, 'member.status.correct' from here). */
interface StatusSummary {
  before?: { status: MemberStatus; since: string | null };
  after: { status: MemberStatus; since: string | null; reason: string | null };
  revokedCards?: string[];
  endedMobilePeriods?: number[];
  cancelledTransfers?: string[];
}

/** The member's status history, newest first: the change to correct, and the one before it. */
function latestStatusRows(db: WritableDb, memberNumber: string): { id: number; action: string; summary: StatusSummary }[] {
  const rows = statement(
    db,
    `SELECT id, action, summary FROM audit_log
     WHERE target_type = 'member' AND target_id = ? AND action IN ('member.status', 'member.status.correct')
     ORDER BY id DESC LIMIT 2`,
  ).all(memberNumber) as { id: number; action: string; summary: string }[];
  return rows.map((row) => ({ ...row, summary: JSON.parse(row.summary) as StatusSummary }));
}

/** The correction and its audit row, inside the caller's transaction; the member row is read back by the caller. */
export function applyStatusCorrection(db: WritableDb, correction: MemberStatusCorrection, now: string, actor: AuditActor): Omit<MemberStatusCorrectionOutcome, 'member'> & { memberNumber: string } {
  const current = statement(db, 'SELECT member_number AS memberNumber, status, status_since AS since, status_reason AS reason FROM members WHERE id = ?').get(correction.memberId) as
    | { memberNumber: string; status: MemberStatus; since: string | null; reason: string | null }
    | undefined;
  if (!current || current.status !== correction.from) {
    throw new ApiError('ERR_MEMBER_STATUS_STALE', "the member's status changed while this was being saved; look at the member again and correct it if it is still needed", {
      status: current?.status ?? null,
    });
  }
  const [mistaken, previous] = latestStatusRows(db, current.memberNumber);
  const before = mistaken?.action === 'member.status' && mistaken.summary.after.status === current.status && mistaken.summary.after.since === current.since ? mistaken.summary.before : undefined;
  if (!mistaken || !before || current.since === null) {
    throw new ApiError('ERR_MEMBER_STATUS_HISTORY_MISSING', `the audit trail does not hold the change that recorded member ${current.memberNumber} as ${current.status}, so the status before it is unknown; ask the server's operator to look into it`, {
      status: current.status,
    });
  }

  // The change closed the open home period on its day; any home period since then means the member was moved.
  const home = statement(
    db,
    `SELECT p.id, p.org_id AS orgId, o.code AS orgCode, p.valid_from AS validFrom, p.valid_to AS validTo
     FROM membership_periods p JOIN organisations o ON o.id = p.org_id
     WHERE p.member_id = ? AND p.kind = 'home' ORDER BY p.valid_from DESC, p.id DESC LIMIT 1`,
  ).get(correction.memberId) as { id: number; orgId: number; orgCode: string; validFrom: string; validTo: string | null } | undefined;
  if (home && (home.validTo === null || home.validFrom >= current.since)) {
    throw new ApiError(
      'ERR_MEMBER_MOVED_SINCE',
      `member ${current.memberNumber} has belonged to ${home.orgCode} since ${home.validFrom}, after being recorded as ${current.status} on ${current.since}, so the earlier home period cannot be opened again; ask the server's operator to put the membership periods right first`,
      { org: home.orgCode, from: home.validFrom },
    );
  }
  const reopened = home?.validTo === current.since ? home : undefined;
  if (reopened) statement(db, 'UPDATE membership_periods SET valid_to = NULL WHERE id = ?').run(reopened.id);

  // The reason kept on the member is the one of the change before the mistaken one (none before any change).
  const restored = { status: before.status, since: before.since, reason: previous?.summary.after.reason ?? null };
  statement(db, 'UPDATE members SET status = ?, status_since = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(
    restored.status,
    restored.since,
    restored.reason,
    now,
    correction.memberId,
  );
  insertAudit(db, {
    at: now,
    actor,
    action: 'member.status.correct',
    targetType: 'member',
    targetId: current.memberNumber,
    orgId: home?.orgId ?? null,
    summary: {
      before: { status: current.status, since: current.since, reason: current.reason },
      after: restored,
      reason: correction.reason,
      corrects: mistaken.id,
      ...(reopened && { reopenedHomePeriod: reopened.id }),
    },
  });
  return {
    memberNumber: current.memberNumber,
    corrected: { status: current.status, since: current.since, reason: current.reason },
    reopenedHomePeriod: reopened?.id ?? null,
    revokedCards: mistaken.summary.revokedCards ?? [],
    endedMobilePeriods: mistaken.summary.endedMobilePeriods ?? [],
    cancelledTransfers: mistaken.summary.cancelledTransfers ?? [],
  };
}
