import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type { PersonActor } from '../repositories/audit.ts';
import type { SessionReader, SessionWriter } from '../repositories/sessions.ts';
import { assertActorSessionGoesOn, wasSignedOut } from './actor-session-sql.ts';
import { statement } from './statements.ts';

export class SqliteSessionReader implements SessionReader {
  constructor(private readonly db: ReadableDb) {}

  async wasSignedOut(sessionId: string): Promise<boolean> {
    return wasSignedOut(this.db, sessionId);
  }
}

export class SqliteSessionWriter implements SessionWriter {
  constructor(private readonly db: WritableDb) {}

  async end(expiresAt: string, now: string, actor: PersonActor): Promise<void> {
    this.db
      .transaction(() => {
        assertActorSessionGoesOn(this.db, actor);
        statement(this.db, 'INSERT INTO ended_sessions (sid, ended_at, expires_at) VALUES (?, ?, ?)').run(actor.sessionId, now, expiresAt);
        statement(this.db, 'DELETE FROM ended_sessions WHERE expires_at <= ?').run(now);
      })
      .immediate();
  }
}
