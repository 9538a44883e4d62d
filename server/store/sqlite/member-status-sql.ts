import { ApiError } from '../../errors.ts';
import { endsMembership } from '../../schemas/members.ts';
import type { WritableDb } from '../db-handles.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { MemberStatusChange, MemberStatusOutcome } from '../repositories/members.ts';
import { insertAudit } from './audit-sql.ts';
import { bumpRevocations } from './cards-sql.ts';
import { statement } from './statements.ts';

type Ended = Omit<MemberStatusOutcome, 'member'>;

/**
 * The membership ends on `on`, inside the caller's transaction: the open home period closes, mobile
 * registrations running then end (ended_at, as when a person ends one) and those not yet begun are removed,
 * the active card is revoked from now (the next revocation list carries it, so kiosks refuse it), and open
 * letters are cancelled: nobody is left to report to the receiver.
 */
function endMembership(db: WritableDb, change: MemberStatusChange, homeOrgId: number | null, now: string, actor: AuditActor): Ended {
  const { memberId, on, reason } = change;
  statement(db, `UPDATE membership_periods SET valid_to = ? WHERE member_id = ? AND kind = 'home' AND valid_to IS NULL`).run(on, memberId);
  const ended = statement(
    db,
    `UPDATE membership_periods SET valid_to = ?, ended_at = ?
     WHERE member_id = ? AND kind = 'mobile' AND valid_from < ? AND (valid_to IS NULL OR valid_to > ?) RETURNING id`,
  ).pluck().all(on, now, memberId, on, on) as number[];
  const removed = statement(db, `DELETE FROM membership_periods WHERE member_id = ? AND kind = 'mobile' AND valid_from >= ? RETURNING id`).pluck().all(memberId, on) as number[];

  const cards = statement(
    db,
    `UPDATE cards SET status = 'revoked', status_changed_at = ? WHERE member_id = ? AND status = 'active' RETURNING csn`,
  ).pluck().all(now, memberId) as string[];
  if (cards.length > 0) bumpRevocations(db, now);
  for (const csn of cards) {
    insertAudit(db, {
      at: now,
      actor,
      action: 'card.revoke',
      targetType: 'card',
      targetId: csn,
      orgId: homeOrgId,
      summary: { before: { status: 'active' }, after: { status: 'revoked' }, memberStatus: change.to },
    });
  }

  const letters = statement(
    db,
    `UPDATE transfers SET status = 'cancelled', closed_at = ?, closed_by = ?, close_reason = ?
     WHERE member_id = ? AND status = 'issued' AND expires_at > ? RETURNING id, from_org_id AS fromOrgId`,
  ).all(now, actor.label, reason, memberId, now) as { id: string; fromOrgId: number }[];
  for (const letter of letters) {
    insertAudit(db, {
      at: now,
      actor,
      action: 'transfer.cancel',
      targetType: 'transfer',
      targetId: letter.id,
      orgId: letter.fromOrgId,
      summary: { before: { status: 'issued' }, after: { status: 'cancelled', reason }, memberStatus: change.to },
    });
  }
  return { revokedCards: cards, endedMobilePeriods: [...ended, ...removed], cancelledTransfers: letters.map((letter) => letter.id) };
}

/** The status change and its consequences, inside the caller's transaction; the member row is read back by the caller. */
export function applyStatusChange(db: WritableDb, change: MemberStatusChange, now: string, actor: AuditActor): Ended & { memberNumber: string } {
  const before = statement(db, 'SELECT member_number AS memberNumber, status, status_since AS since FROM members WHERE id = ?').get(change.memberId) as
    | { memberNumber: string; status: string; since: string | null }
    | undefined;
  // The home period responsible (the open one, else the last), read before it closes: the trail stays visible to its
  // organisation's subtree. A transfer accepted since the change was decided makes it another period, whose first day
  // the change's day was never checked against (a period cannot end on or before its first day).
  const home = statement(db, `SELECT id, org_id AS orgId FROM membership_periods WHERE member_id = ? AND kind = 'home' ORDER BY valid_to IS NULL DESC, valid_from DESC, id DESC LIMIT 1`).get(
    change.memberId,
  ) as { id: number; orgId: number } | undefined;
  if (!before || before.status !== change.from || (home?.id ?? null) !== change.homePeriodId) {
    throw new ApiError('ERR_MEMBER_STATUS_STALE', "the member's status changed while this was being saved; look at the member again and repeat the change if it is still needed", {
      status: before?.status ?? null,
    });
  }
  const homeOrgId = home?.orgId ?? null;
  statement(db, 'UPDATE members SET status = ?, status_since = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(change.to, change.on, change.reason, now, change.memberId);
  const ended: Ended = endsMembership(change.to) ? endMembership(db, change, homeOrgId, now, actor) : { revokedCards: [], endedMobilePeriods: [], cancelledTransfers: [] };
  insertAudit(db, {
    at: now,
    actor,
    action: 'member.status',
    targetType: 'member',
    targetId: before.memberNumber,
    orgId: homeOrgId,
    summary: {
      before: { status: before.status, since: before.since },
      after: { status: change.to, since: change.on, reason: change.reason },
      ...(ended.revokedCards.length > 0 && { revokedCards: ended.revokedCards }),
      ...(ended.endedMobilePeriods.length > 0 && { endedMobilePeriods: ended.endedMobilePeriods }),
      ...(ended.cancelledTransfers.length > 0 && { cancelledTransfers: ended.cancelledTransfers }),
    },
  });
  return { ...ended, memberNumber: before.memberNumber };
}
