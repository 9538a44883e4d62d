import type { Role } from '../schemas/common.ts';
import type { Action } from './policy.ts';

/** What each action of the policy lets a person do, in the words a refusal says it with ("… may not see user accounts"). */
export const ACTION_WORDS = {
  'org.create': 'create organisations',
  'org.read': 'see organisations',
  'member.create': 'register members',
  'member.import': 'import members from a file',
  'member.read': 'see members',
  'member.period.add': 'register mobile members',
  'member.status.change': "change a member's status",
  'member.status.correct': 'correct a leaving or death recorded by mistake',
  'user.create': 'create user accounts',
  'user.read': 'see user accounts',
  'user.disable': 'disable or enable user accounts',
  'user.update': 'link user accounts to members',
  'user.password.reset': 'reset passwords',
  'user.role.change': "change an account's role",
  'user.display-name': "change an account's display name",
  'password.change': 'change their password',
  'issuer.register': 'register card issuers',
  'card.register': 'register member cards',
  'card.read': 'see member cards',
  'card.revoke': 'revoke member cards',
  'card.replace': 'replace member cards',
  'kiosk.token.create': 'enrol kiosks',
  'kiosk.read': 'see kiosks',
  'kiosk.disable': 'disable kiosks',
  'meeting.create': 'schedule meetings',
  'meeting-kind.manage': 'manage the kinds of meeting',
  'meeting.read': 'see meetings',
  'attendance.read': 'see attendance',
  'audit.read': 'read the audit trail',
  'alarm.read': 'see security alarms',
  'session.read': 'see their session',
  'session.renew': 'renew their session',
  'session.end': 'sign out',
  'transfer.issue': 'issue transfer letters',
  'transfer.cancel': 'cancel transfer letters',
  'transfer.accept': 'accept transfer letters',
  'transfer.return': 'return transfer letters',
  'transfer.read': 'see transfer letters',
  'mobile.update': 'change mobile member registrations',
  'mobile.read': 'see mobile member registrations',
  'history.read': 'see membership and attendance histories',
  'flow.read': 'see member flows',
  'log.leaf.read': 'read entries of the event log',
  'finding.read': 'see reminders',
  'finding.act': 'act on reminders',
  'threshold.read': 'see reminder settings',
  'threshold.update': 'change reminder settings',
} as const satisfies Record<Action, string>;

/** A role's name in words ('the administrator role'). */
export const ROLE_NAME: Record<Role, string> = { admin: 'administrator', organiser: 'organiser', secretary: 'branch secretary', auditor: 'auditor' };
/** One person of a role, as a refusal speaks of them. */
export const ROLE_ONE: Record<Role, string> = { admin: 'an administrator', organiser: 'an organiser', secretary: 'a branch secretary', auditor: 'an auditor' };
const ROLE_ALL: Record<Role, string> = { admin: 'administrators', organiser: 'organisers', secretary: 'branch secretaries', auditor: 'auditors' };
const ROLE_ORDER: readonly Role[] = ['admin', 'organiser', 'secretary', 'auditor'];

/** 'administrators', 'administrators and organisers', 'administrators, organisers and auditors'. */
export function rolesInWords(roles: readonly Role[]): string {
  const words = ROLE_ORDER.filter((role) => roles.includes(role)).map((role) => ROLE_ALL[role]);
  return words.length <= 1 ? (words[0] ?? 'nobody') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
