import { ApiError } from '../../errors.ts';
import type { ReadableDb, WritableDb } from '../db-handles.ts';
import { orgFilterSql, type OrgFilter } from '../org-filter.ts';
import type { AuditActor } from '../repositories/audit.ts';
import type { Role } from '../../schemas/common.ts';
import type { Credentials, NewUser, User, UserReader, UserWriter } from '../repositories/users.ts';
import { insertAudit } from './audit-sql.ts';
import { statement, uniqueViolation } from './statements.ts';

const USER_SELECT = `SELECT u.id, u.username, u.display_name AS displayName, u.role, u.org_id AS orgId, o.code AS orgCode, o.path AS orgPath, mem.member_number AS memberNumber,
    u.disabled_at IS NOT NULL AS disabled, u.created_at AS createdAt, u.session_generation AS sessionGeneration, u.password_hash AS passwordHash
  FROM users u LEFT JOIN organisations o ON o.id = u.org_id LEFT JOIN members mem ON mem.id = u.member_id`;

interface UserRow extends Omit<User, 'disabled'> {
  disabled: 0 | 1;
  passwordHash: string;
}

const toUser = ({ passwordHash: _hash, ...row }: UserRow): User => ({ ...row, disabled: row.disabled === 1 });

const userById = (db: ReadableDb, id: number): User | undefined => {
  const row = statement(db, `${USER_SELECT} WHERE u.id = ?`).get(id) as UserRow | undefined;
  return row && toUser(row);
};

/** The user a write is about, read inside its transaction. */
function requireUser(db: WritableDb, id: number): User {
  const user = userById(db, id);
  if (!user) throw new ApiError('ERR_USER_NOT_FOUND', `no user has id ${id}`, { user: id });
  return user;
}

/** The audit row of a write to a user's account, kept with the organisation the user belongs to unless told otherwise. */
function auditUser(db: WritableDb, user: User, row: { at: string; actor: AuditActor; action: string; summary: Record<string, unknown>; orgId?: number | null }): void {
  insertAudit(db, { at: row.at, actor: row.actor, action: row.action, targetType: 'user', targetId: user.username, orgId: row.orgId ?? user.orgId, summary: row.summary });
}

export class SqliteUserReader implements UserReader {
  constructor(private readonly db: ReadableDb) {}

  async byId(id: number): Promise<User | undefined> {
    return userById(this.db, id);
  }

  async credentials(username: string): Promise<Credentials | undefined> {
    const row = statement(this.db, `${USER_SELECT} WHERE u.username = ?`).get(username) as UserRow | undefined;
    return row && { user: toUser(row), passwordHash: row.passwordHash };
  }

