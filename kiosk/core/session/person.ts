import type { CredentialClaims } from '../../../shared/verify/credential-claims.ts';
import type { KioskConfig } from '../config/kiosk-config.ts';

/** Who tapped, as the screen shows it: the roster's name and home branch, or the card's own name. */
export interface Person {
  member: string;
  name: string;
  /** home organisation; unknown for a member from outside the roster (cards are good at any branch) */
  org?: string | undefined;
  orgName?: string | undefined;
}

export function personFor(claims: CredentialClaims, config: KioskConfig): Person {
  const entry = config.member(claims.sub);
  if (!entry) return { member: claims.sub, name: claims.name };
  return { member: claims.sub, name: entry.name, org: entry.org, ...(entry.orgName !== undefined && { orgName: entry.orgName }) };
}
