import type { PersonActor } from './audit.ts';

export interface SessionReader {
  /** true when the session was signed out: one read by key, on every request of a person */
  wasSignedOut(sessionId: string): Promise<boolean>;
}

export interface SessionWriter {
  /**
   * signs the actor's session out, its row kept until `expiresAt` (the session's limit from its sign-in: no token of it
   * passes after that), and drops the rows past theirs. Like every write of a person's, it checks again that the
   * session goes on, so it is refused with ERR_SESSION_INVALID once it ended.
   */
  end(expiresAt: string, now: string, actor: PersonActor): Promise<void>;
}
