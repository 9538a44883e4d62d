import type { Role } from '../../schemas/common.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { AuditActor } from './audit.ts';

export interface User {
  id: number;
  username: string;
  role: Role;
  orgId: number | null;
  orgCode: string | null;
  orgPath: string | null;
  disabled: boolean;
  createdAt: string;
}

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
  orgId: number | null;
}

export interface UserReader {
  byId(id: number): Promise<User | undefined>;
  /** with the stored hash, for login only */
  credentials(username: string): Promise<{ user: User; passwordHash: string } | undefined>;
  countAdmins(): Promise<number>;
  list(filter: OrgFilter): Promise<User[]>;
}

export interface UserWriter {
  /** ERR_USERNAME_TAKEN when the name exists */
  create(user: NewUser, now: string, actor: AuditActor): Promise<User>;
  /** the first admin, only while there is none (one transaction); ERR_ALREADY_INITIALISED otherwise */
  createFirstAdmin(user: NewUser, now: string, actor: AuditActor): Promise<User>;
}
