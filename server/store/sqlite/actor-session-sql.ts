import { assertSessionGoesOn } from '../../auth/session-standing.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type { AuditActor } from '../repositories/audit.ts';
import { statement } from './statements.ts';

/** Whether the session was signed out: one read by key, by a request as it arrives and again by a person's write. */
export const wasSignedOut = (db: ReadableDb, sessionId: string): boolean => statement(db, 'SELECT 1 FROM ended_sessions WHERE sid = ?').get(sessionId) !== undefined;

/**
 * A person's write is let in when its request arrives, and takes its turn on the write lock later: a disable, a
 * change that ends the person's sessions, or a sign-out may land in between. Inside the write's transaction this
 * checks again that the session goes on: a read of the user and one of the ended sessions, each by its key (kiosks
 * and the operator have no session and skip it).
 */
export function assertActorSessionGoesOn(db: WritableDb, actor: AuditActor): void {
  if (actor.userId === null) return;
  const account = statement(db, 'SELECT disabled_at IS NOT NULL AS disabled, session_generation AS sessionGeneration FROM users WHERE id = ?').get(actor.userId) as
    | { disabled: 0 | 1; sessionGeneration: number }
    | undefined;
  assertSessionGoesOn(account && { disabled: account.disabled === 1, sessionGeneration: account.sessionGeneration }, { generation: actor.sessionGeneration, signedOut: wasSignedOut(db, actor.sessionId) });
}