  async countAdmins(): Promise<number> {
    return statement(this.db, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL`).pluck().get() as number;
  }

  async list(filter: OrgFilter): Promise<User[]> {
    const where = orgFilterSql('o.path', filter);
    const scope = filter.kind === 'all' ? '1 = 1' : `u.org_id IS NOT NULL AND ${where.sql}`;
    return (statement(this.db, `${USER_SELECT} WHERE ${scope} ORDER BY u.username`).all(...where.params) as UserRow[]).map(toUser);
  }

  async secretaryMembers(orgId: number): Promise<string[]> {
    return statement(
      this.db,
      `SELECT DISTINCT m.member_number FROM users u JOIN members m ON m.id = u.member_id
       WHERE u.org_id = ? AND u.role = 'secretary' AND u.disabled_at IS NULL ORDER BY m.member_number`,
    ).pluck().all(orgId) as string[];
  }
}

export class SqliteUserWriter implements UserWriter {
  constructor(private readonly db: WritableDb) {}

  private insert(user: NewUser, now: string, actor: AuditActor): User {
    let id: number;
    try {
      id = statement(this.db, `INSERT INTO users (username, display_name, password_hash, role, org_id, member_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`)
        .pluck()
        .get(user.username, user.displayName ?? null, user.passwordHash, user.role, user.orgId, user.memberId ?? null, now) as number;
    } catch (error) {
      if (uniqueViolation(error) === 'users.username') throw new ApiError('ERR_USERNAME_TAKEN', `username ${user.username} is taken`);
      throw error;
    }
    insertAudit(this.db, {
      at: now,
      actor,
      action: 'user.create',
      targetType: 'user',
      targetId: user.username,
      orgId: user.orgId,
      summary: { after: { username: user.username, displayName: user.displayName ?? null, role: user.role, orgId: user.orgId, memberId: user.memberId ?? null } },
    });
    return userById(this.db, id) as User;
  }

  async create(user: NewUser, now: string, actor: AuditActor): Promise<User> {
    return this.db.transaction(() => this.insert(user, now, actor)).immediate();
  }

  async createFirstAdmin(user: NewUser, now: string, actor: AuditActor): Promise<User> {
    return this.db.transaction(() => {
      const admins = statement(this.db, `SELECT count(*) FROM users WHERE role = 'admin'`).pluck().get() as number;
      if (admins > 0) throw new ApiError('ERR_ALREADY_INITIALISED', 'an admin user already exists; sign in as that user to create more');
      return this.insert(user, now, actor);
    }).immediate();
  }

  async linkMember(userId: number, memberId: number | null, now: string, actor: AuditActor): Promise<User> {
    return this.db.transaction(() => {
      const before = requireUser(this.db, userId);
      statement(this.db, 'UPDATE users SET member_id = ? WHERE id = ?').run(memberId, userId);
      const after = requireUser(this.db, userId);
      auditUser(this.db, after, { at: now, actor, action: 'user.link-member', summary: { before: { member: before.memberNumber }, after: { member: after.memberNumber } } });
      return after;
    }).immediate();
  }

  async setDisplayName(userId: number, displayName: string | null, now: string, actor: AuditActor): Promise<User> {
    return this.db.transaction(() => {
      const before = requireUser(this.db, userId);
      if (before.displayName === displayName) return before;
      statement(this.db, 'UPDATE users SET display_name = ? WHERE id = ?').run(displayName, userId);
      const after = requireUser(this.db, userId);
      auditUser(this.db, after, { at: now, actor, action: 'user.display-name', summary: { before: { displayName: before.displayName }, after: { displayName: after.displayName } } });
      return after;
    }).immediate();
  }

  async setDisabled(userId: number, disabled: boolean, now: string, actor: AuditActor): Promise<User> {
    return this.db.transaction(() => {
      // Disabling ends the user's sessions for good: enabling them again does not bring those back.
      const changed = statement(
        this.db,
        `UPDATE users SET disabled_at = ?, session_generation = session_generation + ? WHERE id = ? AND (disabled_at IS NULL) = ?`,
      ).run(disabled ? now : null, disabled ? 1 : 0, userId, disabled ? 1 : 0).changes;
      const user = requireUser(this.db, userId);
      if (changed === 0) {
        throw disabled
          ? new ApiError('ERR_USER_ALREADY_DISABLED', `user ${user.username} is disabled already`, { user: userId })
          : new ApiError('ERR_USER_ALREADY_ENABLED', `user ${user.username} is not disabled`, { user: userId });
      }
      auditUser(this.db, user, { at: now, actor, action: disabled ? 'user.disable' : 'user.enable', summary: { before: { disabled: !disabled }, after: { disabled } } });
      return user;
    }).immediate();
  }

  async setPasswordHash(userId: number, passwordHash: string, how: 'changed' | 'reset', now: string, actor: AuditActor): Promise<User> {
    return this.db.transaction(() => {
      // The row goes in before the change: it checks the asking session, which changing one's own password ends.
      auditUser(this.db, requireUser(this.db, userId), {
        at: now,
        actor,
        action: how === 'changed' ? 'user.password' : 'user.password.reset',
        summary: how === 'changed' ? { changed: 'password' } : { reset: 'password' },
      });
      statement(this.db, 'UPDATE users SET password_hash = ?, session_generation = session_generation + 1 WHERE id = ?').run(passwordHash, userId);
      return requireUser(this.db, userId);
    }).immediate();
  }

  async changeRole(userId: number, role: Role, orgId: number | null, now: string, actor: AuditActor): Promise<User> {
    return this.db.transaction(() => {
      const before = requireUser(this.db, userId);
      if (before.role === role && before.orgId === orgId) {
        throw new ApiError('ERR_USER_ROLE_UNCHANGED', `user ${before.username} has that role and organisation already`, { user: userId });
      }
      if (before.role === 'admin' && role !== 'admin' && !before.disabled) {
        const admins = statement(this.db, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL`).pluck().get() as number;
        if (admins <= 1) throw new ApiError('ERR_LAST_ADMIN', `${before.username} is the last admin; make another user an admin first`, { user: userId });
      }
      const orgCode = orgId === null ? null : (statement(this.db, 'SELECT code FROM organisations WHERE id = ?').pluck().get(orgId) as string);
      // The row goes in before the change: it checks the asking session, which an admin changing their own role ends.
      auditUser(this.db, before, {
        at: now,
        actor,
        action: 'user.role',
        // An admin has no organisation: the row then belongs where the user was, so that subtree still sees it.
        orgId: orgId ?? before.orgId,
        summary: { before: { role: before.role, org: before.orgCode }, after: { role, org: orgCode } },
      });
      statement(this.db, 'UPDATE users SET role = ?, org_id = ?, session_generation = session_generation + 1 WHERE id = ?').run(role, orgId, userId);
      return requireUser(this.db, userId);
    }).immediate();
  }
}
