import type { ReadableDb, WritableDb } from '../db-handles.ts';
import type { PersonActor } from '../repositories/audit.ts';
import type { EndedSession, SessionReader, SessionWriter } from '../repositories/sessions.ts';
import { assertActorSessionGoesOn } from './actor-session-sql.ts';
import { statement } from './statements.ts';

export class SqliteSessionReader implements SessionReader {
  constructor(private readonly db: ReadableDb) {}

  async wasSignedOut(sessionId: string): Promise<boolean> {
    return statement(this.db, 'SELECT 1 FROM ended_sessions WHERE sid = ?').get(sessionId) !== undefined;
  }
}

export class SqliteSessionWriter implements SessionWriter {
  constructor(private readonly db: WritableDb) {}

  async end(session: EndedSession, now: string, actor: PersonActor): Promise<void> {
    this.db
      .transaction(() => {
        assertActorSessionGoesOn(this.db, actor);
        statement(this.db, 'INSERT INTO ended_sessions (sid, ended_at, expires_at) VALUES (?, ?, ?)').run(session.id, now, session.expiresAt);
        statement(this.db, 'DELETE FROM ended_sessions WHERE expires_at <= ?').run(now);
      })
      .immediate();
  }
}
