import type { Role } from '../../schemas/common.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { AuditActor } from './audit.ts';

export interface User {
  id: number;
  username: string;
  /** the name the person is known by, if one was given */
  displayName: string | null;
  role: Role;
  orgId: number | null;
  orgCode: string | null;
  orgPath: string | null;
  /** the member this person is, if linked: a secretary's card then confirms acceptances at the kiosk */
  memberNumber: string | null;
  disabled: boolean;
  createdAt: string;
  /** counts up whenever the user's sessions must end; a session token issued under an older one is refused */
  sessionGeneration: number;
}

export interface NewUser {
  username: string;
  displayName?: string | null;
  passwordHash: string;
  role: Role;
  orgId: number | null;
  memberId?: number | null;
}

/** A user with the stored password hash, for signing in only. */
export interface Credentials {
  user: User;
  passwordHash: string;
}

export interface UserReader {
  byId(id: number): Promise<User | undefined>;
  /** with the stored hash, for login only */
  credentials(username: string): Promise<Credentials | undefined>;
  countAdmins(): Promise<number>;
  list(filter: OrgFilter): Promise<User[]>;
  /** member numbers linked to enabled secretaries of the organisation */
  secretaryMembers(orgId: number): Promise<string[]>;
}

export interface UserWriter {
  /** ERR_USERNAME_TAKEN when the name exists */
  create(user: NewUser, now: string, actor: AuditActor): Promise<User>;
  /** the first admin, only while there is none (one transaction); ERR_ALREADY_INITIALISED otherwise */
  createFirstAdmin(user: NewUser, now: string, actor: AuditActor): Promise<User>;
  /** links the user to a member (or unlinks with null), with its audit row */
  linkMember(userId: number, memberId: number | null, now: string, actor: AuditActor): Promise<User>;
  /** gives the user another display name (or none with null), with its audit row; the same name again changes and records nothing */
  setDisplayName(userId: number, displayName: string | null, now: string, actor: AuditActor): Promise<User>;
  /**
   * disables (or enables) the user, with its audit row (their sessions end either way); ERR_USER_ALREADY_DISABLED /
   * ERR_USER_ALREADY_ENABLED when it already is. Like every write of a person's, its audit row refuses
   * ERR_SESSION_INVALID when the actor's session has ended meanwhile: two people who disable each other at the same
   * moment do not both succeed.
   */
  setDisabled(userId: number, disabled: boolean, now: string, actor: AuditActor): Promise<User>;
  /**
   * stores a new password hash, with its audit row (which never holds the hash): `user.password` when the user
   * changed their own, `user.password.reset` when someone else set it
   */
  setPasswordHash(userId: number, passwordHash: string, how: 'changed' | 'reset', now: string, actor: AuditActor): Promise<User>;
  /**
   * gives the user another role and organisation, with its audit row; ERR_USER_ROLE_UNCHANGED when they have both
   * already, ERR_LAST_ADMIN when the user is the last enabled admin and would stop being one
   */
  changeRole(userId: number, role: Role, orgId: number | null, now: string, actor: AuditActor): Promise<User>;
}
