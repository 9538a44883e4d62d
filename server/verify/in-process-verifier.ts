import type { KeyObject } from 'node:crypto';
import { IssuerTrust } from '../../shared/verify/issuer-trust.ts';
import { CredentialCache } from './credential-cache.ts';
import type { EventVerifier, VerifyRequest } from './event-verifier.ts';
import { publicKeyOf } from './node-signatures.ts';
import type { EventVerdict } from './verdicts.ts';
import { verifyReceivedEvent } from './verify-received-event.ts';

/** Credentials kept verified per verifier (about 2.5 KB each): the cards that tapped lately, across a county. */
export const CREDENTIAL_CACHE_CAPACITY = 10_000;

/**
 * Verifies on the calling thread, all events of a request concurrently. Each worker of the pool runs
 * one of these; with no workers the server uses one directly.
 */
export class InProcessEventVerifier implements EventVerifier {
  /** a kiosk key never changes for its kid (the kid is its thumbprint), so each is imported once */
  private readonly kioskKeys = new Map<string, KeyObject>();
  private trusted: { version: string; trust: IssuerTrust; credentials: CredentialCache } | undefined;

  constructor(private readonly cacheCapacity = CREDENTIAL_CACHE_CAPACITY) {}

  async verify(request: VerifyRequest): Promise<EventVerdict[]> {
    if (this.trusted?.version !== request.issuers.version) {
      // Verified credentials were verified against the old issuer set: they go with it.
      this.trusted = { version: request.issuers.version, trust: new IssuerTrust({ keys: request.issuers.keys }), credentials: new CredentialCache(this.cacheCapacity) };
    }
    const { trust, credentials } = this.trusted;
    let kioskKey = this.kioskKeys.get(request.kiosk.kid);
    if (!kioskKey) {
      kioskKey = publicKeyOf(request.kiosk.jwk);
      this.kioskKeys.set(request.kiosk.kid, kioskKey);
    }
    const deps = { kioskKid: request.kiosk.kid, kioskKey, trust, credentials };
    return Promise.all(request.events.map((jws) => verifyReceivedEvent(jws, deps)));
  }

  async close(): Promise<void> {
    this.kioskKeys.clear();
    this.trusted = undefined;
  }
}
