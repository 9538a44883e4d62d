import { ApiError } from '../errors.ts';
import type { Role } from '../schemas/common.ts';
import type { OrgFilter } from '../store/org-filter.ts';
import { ACTION_WORDS, ROLE_NAME, ROLE_ONE, rolesInWords } from './action-words.ts';
import type { Principal } from './principal.ts';

/**
 * The whole authorisation model, in one table: for each action, which roles may perform it and how
 * far their reach goes.
 * - `all`: anywhere (admins);
 * - `subtree`: the user's organisation and everything below it (organisers, auditors);
 * - `org`: the user's own organisation only (secretaries);
 * - `self`: the user's own account only.
 * Auditors never appear on a write to the organisation's data. Routes name their action; use cases call
 * `authorize` with the organisation the target belongs to, once it is known, or `authorizeAccount` with the
 * account. Changing one's own password or display name are the writes every role makes: they concern the
 * account itself, not the organisation's data.
 */
export type Reach = 'all' | 'subtree' | 'org' | 'self';

export const POLICY = {
  'org.create': { admin: 'all', organiser: 'subtree' },
  'org.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  'member.create': { admin: 'all', organiser: 'subtree' },
  'member.import': { admin: 'all', organiser: 'subtree' },
  'member.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  'member.period.add': { admin: 'all', organiser: 'subtree' },
  // A member's status (suspended, reinstated, left, deceased) is the organisation department's, like registering
  // the member: checked against the home organisation, so a host of a mobile member cannot change it. A branch
  // secretary reports the change to them.
  'member.status.change': { admin: 'all', organiser: 'subtree' },
  // Putting right a leaving or death recorded by mistake undoes what the organisation department recorded, so it is
  // not theirs alone: an admin does it, on their word, and the trail keeps both the mistake and the correction.
  'member.status.correct': { admin: 'all' },
  'user.create': { admin: 'all', organiser: 'subtree' },
  'user.read': { admin: 'all', organiser: 'subtree', auditor: 'subtree' },
  // Who may create a user may disable and re-enable them: organisers inside their subtree, never an admin.
  'user.disable': { admin: 'all', organiser: 'subtree' },
  // Linking an account to the member it belongs to, like creating it: inside the organiser's subtree.
  'user.update': { admin: 'all', organiser: 'subtree' },
  // Setting a forgotten password follows the same reach: organisers for users inside their subtree (an admin has no
  // organisation, so never an admin); admins for anyone. A role or organisation change is admins' alone: an
  // organiser could otherwise move a user out of reach, or past what they may grant.
  'user.password.reset': { admin: 'all', organiser: 'subtree' },
  'user.role.change': { admin: 'all' },
  // A misspelt name is put right by who looks after the account (admins anyone, organisers inside their subtree, so
  // never an admin) and by everyone for their own.
  'user.display-name': { admin: 'all', organiser: 'subtree', secretary: 'self', auditor: 'self' },
  'password.change': { admin: 'all', organiser: 'all', secretary: 'all', auditor: 'all' },
  'issuer.register': { admin: 'all' },
  'card.register': { admin: 'all', organiser: 'subtree' },
  'card.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  'card.revoke': { admin: 'all', organiser: 'subtree' },
  'card.replace': { admin: 'all', organiser: 'subtree' },
  'kiosk.token.create': { admin: 'all', organiser: 'subtree' },
  'kiosk.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  'kiosk.disable': { admin: 'all', organiser: 'subtree' },
  'meeting.create': { admin: 'all', organiser: 'subtree', secretary: 'org' },
  // Meeting kinds are one list for the whole tree.
  'meeting-kind.manage': { admin: 'all' },
  'meeting.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  'attendance.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  'audit.read': { admin: 'all', organiser: 'subtree', auditor: 'subtree' },
  'alarm.read': { admin: 'all', organiser: 'subtree', auditor: 'subtree' },
  'session.read': { admin: 'all', organiser: 'all', secretary: 'all', auditor: 'all' },
  // Renewing and signing out concern the session the request carries, nothing of the organisation's: every role, for
  // their own session only.
  'session.renew': { admin: 'all', organiser: 'all', secretary: 'all', auditor: 'all' },
  'session.end': { admin: 'all', organiser: 'all', secretary: 'all', auditor: 'all' },
  // Issue 5. Transfers: the sender issues and cancels (checked against the sending organisation), the
  // receiver accepts and returns (against the receiving one), so a secretary accepts only letters
  // addressed to their own organisation. Reading needs reach over either end.
  'transfer.issue': { admin: 'all', organiser: 'subtree', secretary: 'org' },
  'transfer.cancel': { admin: 'all', organiser: 'subtree', secretary: 'org' },
  'transfer.accept': { admin: 'all', organiser: 'subtree', secretary: 'org' },
  'transfer.return': { admin: 'all', organiser: 'subtree', secretary: 'org' },
  'transfer.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  // Mobile periods change like registering one ('member.period.add'), checked against the host organisation.
  'mobile.update': { admin: 'all', organiser: 'subtree' },
  'mobile.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  // Histories, flows and bundles: what touches an organisation within reach.
  'history.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  'flow.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  // A log leaf is an accepted event as signed: the member, their card's credential, the kiosk, the meeting, the time.
  // It follows the reach of the organisation whose kiosk signed it, as attendance and histories do; a secretary sees
  // their own organisation's, whose events the organisation's bundle already hands them. Checkpoints and proofs,
  // hashes only, stay public.
  'log.leaf.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  // Diagnostics: everyone sees the findings and thresholds within reach; those who run an organisation act
  // on its findings (auditors only read). Threshold rows at the whole tree (no organisation) are admins'.
  'finding.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  'finding.act': { admin: 'all', organiser: 'subtree', secretary: 'org' },
  'threshold.read': { admin: 'all', organiser: 'subtree', secretary: 'org', auditor: 'subtree' },
  'threshold.update': { admin: 'all', organiser: 'subtree' },
} as const satisfies Record<string, Partial<Record<Role, Reach>>>;

