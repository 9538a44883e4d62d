import { ApiError } from '../../errors.ts';
import type { WritableDb } from '../db-handles.ts';
import { statement } from './statements.ts';

export interface HomeMove {
  memberId: number;
  fromOrgId: number;
  toOrgId: number;
  /** YYYY-MM-DD: the first day at the receiving organisation (periods end exclusively) */
  date: string;
  now: string;
}

/**
 * Membership moves by closing the open home period and opening the next one, inside the caller's
 * transaction. A period cannot be empty (valid_to > valid_from), so a home period that would close on its
 * first day is removed instead: the transfer row still records where the member came from.
 * A mobile registration at the new home organisation ends the same day, as one cannot be a guest at home.
 */
export function moveHome(db: WritableDb, move: HomeMove): void {
  const home = statement(db, `SELECT id, org_id AS orgId, valid_from AS validFrom FROM membership_periods WHERE member_id = ? AND kind = 'home' AND valid_to IS NULL`).get(
    move.memberId,
  ) as { id: number; orgId: number; validFrom: string } | undefined;
  if (!home || home.orgId !== move.fromOrgId) {
    throw new ApiError('ERR_TRANSFER_STALE', "the member's home organisation is no longer the letter's sending organisation", { member: move.memberId });
  }
  if (home.validFrom < move.date) statement(db, 'UPDATE membership_periods SET valid_to = ? WHERE id = ?').run(move.date, home.id);
  else statement(db, 'DELETE FROM membership_periods WHERE id = ?').run(home.id);
  statement(db, `INSERT INTO membership_periods (member_id, org_id, kind, valid_from, valid_to, created_at) VALUES (?, ?, 'home', ?, NULL, ?)`).run(
    move.memberId,
    move.toOrgId,
    move.date,
    move.now,
  );
  statement(
    db,
    `UPDATE membership_periods SET valid_to = ?, ended_at = ?
     WHERE member_id = ? AND org_id = ? AND kind = 'mobile' AND valid_from < ? AND (valid_to IS NULL OR valid_to > ?)`,
  ).run(move.date, move.now, move.memberId, move.toOrgId, move.date, move.date);
  statement(db, `DELETE FROM membership_periods WHERE member_id = ? AND org_id = ? AND kind = 'mobile' AND valid_from >= ?`).run(move.memberId, move.toOrgId, move.date);
}
