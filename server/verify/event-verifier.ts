import type { IssuerJwk } from '../../shared/verify/jwk.ts';
import type { Kiosk } from '../store/repositories/kiosks.ts';
import type { EventVerdict } from './verdicts.ts';

/** One batch's verification job: everything a verifier needs, so it can run in another thread. */
export interface VerifyRequest {
  kiosk: { kid: string; jwk: Kiosk['jwk'] };
  /** the issuer keys the server trusts; `version` changes whenever the set does */
  issuers: { version: string; keys: IssuerJwk[] };
  events: string[];
}

/** Verifies a batch's events (all the async crypto of ingest); verdicts come back in request order. */
export interface EventVerifier {
  verify(request: VerifyRequest): Promise<EventVerdict[]>;
  close(): Promise<void>;
}
