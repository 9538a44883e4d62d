import type { GRANTABLE, POLICY } from '../../../server/auth/policy.ts';
import type { Role, User } from '../api/types.ts';

/**
 * What each role may do, as far as the console needs to know to hide what a user cannot do. The server
 * decides every request (and its reach: own organisation or subtree); this table only keeps buttons away
 * from people who would be refused. It is checked against the server's own policy table at compile time:
 * a role missing here, or one here the server does not allow, is a type error.
 */
type Policy = typeof POLICY;
type RolesFor<A extends keyof Policy> = keyof Policy[A];

const ALLOWED = {
  'org.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'member.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'member.create': { admin: true, organiser: true },
  'member.import': { admin: true, organiser: true },
  'meeting.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'meeting.create': { admin: true, organiser: true, secretary: true },
  'attendance.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'transfer.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'transfer.issue': { admin: true, organiser: true, secretary: true },
  'transfer.cancel': { admin: true, organiser: true, secretary: true },
  'transfer.accept': { admin: true, organiser: true, secretary: true },
  'transfer.return': { admin: true, organiser: true, secretary: true },
  'member.period.add': { admin: true, organiser: true },
  'member.status.change': { admin: true, organiser: true },
  'member.status.correct': { admin: true },
  'mobile.update': { admin: true, organiser: true },
  'mobile.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'history.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'flow.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'finding.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'finding.act': { admin: true, organiser: true, secretary: true },
  'threshold.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'threshold.update': { admin: true, organiser: true },
  'card.revoke': { admin: true, organiser: true },
  'kiosk.read': { admin: true, organiser: true, secretary: true, auditor: true },
  'kiosk.token.create': { admin: true, organiser: true },
  'kiosk.disable': { admin: true, organiser: true },
  'alarm.read': { admin: true, organiser: true, auditor: true },
  'user.create': { admin: true, organiser: true },
  'user.disable': { admin: true, organiser: true },
  'user.password.reset': { admin: true, organiser: true },
  'user.role.change': { admin: true },
  'user.update': { admin: true, organiser: true },
  'user.display-name': { admin: true, organiser: true, secretary: true, auditor: true },
} as const satisfies { [A in keyof Policy]?: { [R in RolesFor<A>]: true } };

export type ConsoleAction = keyof typeof ALLOWED;

export const can = (user: Pick<User, 'role'>, action: ConsoleAction): boolean => (ALLOWED[action] as Partial<Record<Role, true>>)[user.role] === true;

/** The roles each role may give a new account, in the order the form offers them; the same as the server's table. */
const GRANTS = {
  admin: ['admin', 'organiser', 'secretary', 'auditor'],
  organiser: ['organiser', 'secretary', 'auditor'],
  secretary: [],
  auditor: [],
} as const satisfies typeof GRANTABLE;

export const grantableRoles = (user: Pick<User, 'role'>): readonly Role[] => GRANTS[user.role];
