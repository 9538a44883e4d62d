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

export interface KioskReader {
  byKid(kid: string): Promise<Kiosk | undefined>;
  list(filter: OrgFilter): Promise<Kiosk[]>;
}

export interface KioskWriter {
  createEnrolmentToken(token: NewEnrolmentToken, now: string, actor: AuditActor): Promise<void>;
  /** consumes the token and creates the kiosk in one transaction, or changes nothing */
  enroll(enrolment: Enrolment, now: string): Promise<EnrolmentOutcome>;
  /** ERR_KIOSK_ALREADY_DISABLED when it is */
  disable(kid: string, now: string, actor: AuditActor): Promise<Kiosk>;
}
