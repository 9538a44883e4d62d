import type { IssuerJwk } from '../../../shared/verify/jwk.ts';
import type { AuditActor } from './audit.ts';

export interface IssuerReader {
  all(): Promise<IssuerJwk[]>;
}

export interface IssuerWriter {
  /** ERR_ISSUER_ALREADY_REGISTERED when the kid exists */
  register(jwk: IssuerJwk, now: string, actor: AuditActor): Promise<void>;
}
