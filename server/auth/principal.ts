import type { Role } from '../schemas/common.ts';
import type { AuditActor } from '../store/repositories/audit.ts';

/** A signed-in person, as loaded fresh from the store for each request. */
export interface SessionUser {
  id: number;
  username: string;
  role: Role;
  orgId: number | null;
  orgCode: string | null;
  /** materialised path of the user's organisation; null for admins */
  orgPath: string | null;
  /** the user's session generation the request's session was checked against */
  sessionGeneration: number;
}

/** The session a person's request came with: the same through every renewal of it. */
export interface SessionInUse {
  id: string;
  /** when it was signed in to, which its limit counts from */
  startedAt: Date;
}

/**
 * Who is asking. `operator` is the person running the admin command on the server machine: holding the
 * data folder already gives full control, so the command is not limited by roles, but it is audited.
 */
export type Principal = { kind: 'user'; user: SessionUser; session: SessionInUse } | { kind: 'operator'; name: string };

export const auditActorOf = (principal: Principal): AuditActor =>
  principal.kind === 'user'
    ? { label: `user:${principal.user.username}`, userId: principal.user.id, sessionGeneration: principal.user.sessionGeneration, sessionId: principal.session.id }
    : { label: `cli:${principal.name}`, userId: null };
