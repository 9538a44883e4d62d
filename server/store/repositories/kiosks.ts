import type { Ed25519PublicJwk } from '../../schemas/kiosks.ts';
import type { OrgFilter } from '../org-filter.ts';
import type { AuditActor } from './audit.ts';

export interface Kiosk {
  kid: string;
  name: string;
  orgId: number;
  orgCode: string;
  orgPath: string;
  /** the public key as enrolled: kty, crv, x */
  jwk: Pick<Ed25519PublicJwk, 'kty' | 'crv' | 'x'>;
  enrolledAt: string;
  disabledAt: string | null;
}

/** A kiosk with what it last told the server about itself; all null until its first authenticated request. */
export interface ListedKiosk extends Kiosk {
  lastSeenAt: string | null;
  /** the kiosk's clock minus the server's at that request, in whole seconds */
  skewSeconds: number | null;
  /** null when it never reported a usable backlog */
  outboxPending: number | null;
  pendingReportedAt: string | null;
}

export interface NewEnrolmentToken {
  tokenHash: string;
  orgId: number;
  expiresAt: string;
}

export interface Enrolment {
  tokenHash: string;
  kid: string;
  name: string;
  jwk: Pick<Ed25519PublicJwk, 'kty' | 'crv' | 'x'>;
}

export type EnrolmentOutcome = { ok: true; kiosk: Kiosk } | { ok: false; reason: 'unknown-token' | 'used-token' | 'expired-token' | 'kid-taken' };

/** Where a page of the kiosk list begins: after the kiosk with this name and kid (the list's order). */
export interface KioskMarker {
  name: string;
  kid: string;
}

export interface KioskPageQuery {
  /** part of the name or kid, Latin letters in either case */
  search?: string;
  after?: KioskMarker;
  limit: number;
}

export interface KioskReader {
  byKid(kid: string): Promise<Kiosk | undefined>;
  /** the kiosks within the filter by name, then kid, from after `query.after`, at most `query.limit` */
  page(filter: OrgFilter, query: KioskPageQuery): Promise<ListedKiosk[]>;
}

export interface KioskWriter {
  createEnrolmentToken(token: NewEnrolmentToken, now: string, actor: AuditActor): Promise<void>;
  /** consumes the token and creates the kiosk in one transaction, or changes nothing */
  enroll(enrolment: Enrolment, now: string): Promise<EnrolmentOutcome>;
  /** ERR_KIOSK_ALREADY_DISABLED when it is */
  disable(kid: string, now: string, actor: AuditActor): Promise<Kiosk>;
}
