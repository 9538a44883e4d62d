import type { PersonActor } from './audit.ts';

/** A session signed out, kept as long as a token of it could still pass. */
export interface EndedSession {
  id: string;
  /** the session's limit from its sign-in: no token of it passes after this, so the row may go then */
  expiresAt: string;
}

export interface SessionReader {
  /** true when the session was signed out: one read by key, on every request of a person */
  wasSignedOut(sessionId: string): Promise<boolean>;
}

export interface SessionWriter {
  /**
   * signs the actor's session out, and drops the rows of sessions past their limit. Like every write of a person's,
   * it checks again that the session goes on, so it is refused with ERR_SESSION_INVALID once it ended.
   */
  end(session: EndedSession, now: string, actor: PersonActor): Promise<void>;
}