export type Action = keyof typeof POLICY;

/** Roles an organiser may hand out: never admin, and only inside their own subtree (checked by reach). */
export const GRANTABLE = {
  admin: ['admin', 'organiser', 'secretary', 'auditor'],
  organiser: ['organiser', 'secretary', 'auditor'],
  secretary: [],
  auditor: [],
} as const satisfies Record<Role, readonly Role[]>;

function reachOf(principal: Principal, action: Action): Reach {
  if (principal.kind === 'operator') return 'all';
  const rules: Partial<Record<Role, Reach>> = POLICY[action];
  const reach = rules[principal.user.role];
  if (!reach) {
    const allowed = rolesInWords(Object.keys(rules) as Role[]);
    throw new ApiError('ERR_FORBIDDEN', `${ROLE_ONE[principal.user.role]} may not ${ACTION_WORDS[action]}: only ${allowed} may`, { action, role: principal.user.role });
  }
  return reach;
}

/** The role check alone: the route layer calls this before any lookup, so a forbidden role learns nothing. */
export function authorizeRole(principal: Principal, action: Action): void {
  reachOf(principal, action);
}

/** The full check against the organisation (by its path) the target belongs to. */
export function authorize(principal: Principal, action: Action, target: { path: string } | null): void {
  const reach = reachOf(principal, action);
  if (reach === 'all' || principal.kind === 'operator') return;
  if (reach === 'self') throw new ApiError('ERR_OUT_OF_SCOPE', 'you may do that to your own account only', { action });
  const own = principal.user.orgPath;
  const inside = own !== null && target !== null && (reach === 'org' ? target.path === own : target.path.startsWith(own));
  if (!inside) throw new ApiError('ERR_OUT_OF_SCOPE', `that is outside your organisation${reach === 'subtree' ? ' and the organisations below it' : ''}`, { action });
}

/**
 * The check for an action on an account: one's own is within reach of every role the action names; anyone else's
 * by the organisation they belong to (an admin belongs to none, so only admins reach an admin).
 */
export function authorizeAccount(principal: Principal, action: Action, account: { id: number; orgPath: string | null }): void {
  reachOf(principal, action);
  if (principal.kind === 'user' && principal.user.id === account.id) return;
  authorize(principal, action, account.orgPath === null ? null : { path: account.orgPath });
}

/**
 * What a list may show: the requested organisation (after checking it is within reach), or by default
 * everything within the principal's reach.
 */
export function listScope(principal: Principal, action: Action, requested?: { path: string }): OrgFilter {
  const reach = reachOf(principal, action);
  if (requested) {
    authorize(principal, action, requested);
    return reach === 'org' ? { kind: 'org', path: requested.path } : { kind: 'subtree', path: requested.path };
  }
  if (reach === 'all' || principal.kind === 'operator') return { kind: 'all' };
  if (reach === 'self') throw new ApiError('ERR_FORBIDDEN', `${ROLE_ONE[principal.user.role]} may ${ACTION_WORDS[action]} only for their own account, which is not a list`, { action });
  const own = principal.user.orgPath;
  if (own === null) throw new ApiError('ERR_FORBIDDEN', 'this account has no organisation');
  return reach === 'org' ? { kind: 'org', path: own } : { kind: 'subtree', path: own };
}

export function assertCanGrant(principal: Principal, role: Role): void {
  if (principal.kind === 'operator') return;
  const grantable: readonly Role[] = GRANTABLE[principal.user.role];
  if (!grantable.includes(role)) {
    const granters = (Object.keys(GRANTABLE) as Role[]).filter((granter) => (GRANTABLE[granter] as readonly Role[]).includes(role));
    throw new ApiError('ERR_ROLE_NOT_GRANTABLE', `${ROLE_ONE[principal.user.role]} may not create accounts with the ${ROLE_NAME[role]} role: only ${rolesInWords(granters)} may`, { role });
  }
}

/** For targets that belong to several organisations (a member's home and mobile periods): one is enough. */
export function authorizeAny(principal: Principal, action: Action, targets: { path: string }[]): void {
  if (targets.length === 0) {
    authorize(principal, action, null);
    return;
  }
  let refusal: unknown;
  for (const target of targets) {
    try {
      authorize(principal, action, target);
      return;
    } catch (error) {
      refusal = error;
    }
  }
  throw refusal;
}
